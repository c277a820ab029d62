"""How the library reacts to a new practice: it starts with the shipped topics."""

from __future__ import annotations

from cocreate.accounts.events import PracticeCreated
from cocreate.compose.events import subscribe
from cocreate.library.services import library_seed


@subscribe(PracticeCreated)
def seed_new_practice(event: PracticeCreated) -> None:
    library_seed(practice=event.practice)
