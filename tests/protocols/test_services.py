"""The protocols app's actions under Oregon's pack: screening answered and decided, forms acknowledged (and read
again when the practice words them anew), readiness check-ins, practice rules set aside, the client postponing a
medicine session, the gate on the medicine phase and on medicine sessions, and the engagement's pack changed."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cocreate.access.policy import NotAllowed
from cocreate.accounts.models import User
from cocreate.care import services as care
from cocreate.care.models import Engagement, Phase, PhaseTransition, Session, SessionChange, SessionKind, SessionStatus
from cocreate.compose.gates import GateClosed
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.protocols import services
from cocreate.protocols.facts import form_states, screening_state
from cocreate.protocols.models import Acknowledgement, ReadinessCheckin, ScreeningResponse, SetAside
from cocreate.protocols.selectors import checklist, current_form, pack_history, pack_of, readiness_view
from tests.conftest import World
from tests.protocols.gate_helpers import (
    access,
    agree,
    answers,
    check_in,
    everything,
    respond,
    screen,
    to_preparation,
    under,
)

OREGON = "oregon_psilocybin"


@pytest.fixture
def oregon(world: World) -> Engagement:
    """Dana's engagement, moved to Oregon's pack; inboxes emptied of the move's notices."""
    under(world, world.engagement, OREGON)
    Notice.objects.all().delete()
    return world.engagement


def notices(user: User, kind: str) -> list[Notice]:
    return list(Notice.objects.filter(recipient=user, kind=kind))


def state_of(engagement: Engagement, key: str, act: str = "phase") -> str:
    [item] = [i for i in checklist(engagement, act).items if i.check.requirement.key == key]
    return item.check.state


def medicine(world: World, engagement: Engagement, starts_at: datetime, minutes: int = 300,
             dose: str | None = "25") -> Session:
    return care.session_schedule(actor=world.alice, access=access(world.alice, engagement), kind=SessionKind.MEDICINE,
                                 starts_at=starts_at, duration_minutes=minutes, planned_dose_mg=dose)


# --- screening ---------------------------------------------------------------------------------------------------


def test_the_clients_answers_raise_the_packs_flags_with_severity_and_source(world: World, oregon: Engagement) -> None:
    response = services.screening_submit(actor=world.dana, access=access(world.dana, oregon),
                                         answers=answers(oregon, lithium_30d="yes", interpreter="yes"))

    assert (response.pack, response.entered_by, response.with_client) == (OREGON, world.dana, False)
    assert [(f["question"], f["severity"]) for f in response.flags] == [("lithium_30d", "not_eligible"),
                                                                        ("interpreter", "discussion")]
    lithium = response.flags[0]
    assert "OAR 333-333-5050" in lithium["source"]
    assert lithium["reason"].startswith("Oregon's rules do not allow a psilocybin session within 30 days")
    assert screening_state(oregon) == "undecided"
    assert state_of(oregon, "client_information") == "Answered; waiting for a clinician's decision"
    for member in (world.alice, world.bea):
        [notice] = notices(member, NoticeKind.SCREENING_ANSWERED)
        assert notice.title == "Dana answered the screening questions."
    assert notices(world.dana, NoticeKind.SCREENING_ANSWERED) == []


def test_the_care_team_enters_answers_only_with_the_client(world: World, oregon: Engagement) -> None:
    with pytest.raises(ValidationError) as refused:
        services.screening_submit(actor=world.alice, access=access(world.alice, oregon), answers=answers(oregon))
    assert "with_client" in refused.value.message_dict
    assert not ScreeningResponse.objects.exists()

    response = services.screening_submit(actor=world.alice, access=access(world.alice, oregon),
                                         answers=answers(oregon), with_client=True)
    assert (response.entered_by, response.with_client) == (world.alice, True)


def test_a_clinician_decides_not_eligible_now_and_the_client_is_told(world: World, oregon: Engagement) -> None:
    services.screening_submit(actor=world.dana, access=access(world.dana, oregon),
                              answers=answers(oregon, lithium_30d="yes"))
    with pytest.raises(ValidationError, match="rationale"):
        services.screening_decide(actor=world.alice, access=access(world.alice, oregon), outcome="not_eligible_now",
                                  rationale=" ")
    with pytest.raises(NotAllowed):
        services.screening_decide(actor=world.dana, access=access(world.dana, oregon), outcome="eligible",
                                  rationale="I feel fine")

    decision = services.screening_decide(actor=world.alice, access=access(world.alice, oregon),
                                         outcome="not_eligible_now",
                                         rationale="Lithium in the last 30 days: we can look again in a month.")
    assert (decision.outcome, decision.clinician) == ("not_eligible_now", world.alice)
    [notice] = notices(world.dana, NoticeKind.SCREENING_DECIDED)
    assert notice.title == "Alice recorded a screening decision: Not eligible now."
    assert notice.url == reverse("screening", args=[oregon.pk])
    assert len(notices(world.bea, NoticeKind.SCREENING_DECIDED)) == 1
    assert notices(world.alice, NoticeKind.SCREENING_DECIDED) == []  # not told of what she did herself
    assert state_of(oregon, "client_information") == "Decided: not eligible now"


def test_changed_answers_make_a_new_response_and_reopen_a_decided_screening(world: World, oregon: Engagement) -> None:
    first = screen(world, oregon, "eligible")
    assert screening_state(oregon) == "eligible"
    Notice.objects.all().delete()

    with pytest.raises(ValidationError, match="Nothing changed"):
        services.screening_submit(actor=world.dana, access=access(world.dana, oregon), answers=answers(oregon))
    second = services.screening_submit(actor=world.dana, access=access(world.dana, oregon),
                                       answers=answers(oregon, harm_history="yes"))

    assert second.pk != first.pk and ScreeningResponse.objects.filter(engagement=oregon).count() == 2
    assert first.decisions.get().outcome == "eligible"  # the decision stays with the answers it was made on
    assert screening_state(oregon) == "undecided"
    assert not checklist(oregon, "phase").open
    for member in (world.alice, world.bea):
        [notice] = notices(member, NoticeKind.SCREENING_ANSWERED)
        assert notice.title == "Dana changed screening answers: the screening is open again."


# --- forms -------------------------------------------------------------------------------------------------------


def test_a_new_wording_of_an_acknowledged_form_must_be_read_again(world: World, oregon: Engagement) -> None:
    pack = pack_of(oregon)
    first = respond(oregon, "informed_consent")
    assert (first.version.number, first.version.author) == (1, None)  # the pack's starting text
    assert form_states(oregon, pack)["informed_consent"] == "acknowledged"

    shown = current_form(world.practice, pack, "informed_consent")
    published = services.form_publish(actor=world.alice, practice=world.practice, pack=pack, form="informed_consent",
                                      title=shown.title, body=shown.body + "\n\nOur centre is step-free.")
    assert published.number == 2

    assert form_states(oregon, pack)["informed_consent"] == "outdated"
    assert state_of(oregon, "informed_consent") == "A new version waits to be read"
    with pytest.raises(ValidationError, match="newer version"):
        services.form_respond(actor=world.dana, access=access(world.dana, oregon), form="informed_consent",
                              version=1, choice="acknowledged")
    respond(oregon, "informed_consent")
    assert form_states(oregon, pack)["informed_consent"] == "acknowledged"


def test_publishing_the_text_in_use_again_is_refused(world: World, oregon: Engagement) -> None:
    pack = pack_of(oregon)
    shown = current_form(world.practice, pack, "bill_of_rights")
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.form_publish(actor=world.alice, practice=world.practice, pack=pack, form="bill_of_rights",
                              title=shown.title, body=shown.body)
    with pytest.raises(NotAllowed):
        services.form_publish(actor=world.dana, practice=world.practice, pack=pack, form="bill_of_rights",
                              title=shown.title, body="Something else")


def test_declining_a_form_needs_no_reason(world: World, oregon: Engagement) -> None:
    declined = services.form_respond(actor=world.dana, access=access(world.dana, oregon), form="data_opt_out",
                                     version=1, choice="declined")
    assert (declined.choice, declined.actor) == ("declined", world.dana)
    assert form_states(oregon, pack_of(oregon))["data_opt_out"] == "declined"
    assert state_of(oregon, "data_opt_out") == "Declined"
    [notice] = notices(world.alice, NoticeKind.FORM_CHOICE)
    assert notice.title == "Dana: State data collection and your choice to opt out — Declined."


def test_only_the_client_acknowledges_a_form(world: World, oregon: Engagement) -> None:
    for member in (world.alice, world.bea):
        with pytest.raises(NotAllowed):
            services.form_respond(actor=member, access=access(member, oregon), form="informed_consent", version=1,
                                  choice="acknowledged")
    assert not Acknowledgement.objects.exists()


# --- readiness check-ins -----------------------------------------------------------------------------------------


def test_the_check_in_is_the_clients_and_postponing_needs_nothing_else(world: World, oregon: Engagement) -> None:
    with pytest.raises(NotAllowed):
        services.checkin_submit(actor=world.alice, access=access(world.alice, oregon), readiness="ready")
    with pytest.raises(ValidationError):
        services.checkin_submit(actor=world.dana, access=access(world.dana, oregon), readiness="maybe")

    checkin = services.checkin_submit(actor=world.dana, access=access(world.dana, oregon), readiness="postpone")

    assert (checkin.readiness, checkin.how_i_am, checkin.sleep, checkin.anything_new, checkin.questions) == (
        "postpone", "", "", "", "")
    assert ReadinessCheckin.objects.count() == 1
    assert state_of(oregon, "readiness") == "The client wants to postpone"
    [notice] = notices(world.bea, NoticeKind.READINESS_CHECKIN)
    assert notice.title == "Dana checked in: I want to postpone."


# --- setting a rule aside ----------------------------------------------------------------------------------------


def test_a_regulatory_rule_cannot_be_set_aside(world: World, oregon: Engagement) -> None:
    with pytest.raises(ValidationError) as refused:
        services.rule_set_aside(actor=world.alice, access=access(world.alice, oregon), requirement="informed_consent",
                                reason="She read it on paper")
    [message] = refused.value.message_dict["requirement"]
    assert message == ("Informed consent acknowledged is a rule of OAR 333-333-5000 (preparation session: informed "
                       "consent): it cannot be set aside.")
    assert not SetAside.objects.exists()


def test_a_practice_rule_set_aside_opens_the_gate_and_restoring_it_closes_it(world: World, oregon: Engagement) -> None:
    everything(world, oregon)
    check_in(oregon, "talk_first")
    with pytest.raises(GateClosed) as refused:
        care.phase_transition(actor=world.alice, access=access(world.alice, oregon), to_phase=Phase.MEDICINE,
                              reason="")
    assert [u.key for u in refused.value.unmet] == ["readiness"]

    with pytest.raises(NotAllowed):
        services.rule_set_aside(actor=world.dana, access=access(world.dana, oregon), requirement="readiness",
                                reason="I am ready")
    with pytest.raises(ValidationError, match="reason"):
        services.rule_set_aside(actor=world.alice, access=access(world.alice, oregon), requirement="readiness",
                                reason="")
    Notice.objects.all().delete()
    services.rule_set_aside(actor=world.alice, access=access(world.alice, oregon), requirement="readiness",
                            reason="We talked it through on the phone this morning.")

    [item] = [i for i in checklist(oregon, "phase").items if i.check.requirement.key == "readiness"]
    assert (item.check.met, item.check.ok) == (False, True)
    assert item.check.set_aside == "Set aside by Alice: We talked it through on the phone this morning."
    assert checklist(oregon, "phase").open
    assert [n.title for n in Notice.objects.filter(recipient=world.dana)] == ["Alice set aside “A readiness check-in "
                                                                              "in the last 14 days says ready”."]

    services.rule_restore(actor=world.alice, access=access(world.alice, oregon), requirement="readiness")
    assert not checklist(oregon, "phase").open
    services.rule_set_aside(actor=world.alice, access=access(world.alice, oregon), requirement="readiness",
                            reason="We talked it through again.")
    care.phase_transition(actor=world.alice, access=access(world.alice, oregon), to_phase=Phase.MEDICINE, reason="")
    oregon.refresh_from_db()
    assert oregon.phase == Phase.MEDICINE


# --- the gate on the medicine phase and on medicine sessions ------------------------------------------------------


def test_moving_into_medicine_with_nothing_done_names_each_rule_and_its_source(world: World, oregon: Engagement
                                                                                ) -> None:
    to_preparation(world, oregon)
    with pytest.raises(GateClosed) as refused:
        care.phase_transition(actor=world.alice, access=access(world.alice, oregon), to_phase=Phase.MEDICINE,
                              reason="Let's go")

    pack = pack_of(oregon)
    sources = {r.key: r.source.citation for r in pack.requirements}
    unmet = refused.value.unmet
    assert [u.key for u in unmet] == ["client_information", "bill_of_rights", "informed_consent", "data_opt_out",
                                      "safety_plan", "transport_plan", "touch_consent", "preparation_held",
                                      "readiness"]  # no touch agreed is within the kinds; no risk answer waits
    assert all(u.source == sources[u.key] for u in unmet)
    assert refused.value.headline == ("Not yet: the medicine phase needs every requirement of Oregon psilocybin "
                                      "services.")
    assert ("Informed consent acknowledged: Not read yet (OAR 333-333-5000 (preparation session: informed consent))"
            in refused.value.messages)
    states = {u.key: u.state for u in unmet}
    assert (states["client_information"], states["preparation_held"], states["readiness"]) == (
        "Not yet answered", "0 of 1 held", "No check-in yet")  # the world's preparation session is still ahead
    oregon.refresh_from_db()
    assert oregon.phase == Phase.PREPARATION
    assert not PhaseTransition.objects.filter(engagement=oregon, to_phase=Phase.MEDICINE).exists()


def test_everything_done_moves_into_medicine(world: World, oregon: Engagement) -> None:
    everything(world, oregon)
    assert checklist(oregon, "phase").open
    care.phase_transition(actor=world.alice, access=access(world.alice, oregon), to_phase=Phase.MEDICINE, reason="")
    oregon.refresh_from_db()
    assert oregon.phase == Phase.MEDICINE


def test_a_medicine_session_needs_a_dose_and_the_length_it_calls_for(world: World, oregon: Engagement) -> None:
    everything(world, oregon)
    starts_at = timezone.now() + timedelta(days=3)

    with pytest.raises(GateClosed) as too_short:
        medicine(world, oregon, starts_at, minutes=30, dose="25")
    [unmet] = too_short.value.unmet
    assert (unmet.key, unmet.state) == ("dose_duration", "25 mg needs a session of at least 5 h; this one is 30 min")
    with pytest.raises(GateClosed) as no_dose:
        medicine(world, oregon, starts_at, dose=None)
    assert [(u.key, u.state) for u in no_dose.value.unmet] == [
        ("dose_duration", "Give the planned dose of psilocybin analyte in mg")]
    assert not Session.objects.filter(kind=SessionKind.MEDICINE).exists()

    session = medicine(world, oregon, starts_at, minutes=300, dose="25")
    assert (session.planned_dose_mg, session.duration_minutes) == (Decimal("25.00"), 300)


def test_moving_a_medicine_session_is_checked_against_its_time_and_dose_only(world: World, oregon: Engagement
                                                                             ) -> None:
    everything(world, oregon)
    session = medicine(world, oregon, timezone.now() + timedelta(days=3))
    check_in(oregon, "talk_first")  # the whole gate would refuse a new session now

    alice = access(world.alice, oregon)
    later = care.session_reschedule(actor=world.alice, access=alice, session=session, location="",
                                    starts_at=session.starts_at + timedelta(days=1), duration_minutes=300)
    assert later.planned_dose_mg == Decimal("25.00")  # kept when no new dose is given
    with pytest.raises(GateClosed) as refused:
        care.session_reschedule(actor=world.alice, access=alice, session=session, location="",
                                starts_at=session.starts_at, duration_minutes=240)
    assert [u.key for u in refused.value.unmet] == ["dose_duration"]
    with pytest.raises(GateClosed) as new_one:
        medicine(world, oregon, timezone.now() + timedelta(days=10))
    assert [u.key for u in new_one.value.unmet] == ["readiness"]


def next_spring_forward(zone: ZoneInfo) -> datetime:
    """The next day, at least a week ahead, on which the zone's clocks go forward."""
    day = timezone.localdate() + timedelta(days=7)
    for _ in range(400):
        before, after = (datetime.combine(day + timedelta(days=d), time(12), zone) for d in (0, 1))
        if (after.utcoffset() or timedelta(0)) > (before.utcoffset() or timedelta(0)):
            return datetime.combine(day + timedelta(days=1), time(0), zone)
        day += timedelta(days=1)
    raise AssertionError("no daylight-saving change within a year")


def test_a_preparation_at_10_the_day_before_the_clocks_go_forward_is_only_23_hours_before_10(
        world: World, oregon: Engagement) -> None:
    # The practice's facilitators give local times, as the scheduling form does in their zone.
    zone = ZoneInfo("America/Los_Angeles")
    world.practice.time_zone = zone.key
    world.practice.save(update_fields=["time_zone"])
    to_preparation(world, oregon)
    screen(world, oregon)
    for form in ("bill_of_rights", "informed_consent", "data_opt_out"):
        respond(oregon, form)
    for kind in ("safety", "transport", "touch_consent"):
        agree(world, oregon, kind)
    check_in(oregon)
    day = next_spring_forward(zone)
    care.session_schedule(actor=world.alice, access=access(world.alice, oregon), kind=SessionKind.PREPARATION,
                          starts_at=day.replace(hour=10) - timedelta(days=1), duration_minutes=90)
    # The world's own preparation session, two days from now, is not the one meant here.
    care.session_cancel(actor=world.alice, access=access(world.alice, oregon), session=world.session,
                        reason="Moved to the day before the medicine session")

    with pytest.raises(GateClosed) as refused:
        medicine(world, oregon, day.replace(hour=10))
    assert [u.key for u in refused.value.unmet] == ["preparation_window"]
    assert medicine(world, oregon, day.replace(hour=11)).starts_at == day.replace(hour=11)


def test_the_client_postpones_a_medicine_session_without_a_reason(world: World, oregon: Engagement) -> None:
    everything(world, oregon)
    session = medicine(world, oregon, timezone.now() + timedelta(days=3))
    view = readiness_view(access(world.dana, oregon))
    assert view is not None and view.session == session and view.act == "start"
    Notice.objects.all().delete()

    with pytest.raises(NotAllowed):
        care.session_postpone(actor=world.alice, access=access(world.alice, oregon), session=session)
    postponed = care.session_postpone(actor=world.dana, access=access(world.dana, oregon), session=session)

    assert (postponed.status, postponed.cancel_reason) == (SessionStatus.POSTPONED, "")
    change = SessionChange.objects.filter(session=session).latest("at")
    assert (change.action, change.actor, change.reason) == (SessionChange.Action.POSTPONED, world.dana, "")
    for member in (world.alice, world.bea):
        [notice] = notices(member, NoticeKind.SESSION_CANCELLED)
        assert notice.title.startswith("Dana postponed a session: Medicine session")
    view = readiness_view(access(world.dana, oregon))
    assert view is not None and view.session is None and view.act == "phase"


# --- the engagement's pack ---------------------------------------------------------------------------------------


def test_changing_the_pack_needs_a_reason_and_is_kept_in_the_history(world: World) -> None:
    engagement = world.engagement
    alice = access(world.alice, engagement)
    with pytest.raises(ValidationError) as no_reason:
        services.engagement_pack_change(actor=world.alice, access=alice, pack=OREGON, reason="  ")
    assert "reason" in no_reason.value.message_dict
    with pytest.raises(NotAllowed):
        services.engagement_pack_change(actor=world.dana, access=access(world.dana, engagement), pack=OREGON,
                                        reason="I live in Oregon")
    with pytest.raises(ValidationError, match="protocol for this kind"):
        services.engagement_pack_change(actor=world.alice, access=alice, pack="psychotherapy", reason="Talk only")
    assert pack_of(engagement).key == "test_open"

    services.engagement_pack_change(actor=world.alice, access=alice, pack=OREGON,
                                    reason="Sessions will be at a licensed Oregon service centre")
    with pytest.raises(ValidationError, match="already runs under"):
        services.engagement_pack_change(actor=world.alice, access=alice, pack=OREGON, reason="Again")
    services.engagement_pack_change(actor=world.bea, access=access(world.bea, engagement), pack="mdma_research",
                                    reason="Dana joins the research site")

    assert pack_of(engagement).key == "mdma_research"
    history = [(row.pack, row.actor, row.reason) for row in pack_history(alice)]
    assert history == [
        ("mdma_research", world.bea, "Dana joins the research site"),
        (OREGON, world.alice, "Sessions will be at a licensed Oregon service centre"),
        ("test_open", world.alice, "The practice's protocol when the engagement opened"),
    ]
    assert [n.title for n in Notice.objects.filter(recipient=world.dana).order_by("created", "pk")] == [
        "Alice moved the engagement to the protocol “Oregon psilocybin services”.",
        "Bea moved the engagement to the protocol “MDMA-assisted therapy (research protocol)”.",
    ]
