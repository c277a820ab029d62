"""What the protocols app adds to the shared pages: the readiness checklist on the engagement page, the protocol
link on the practice's home, and what waits — screening answers for a decision, a check-in before a session."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Role
from cocreate.care.models import OFF, Session, SessionKind, SessionStatus
from cocreate.compose.panels import ENGAGEMENT, PRACTICE_LINKS, EngagementPage, PracticePage
from cocreate.compose.waiting import Reach, Waiting, provider, when
from cocreate.protocols.models import ReadinessCheckin, ScreeningResponse
from cocreate.protocols.selectors import pack_of, packs_of, readiness_view

CHECKIN_BEFORE = timedelta(days=3)  # a check-in is asked for in the three days before a medicine session
OFFER_WITHIN = timedelta(days=30)  # after a medicine session, what the pack says to offer waits this long


@ENGAGEMENT.panel("protocols.readiness", order=15, template="protocols/_readiness_panel.html")
def readiness(page: EngagementPage) -> Mapping[str, Any] | None:
    found = readiness_view(page.access)
    pack = found.pack if found else pack_of(page.access.engagement)
    return {"checklist": found, "pack": pack, "is_client": page.access.relation.value == "client"}


@PRACTICE_LINKS.panel("protocols.protocol", order=15, template="protocols/_practice_link.html")
def protocol_link(page: PracticePage) -> Mapping[str, Any] | None:
    return {} if page.roles & {Role.ADMIN, Role.FACILITATOR} else None


@provider("protocols.screening", side="team")
def screenings_to_decide(reach: Reach) -> Iterator[Waiting]:
    newer = ScreeningResponse.objects.filter(engagement=OuterRef("engagement"), created__gt=OuterRef("created"))
    for response in (ScreeningResponse.objects.filter(engagement_id__in=set(reach.as_team), decisions__isnull=True)
                     .exclude(Exists(newer)).order_by("created")):
        engagement = reach.engagement(response.engagement_id)
        yield Waiting(kind="protocols.screening", label=_("Decide on screening answers"),
                      engagement_id=engagement.pk, client_name=engagement.client.name, since=response.created,
                      url=reverse("screening", args=[engagement.pk]))


@provider("protocols.checkin", side="client")
def checkins_due(reach: Reach) -> Iterator[Waiting]:
    now = timezone.now()
    recent = ReadinessCheckin.objects.filter(engagement=OuterRef("engagement"), created__gte=now - CHECKIN_BEFORE)
    for session in (Session.objects.filter(engagement_id__in=set(reach.as_client), kind=SessionKind.MEDICINE,
                                           status=SessionStatus.SCHEDULED, starts_at__gt=now,
                                           starts_at__lte=now + CHECKIN_BEFORE)
                    .exclude(Exists(recent)).order_by("starts_at")):
        engagement = reach.engagement(session.engagement_id)
        yield Waiting(kind="protocols.checkin", label=_("Check in before your medicine session"),
                      engagement_id=engagement.pk, client_name=engagement.client.name,
                      since=session.starts_at - CHECKIN_BEFORE, due=session.starts_at,
                      detail=_("the session is on %(when)s") % {"when": when(session.starts_at)},
                      url=reverse("checkin", args=[engagement.pk]))


@provider("protocols.offer", side="team")
def offers_after_medicine(reach: Reach) -> Iterator[Waiting]:
    """What a pack says the care team must offer after a medicine session (Oregon: an integration session), until
    a session of that kind is scheduled after it. The client may decline; the item then lapses after 30 days."""
    now = timezone.now()
    later = Session.objects.filter(engagement=OuterRef("engagement"), starts_at__gt=OuterRef("starts_at"),
                                   kind=SessionKind.INTEGRATION).exclude(status__in=OFF)
    held = list(Session.objects.filter(engagement_id__in=set(reach.as_team), kind=SessionKind.MEDICINE,
                                       status=SessionStatus.COMPLETED, starts_at__gte=now - OFFER_WITHIN)
                .exclude(Exists(later)).order_by("starts_at"))
    packs = packs_of({s.engagement_id for s in held})
    for session in held:
        engagement = reach.engagement(session.engagement_id)
        for offer in packs[session.engagement_id].offers_after_medicine:
            yield Waiting(kind="protocols.offer", label=offer.label, engagement_id=engagement.pk,
                          client_name=engagement.client.name, since=session.ends_at,
                          detail=_("after the medicine session of %(when)s (%(source)s)") % {
                              "when": when(session.starts_at), "source": offer.source.citation},
                          url=reverse("engagement", args=[engagement.pk]) + "#sessions")
