"""What the public page adds to the practice home: links to its settings (admins), one's own listing
(facilitators), and the consultation requests with how many wait (admins and facilitators)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.accounts.models import Role
from cocreate.compose.panels import PRACTICE_LINKS, PracticePage
from cocreate.equity.models import ConsultationRequest, RequestState


@PRACTICE_LINKS.panel("equity.public", order=60, template="equity/public_practice_link.html")
def public_links(page: PracticePage) -> Mapping[str, Any] | None:
    if not page.roles & {Role.ADMIN, Role.FACILITATOR}:
        return None
    waiting = ConsultationRequest.objects.filter(practice=page.practice, state=RequestState.NEW).count()
    return {"is_admin": Role.ADMIN in page.roles, "is_facilitator": Role.FACILITATOR in page.roles,
            "waiting": waiting}
