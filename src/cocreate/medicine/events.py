"""What the medicine services announce: apps above medicine (integration) subscribe in their own subscribers.py."""

from __future__ import annotations

from dataclasses import dataclass

from cocreate.care.events import SessionEvent
from cocreate.medicine.models import MedicineRecord


@dataclass(frozen=True)
class MedicineReleased(SessionEvent):
    """The client has been released after a medicine session: the days after it begin."""

    record: MedicineRecord
