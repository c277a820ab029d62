"""Placeholder: filled in by the feedback work."""

from ninja import Router

router = Router(tags=["relationship"])
