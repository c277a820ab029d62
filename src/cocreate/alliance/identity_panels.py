"""What who-we-are, profiles and the reflection journal add to the shared pages: "Who we are" on the engagement
page (beside the care team, with a link to each member's profile), the client's shared words about their
background beside the setting plan's form, links on "My care", the caseload and the practice's page, and the offer
to reflect after a session a facilitator held (waiting two days, until they write or say "not now")."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.access.policy import Relation
from cocreate.accounts.models import Practice, Role
from cocreate.agreements.beside import BESIDE_PROPOSAL, ProposalForm
from cocreate.alliance import identity, reflection
from cocreate.alliance.identity_profiles import facilitator_practices
from cocreate.compose.panels import (
    CASELOAD_TOP,
    ENGAGEMENT,
    MY_CARE,
    PRACTICE_LINKS,
    CaseloadPage,
    EngagementPage,
    MyCarePage,
    PracticePage,
)
from cocreate.compose.waiting import Reach, Waiting, provider

SETTING = "setting"


@ENGAGEMENT.panel("alliance.who_we_are", order=12, template="alliance/identity_panel.html")
def who_we_are(page: EngagementPage) -> Mapping[str, Any] | None:
    found = identity.who_we_are(page.access, page.actor)
    if found is None:
        return None
    return {"who": found, "who_is_client": page.access.relation is Relation.CLIENT}


@BESIDE_PROPOSAL.panel("alliance.background", order=10, template="alliance/identity_suggestions.html")
def background(page: ProposalForm) -> Mapping[str, Any] | None:
    """Beside the setting plan: what the client has shared about their cultural or spiritual background."""
    if page.kind != SETTING:
        return None
    found = identity.background_suggestions(page.access, page.actor)
    if not found:
        return None
    return {"suggestions": found, "suggestions_for_client": page.access.relation is Relation.CLIENT,
            "suggestions_client": page.access.engagement.client}


@MY_CARE.panel("alliance.who_i_am", order=80, template="alliance/identity_my_care.html")
def my_care_links(page: MyCarePage) -> Mapping[str, Any]:
    practices = list(Practice.objects.filter(memberships__user=page.actor, memberships__role=Role.CLIENT)
                     .distinct().order_by("name", "id"))
    return {"client_practices": practices}


@CASELOAD_TOP.panel("alliance.own_work", order=90, template="alliance/identity_caseload.html")
def caseload_links(page: CaseloadPage) -> Mapping[str, Any] | None:
    practices = facilitator_practices(page.actor)
    if not practices:
        return None
    return {"profile_practices": practices}


@PRACTICE_LINKS.panel("alliance.facilitators", order=50, template="alliance/identity_practice_link.html")
def facilitators_link(page: PracticePage) -> Mapping[str, Any]:
    return {}


@provider("alliance.reflection", side="team")
def reflect_after_session(reach: Reach) -> Iterator[Waiting]:
    """A gentle offer, for two days after a session the facilitator's care team held, to reflect on it."""
    if not reach.as_team:
        return
    for prompt in reflection.open_prompts(reach.actor, set(reach.as_team)):
        engagement = reach.engagement(prompt.session.engagement_id)
        yield Waiting(
            kind="alliance.reflection",
            label=_("A moment to reflect on your session with %(client)s?") % {"client": engagement.client.name},
            engagement_id=engagement.pk, client_name=engagement.client.name, since=prompt.since,
            due=prompt.since + reflection.PROMPT_OPEN,
            detail=_("for your own journal; it goes by itself after two days"),
            url=reverse("alliance_reflections") + f"?session={prompt.session.pk}#write",
        )
