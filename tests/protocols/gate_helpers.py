"""Shortcuts for the gate's tests: put an engagement under a pack, and make each of its requirements hold (or fall
short in one of the ways people leave them) through the same services the pages and the API call."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.accounts.models import User
from cocreate.agreements import services as agreements
from cocreate.agreements.models import Revision, RevisionState
from cocreate.care import services as care
from cocreate.care.models import Engagement, Kind, Phase, Session, SessionKind
from cocreate.measures import flag_services
from cocreate.measures import services as measures
from cocreate.measures.models import Flag
from cocreate.protocols import services
from cocreate.protocols.models import Acknowledgement, ReadinessCheckin, ScreeningResponse
from cocreate.protocols.screening import questions
from cocreate.protocols.selectors import current_form, pack_of
from tests.agreements.helpers import touch
from tests.conftest import World
from tests.measures.service_helpers import every

# Content that each kind of shared document accepts; touch within every pack's kinds.
CONTENT: dict[str, dict[str, Any]] = {
    "intentions": {"goals": [{"words": "Feel at home in my body again"}]},
    "safety": {"what_helps": "A walk, then tea", "contacts": [{"name": "Sam", "relation": "sister"}]},
    "transport": {"driver": "Sam", "pickup": "6 pm at the door"},
    "touch_consent": touch(hug="yes", hand_holding="ask_first"),
}


def access(user: User, engagement: Engagement) -> EngagementAccess:
    return engagement_access(user, engagement)


def under(world: World, engagement: Engagement, pack: str) -> None:
    services.engagement_pack_change(actor=world.alice, access=access(world.alice, engagement), pack=pack,
                                    reason=f"The practice works under {pack} now")


def open_engagement(world: World, client: User, pack: str) -> Engagement:
    """A new psychedelic-assisted engagement of alice and bea, under `pack`."""
    engagement = care.engagement_create(actor=world.alice, practice=world.practice, client_id=client.pk,
                                        kind=Kind.PSYCHEDELIC_ASSISTED)
    care.care_team_add(actor=world.alice, access=access(world.alice, engagement), facilitator_id=world.bea.pk)
    under(world, engagement, pack)
    return engagement


def move(world: World, engagement: Engagement, *phases: str, actor: User | None = None) -> None:
    actor = actor or world.alice
    for phase in phases:
        care.phase_transition(actor=actor, access=access(actor, engagement), to_phase=phase, reason="")
    engagement.refresh_from_db()


def to_preparation(world: World, engagement: Engagement) -> None:
    move(world, engagement, Phase.SCREENING, Phase.PREPARATION)


# --- each requirement --------------------------------------------------------------------------------------------


def answers(engagement: Engagement, **yes: str) -> dict[str, str]:
    """An answer to every screening question of the engagement's pack: "no", except those given."""
    found = {q.key: "no" if q.type == "yes_no" else "" for q in questions(pack_of(engagement))}
    found.update(yes)
    return found


def screen(world: World, engagement: Engagement, outcome: str | None = "eligible") -> ScreeningResponse:
    """The client answers the screening; alice decides `outcome` (None: the answers wait for a decision)."""
    client = engagement.client
    response = services.screening_submit(actor=client, access=access(client, engagement), answers=answers(engagement))
    if outcome is not None:
        services.screening_decide(actor=world.alice, access=access(world.alice, engagement), outcome=outcome,
                                  rationale="We went through your answers together.",
                                  conditions="Someone stays with you the night after" if "conditions" in outcome
                                  else "")
    return response


def respond(engagement: Engagement, form: str, choice: str = "acknowledged") -> Acknowledgement:
    """The client's choice on the practice's current version of the form."""
    client = engagement.client
    number = current_form(engagement.practice, pack_of(engagement), form).number
    return services.form_respond(actor=client, access=access(client, engagement), form=form, version=number,
                                 choice=choice)


def propose(engagement: Engagement, kind: str, content: dict[str, Any] | None = None) -> Revision:
    """The client proposes the document (on top of its latest revision)."""
    client = engagement.client
    latest = Revision.objects.filter(document__engagement=engagement, document__kind=kind).order_by("-number").first()
    return agreements.revision_propose(actor=client, access=access(client, engagement), kind=kind,
                                       content=content or CONTENT[kind], based_on=latest.number if latest else None)


def agree(world: World, engagement: Engagement, kind: str, content: dict[str, Any] | None = None) -> Revision:
    """The client proposes and the care team accepts, as many of them as the kind needs: it is in force."""
    revision = propose(engagement, kind, content)
    for member in (world.alice, world.bea):
        revision.refresh_from_db()
        if revision.state == RevisionState.PROPOSED:
            agreements.revision_accept(actor=member, access=access(member, engagement), revision=revision)
    revision.refresh_from_db()
    assert revision.state == RevisionState.AGREED
    return revision


def preparation(world: World, engagement: Engagement, starts_at: datetime | None = None, *, held: bool = True
                ) -> Session:
    """A preparation session (two days ago unless given), marked as held unless `held` is False."""
    session = care.session_schedule(actor=world.alice, access=access(world.alice, engagement),
                                    kind=SessionKind.PREPARATION,
                                    starts_at=starts_at or timezone.now() - timedelta(days=2), duration_minutes=90)
    if held:
        care.session_complete(actor=world.alice, access=access(world.alice, engagement), session=session)
    return session


def check_in(engagement: Engagement, readiness: str = "ready") -> ReadinessCheckin:
    client = engagement.client
    return services.checkin_submit(actor=client, access=access(client, engagement), readiness=readiness)


def risk_answer(engagement: Engagement) -> Flag:
    """The client answers PHQ-9 item 9 above "not at all": a risk flag waits for the care team."""
    client = engagement.client
    administration = measures.administration_adhoc(actor=client, access=access(client, engagement),
                                                   instrument="phq9")
    score = measures.response_submit(actor=client, access=access(client, engagement), administration=administration,
                                     answers=every("phq9", 0, **{"9": 1}))
    return Flag.objects.get(score=score, kind="risk")


def resolve(world: World, flag: Flag) -> Flag:
    return flag_services.flag_resolve(actor=world.alice, access=access(world.alice, flag.engagement), flag=flag,
                                      action="We talked the same day and reviewed the safety plan.")


def everything(world: World, engagement: Engagement) -> None:
    """Every requirement of the engagement's pack for moving into the medicine phase and scheduling a medicine
    session holds (the engagement is left in the preparation phase)."""
    pack = pack_of(engagement)
    if engagement.phase == Phase.CONSULTATION:
        to_preparation(world, engagement)
    for r in pack.requirements:
        if r.kind == "screening":
            screen(world, engagement)
        elif r.kind == "form":
            respond(engagement, r.form or "")
        elif r.kind == "agreement":
            agree(world, engagement, r.document or "")
        elif r.kind == "sessions_held":
            for _ in range(r.count or 1):
                preparation(world, engagement)
        elif r.kind == "readiness":
            check_in(engagement)
