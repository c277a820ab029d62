"""Placeholder: filled in by the ruptures work."""

from ninja import Router

router = Router(tags=["relationship"])
