"""Placeholder: filled in by the lookback work."""

from ninja import Router

router = Router(tags=["integration"])
