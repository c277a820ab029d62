"""What the measures contribute to the shared pages: the measures section of the engagement page, the flags
column of the caseload, the crisis resources on the practice's home, and what waits: questionnaires to fill in
for a client, flags to follow up for the care team."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.access.policy import Action
from cocreate.accounts.models import Role, User
from cocreate.compose.panels import (
    CASELOAD,
    CASELOAD_TOP,
    ENGAGEMENT,
    PRACTICE_HOME,
    PRACTICE_LINKS,
    CaseloadPage,
    EngagementPage,
    PracticePage,
)
from cocreate.compose.waiting import Reach, Waiting, provider, when
from cocreate.inbox.status import done_when
from cocreate.measures import badges, selectors
from cocreate.measures.models import FlagKind


@ENGAGEMENT.panel("measures.summary", order=60, template="measures/_engagement_panel.html")
def summary(page: EngagementPage) -> Mapping[str, Any]:
    engagement = page.access.engagement
    flags = (selectors.caseload_flags([engagement.pk]).get(engagement.pk)
             if page.access.may(Action.RESOLVE_FLAG) else None)
    return {"measures_flags": flags, "measures_flag_badges": badges.flag_badges(flags, engagement.pk)}


def flags_json(cell: selectors.CaseloadFlags | None) -> dict[str, Any]:
    """A caseload row's flags as the API gives them: each unresolved flag, and how many questionnaires are overdue."""
    cell = cell or selectors.CaseloadFlags()
    flags = sorted(cell.risk + cell.deterioration + cell.alliance, key=lambda f: (f.created, f.pk))
    return {"unresolved": [{"id": f.pk, "kind": f.kind, "instrument": f.instrument, "reason": f.reason,
                            "created": f.created.isoformat()} for f in flags],
            "overdue_questionnaires": cell.overdue}


@CASELOAD.column("measures.flags", order=50, header=gettext_lazy("Flags"), html=badges.caseload_cell,
                 api_name="flags", as_json=flags_json)
def flags_column(page: CaseloadPage) -> Mapping[int, Any]:
    return selectors.caseload_flags([e.pk for e in page.engagements])


@PRACTICE_LINKS.panel("measures.crisis_resources", order=20, template="measures/_practice_link.html")
def crisis_resources_link(page: PracticePage) -> Mapping[str, Any] | None:
    return {} if page.roles & {Role.ADMIN, Role.FACILITATOR} else None


@CASELOAD_TOP.panel("measures.setup", order=10, template="measures/_setup_crisis.html")
def setup_on_caseload(page: CaseloadPage) -> Mapping[str, Any] | None:
    """Until a practice words its own crisis resources, each of its facilitators is asked to."""
    missing = selectors.without_crisis_contact(list(page.practices))
    return {"setup_practices": missing} if missing else None


@PRACTICE_HOME.panel("measures.setup", order=10, template="measures/_setup_crisis.html")
def setup_on_practice_home(page: PracticePage) -> Mapping[str, Any] | None:
    if not page.roles & {Role.ADMIN, Role.FACILITATOR}:
        return None
    missing = selectors.without_crisis_contact([page.practice])
    return {"setup_practices": missing} if missing else None


@provider("measures.questionnaire", side="client")
def questionnaires_due(reach: Reach) -> Iterator[Waiting]:
    for administration in selectors.due_for_client(reach.actor, set(reach.as_client)):
        engagement = reach.engagement(administration.engagement_id)
        yield Waiting(
            kind="measures.questionnaire",
            label=_("Questionnaire to fill in: %(title)s") % {"title": administration.instrument_title},
            engagement_id=engagement.pk, client_name=engagement.client.name,
            since=administration.due_at, due=administration.expires_at,
            detail=_("open until %(when)s") % {"when": when(administration.expires_at)},
            url=reverse("questionnaire", args=[administration.pk]),
        )


FLAG_LABELS = {
    FlagKind.RISK: gettext_lazy("Follow up a risk answer"),
    FlagKind.DETERIORATION: gettext_lazy("Follow up a reliable deterioration"),
    FlagKind.ALLIANCE: gettext_lazy("Follow up a drop in the alliance"),
}


@provider("measures.flag", side="team")
def flags_to_follow_up(reach: Reach) -> Iterator[Waiting]:
    for flag in selectors.unresolved_flags(set(reach.as_team)):
        engagement = reach.engagement(flag.engagement_id)
        yield Waiting(
            kind=f"measures.flag.{flag.kind}", label=str(FLAG_LABELS[FlagKind(flag.kind)]),
            engagement_id=engagement.pk, client_name=engagement.client.name, since=flag.created,
            url=reverse("engagement_measures", args=[engagement.pk]) + f"#flag-{flag.pk}",
        )


@done_when("risk")
def risk_resolved(reader: User, response_ids: set[int]) -> set[int]:
    """A risk alert is resolved once someone has recorded what was done about every risk flag it raised."""
    return selectors.risk_resolved(response_ids)

