"""Placeholder: filled in by the identity work."""

from ninja import Router

router = Router(tags=["relationship"])
