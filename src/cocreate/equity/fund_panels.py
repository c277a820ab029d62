"""The fund's link on the practice home, for the practice's admins only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.accounts.models import Role
from cocreate.compose.panels import PRACTICE_LINKS, PracticePage


@PRACTICE_LINKS.panel("equity.fund", order=60, template="equity/fund_practice_link.html")
def fund_link(page: PracticePage) -> Mapping[str, Any] | None:
    return {} if Role.ADMIN in page.roles else None
