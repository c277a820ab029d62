"""The shift tracker's API."""

from ninja import Router

router = Router(tags=["integration"])
