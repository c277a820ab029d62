"""The topics every practice's library starts with, written for this project; each cites where its facts come from.

A practice may edit its copy. Seeding only adds topics whose short name (slug) the practice does not have yet, so
an edited or deleted topic is never overwritten.
"""

from __future__ import annotations

from cocreate.library.content.base import EDUCATION_NOTE, ShippedTopic
from cocreate.library.content.modalities import MODALITIES
from cocreate.library.content.substances import SUBSTANCES

SHIPPED: tuple[ShippedTopic, ...] = (*MODALITIES, *SUBSTANCES)

__all__ = ["EDUCATION_NOTE", "SHIPPED", "ShippedTopic"]
