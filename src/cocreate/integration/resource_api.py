"""Placeholder: filled in by the resource work."""

from ninja import Router

router = Router(tags=["integration"])
