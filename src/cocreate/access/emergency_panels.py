"""What emergency access adds to the shared pages: the lead's banner on the engagement page, the client's notice on
"My care" while it lasts, and the practice home's links to the emergency and review pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.access import emergency
from cocreate.accounts.models import Role
from cocreate.compose.panels import ENGAGEMENT, MY_CARE, PRACTICE_LINKS, EngagementPage, MyCarePage, PracticePage


@ENGAGEMENT.panel("access.emergency", order=1, template="access/_emergency_banner.html")
def banner(page: EngagementPage) -> Mapping[str, Any] | None:
    if not page.access.is_emergency:
        return None
    grant = emergency.open_grant(page.actor, page.access.engagement)
    return {"grant": grant} if grant is not None else None


@MY_CARE.panel("access.emergency", order=1, template="access/_emergency_my_care.html")
def client_notice(page: MyCarePage) -> Mapping[str, Any] | None:
    grants = emergency.open_on_client(page.actor) if page.engagements else []
    return {"emergency_grants": grants} if grants else None


@PRACTICE_LINKS.panel("access.emergency", order=60, template="access/_emergency_link.html")
def links(page: PracticePage) -> Mapping[str, Any] | None:
    if not page.roles & {Role.ADMIN, Role.SUPERVISOR}:
        return None
    return {"lead": Role.SUPERVISOR in page.roles}
