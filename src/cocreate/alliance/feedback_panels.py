"""What feedback adds to the shared pages: its section on the engagement page; what waits (for the client, "How was
this session for you?" after the held sessions the cadence asks about; for the care team, feedback to acknowledge,
ageing visibly); for the practice's clinical lead, a line on the caseload about what clients sent them; the question
asked when a session is marked held; and the inbox's "done" once feedback is acknowledged."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocreate.access.policy import Relation
from cocreate.accounts.models import User
from cocreate.alliance import feedback as found
from cocreate.alliance.models import Acknowledgement
from cocreate.care.events import SessionCompleted
from cocreate.compose.events import subscribe
from cocreate.compose.panels import CASELOAD_TOP, ENGAGEMENT, CaseloadPage, EngagementPage
from cocreate.compose.waiting import Reach, Waiting, provider
from cocreate.inbox.status import done_when


@ENGAGEMENT.panel("alliance.feedback", order=44, template="alliance/feedback_panel.html")
def feedback_panel(page: EngagementPage) -> Mapping[str, Any]:
    access = page.access
    mine = access.relation is Relation.CLIENT
    latest = found.visible(access, page.actor).first()
    if latest is not None and not mine:
        found.seen(page.actor, access)  # the latest feedback is shown: a read of it
    waiting, oldest = (0, None) if mine else found.waiting_count(access)
    return {
        "feedback_is_client": mine, "feedback_latest": latest,
        "feedback_latest_acknowledged": latest is not None and hasattr(latest, "acknowledgement"),
        "feedback_asks": found.asks([access.engagement.pk]).get(access.engagement.pk, []) if mine else [],
        "feedback_waiting": waiting, "feedback_waited": found.waited(oldest) if oldest else "",
        "feedback_cadence": found.cadence_words(found.cadence_of(access.engagement)),
    }


@provider("alliance.feedback_ask", side="client")
def how_was_the_session(reach: Reach) -> Iterator[Waiting]:
    """The client is asked about the held sessions the cadence chose, for two weeks; nothing is required."""
    if not reach.as_client:
        return
    for engagement_id, asks in found.asks(set(reach.as_client)).items():
        engagement = reach.engagement(engagement_id)
        for ask in asks:
            session = ask.session
            yield Waiting(
                kind="alliance.feedback_ask", label=_("How was this session for you?"),
                engagement_id=engagement.pk, client_name=engagement.client.name, since=session.ends_at, due=ask.until,
                detail=_("the %(kind)s session of %(day)s; a few ratings if you like, nothing is required") % {
                    "kind": session.get_kind_display().lower(),
                    "day": date_format(timezone.localtime(session.starts_at), "j M")},
                url=found.session_url(engagement.pk, session.pk))


@provider("alliance.feedback", side="team")
def feedback_to_acknowledge(reach: Reach) -> Iterator[Waiting]:
    """The care team: every piece of feedback sent to them waits until one of them acknowledges it, and says how
    long it has waited."""
    if not reach.as_team:
        return
    now = timezone.now()
    for feedback in found.unacknowledged(set(reach.as_team)):
        engagement = reach.engagement(feedback.engagement_id)
        yield Waiting(
            kind="alliance.feedback",
            label=_("Read and acknowledge feedback") if feedback.kind == "session"
            else _("Read and acknowledge a message"),
            engagement_id=engagement.pk, client_name=engagement.client.name, since=feedback.created,
            detail=found.waited(feedback.created, now), url=found.detail_url(feedback))


@CASELOAD_TOP.panel("alliance.feedback_to_lead", order=15, template="alliance/feedback_lead_panel.html")
def sent_to_the_lead(page: CaseloadPage) -> Mapping[str, Any] | None:
    """For a clinical lead: what clients sent them instead of their care team, and how much of it waits."""
    if not found.is_lead_anywhere(page.actor):
        return None
    rows = found.lead_rows(page.actor).filter(acknowledgement__isnull=True)
    waiting = list(rows.order_by("created").values_list("created", flat=True)[:1])
    return {"lead_waiting": rows.count(), "lead_waited": found.waited(waiting[0]) if waiting else ""}


@subscribe(SessionCompleted)
def ask_after_the_session(event: SessionCompleted) -> None:
    # Inside the marking's transaction: the client is told with it, or not at all.
    found.ask_notice(event.engagement, event.session)


@done_when("feedback")
def acknowledged(reader: User, feedback_ids: set[int]) -> set[int]:
    return set(Acknowledgement.objects.filter(feedback_id__in=feedback_ids).values_list("feedback_id", flat=True))
