"""Flags raised by scores: risk answers (PHQ-9 item 9, a positive C-SSRS screener) alert the care team at once,
a reliable deterioration from the first score, and an alliance drop from the client's own WAI-SR baseline or an
answer at the bottom of its scale."""

from __future__ import annotations

from typing import Any

from cocreate.inbox.models import NoticeKind
from cocreate.measures import registry
from cocreate.measures.flagging import alliance_threshold
from cocreate.measures.models import Flag, FlagKind
from cocreate.measures.selectors import crisis_after
from tests.conftest import World
from tests.measures.service_helpers import every, notices_to, submit_new


def kinds(score: Any) -> list[str]:
    return sorted(f.kind for f in Flag.objects.filter(score=score))


def test_phq9_item_9_above_zero_raises_a_risk_flag_and_alerts_the_care_team(world: World) -> None:
    score = submit_new(world, "phq9", every("phq9", 0, **{"9": 1}))
    [flag] = Flag.objects.filter(score=score)
    assert (flag.kind, flag.engagement, flag.resolved_at) == (FlagKind.RISK, world.engagement, None)
    assert "item 9" in flag.reason
    for member in (world.alice, world.bea):
        [notice] = notices_to(member, NoticeKind.RISK_ALERT)
        assert notice.title == "Risk alert for Dana: an answer on the PHQ-9 needs your attention today."
        assert notice.url == f"/engagements/{world.engagement.pk}/measures/#flags"
    assert notices_to(world.dana, NoticeKind.RISK_ALERT) == [] and notices_to(world.carl) == []


def test_the_client_is_shown_crisis_resources_at_once(world: World) -> None:
    score = submit_new(world, "phq9", every("phq9", 0, **{"9": 2}))
    text = crisis_after(score)
    assert text is not None
    for resource in ("112", "911", "999", "988", "116 123", "findahelpline.com"):
        assert resource in text
    assert crisis_after(submit_new(world, "phq9", every("phq9", 0))) is None


def test_the_alert_email_goes_after_commit_and_holds_no_answers(world: World, mailoutbox: list[Any],
                                                                django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_new(world, "phq9", every("phq9", 0, **{"9": 3}))
        alerts = [m for m in mailoutbox if "attention" in m.subject]
        assert alerts == []  # nothing before the transaction commits
    assert callbacks
    alerts = [m for m in mailoutbox if "attention" in m.subject]
    assert sorted(m.to[0] for m in alerts) == ["alice@example.org", "bea@example.org"]
    for message in alerts:
        text = message.subject + message.body
        for secret in ("Dana", "PHQ", "item", "dead", "Nearly every day"):
            assert secret not in text


def test_no_risk_flag_when_item_9_is_not_at_all(world: World) -> None:
    score = submit_new(world, "phq9", every("phq9", 3, **{"9": 0}))
    assert kinds(score) == []
    assert notices_to(world.alice, NoticeKind.RISK_ALERT) == []


def test_a_positive_cssrs_screener_raises_a_risk_flag(world: World) -> None:
    clear = {"1": 0, "2": 0, "6": 0}
    assert kinds(submit_new(world, "cssrs_screener", clear)) == []
    intent = {"1": 1, "2": 1, "3": 0, "4": 1, "5": 0, "6": 0}
    assert kinds(submit_new(world, "cssrs_screener", intent)) == [FlagKind.RISK]
    recent = {"1": 0, "2": 0, "6": 1, "6b": 1}
    score = submit_new(world, "cssrs_screener", recent)
    assert kinds(score) == [FlagKind.RISK] and "3 months" in score.flags.get().reason
    assert len(notices_to(world.alice, NoticeKind.RISK_ALERT)) == 2


def test_a_reliable_rise_from_the_first_score_raises_a_deterioration_flag(world: World) -> None:
    first = submit_new(world, "phq9", every("phq9", 0, **{str(n): 1 for n in range(1, 6)}))  # 5
    small = submit_new(world, "phq9", every("phq9", 1, **{"9": 0, "8": 2}))  # 9: a rise of 4
    assert (first.total, small.total, kinds(small)) == (5, 9, [])
    risen = submit_new(world, "phq9", every("phq9", 0, **{str(n): 2 for n in range(1, 7)}))  # 12: +7 >= 6
    [flag] = Flag.objects.filter(score=risen)
    assert flag.kind == FlagKind.DETERIORATION
    assert "5" in flag.reason and "12" in flag.reason and "6" in flag.reason
    [notice] = notices_to(world.alice, NoticeKind.DETERIORATION_FLAG)
    assert notice.title == "Dana's PHQ-9 scores show a reliable deterioration."
    # While it waits for someone to act, a further rise adds no second deterioration flag.
    higher = submit_new(world, "phq9", every("phq9", 2, **{"9": 0}))
    assert kinds(higher) == []


def test_an_improvement_raises_nothing(world: World) -> None:
    submit_new(world, "gad7", every("gad7", 3))
    assert kinds(submit_new(world, "gad7", every("gad7", 0))) == []


def test_a_reliable_alliance_drop_from_the_clients_own_baseline_raises_an_alliance_flag(world: World) -> None:
    wai = registry.instrument("wai_sr")
    assert alliance_threshold(wai) == 7.2  # no published threshold: 15 % of the 12-60 range
    baseline = submit_new(world, "wai_sr", every("wai_sr", 4))
    assert (baseline.total, kinds(baseline)) == (48, [])
    slight = submit_new(world, "wai_sr", every("wai_sr", 4, **{str(n): 3 for n in range(1, 5)}))  # 44
    assert kinds(slight) == []
    dropped = submit_new(world, "wai_sr", every("wai_sr", 4, **{str(n): 3 for n in range(1, 9)}))  # 40
    [flag] = Flag.objects.filter(score=dropped)
    assert flag.kind == FlagKind.ALLIANCE and "48" in flag.reason and "40" in flag.reason
    [notice] = notices_to(world.bea, NoticeKind.ALLIANCE_FLAG)
    assert "3" not in notice.title and "40" not in notice.title
    assert kinds(dropped) == [FlagKind.ALLIANCE]  # a falling WAI-SR is an alliance flag, not a deterioration


def test_an_answer_at_the_bottom_of_the_scale_raises_an_alliance_flag_even_the_first_time(world: World) -> None:
    score = submit_new(world, "wai_sr", every("wai_sr", 5, **{"7": 1}))
    [flag] = Flag.objects.filter(score=score)
    assert flag.kind == FlagKind.ALLIANCE and "item 7" in flag.reason


def test_flags_stay_with_their_engagement(world: World) -> None:
    submit_new(world, "phq9", every("phq9", 0, **{"9": 1}))
    assert not Flag.objects.filter(engagement=world.eve_engagement).exists()
