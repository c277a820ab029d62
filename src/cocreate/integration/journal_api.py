"""Placeholder: filled in by the journal work."""

from ninja import Router

router = Router(tags=["integration"])
