"""Reminders sent once per questionnaire (inbox and email), `cocreate remind`, a practice's crisis resources,
and the instrument registry with its start-up check."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import Http404
from django.utils import timezone

from cocreate.access.policy import NotAllowed
from cocreate.care.models import Engagement, Phase
from cocreate.cli import main
from cocreate.inbox.models import NoticeKind
from cocreate.measures import registry, selectors, services
from cocreate.measures.definitions import SHIPPED_DIR
from cocreate.measures.models import Administration
from tests.conftest import World
from tests.measures.service_helpers import administrations, assign, every, notices_to, submit

DAY = timedelta(days=1)


def test_each_due_questionnaire_is_reminded_once(world: World, mailoutbox: list[Any],
                                                 django_capture_on_commit_callbacks: Any) -> None:
    daily = assign(world, "who5", "every_n_days", every_days=1, expires_after_days=1)
    assign(world, "phq9", "before_sessions", session_kinds=["preparation"], expires_after_days=1)
    first, second, third, *_rest = administrations(daily)
    assert len(notices_to(world.dana, NoticeKind.MEASURE_DUE)) == 2  # told at once about both due now
    submit(world, first, every("who5", 3))
    tomorrow = timezone.now() + DAY + timedelta(minutes=5)

    assert services.reminders_send() == 0  # nothing new has fallen due yet
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=tomorrow) == 1
    assert services.reminders_send(now=tomorrow) == 0
    assert Administration.objects.get(pk=second.pk).reminded_at == tomorrow
    assert Administration.objects.get(pk=third.pk).reminded_at is None
    latest = notices_to(world.dana, NoticeKind.MEASURE_DUE)[0]
    assert latest.url == f"/measures/{second.pk}/" and "WHO-5" in latest.title
    [mail] = mailoutbox
    assert mail.to == ["dana@example.org"] and "WHO" not in mail.subject + mail.body
    assert "questionnaire is waiting" in mail.subject


def test_no_reminders_for_what_is_withdrawn_or_on_a_closed_engagement(world: World) -> None:
    daily = assign(world, "who5", "every_n_days", every_days=1)
    services.assignment_end(actor=world.alice, access=selectors.engagement_for(world.alice, world.engagement.pk,
                                                                                what=None), assignment=daily)
    assign(world, "gad7", "every_n_days", every_days=2)
    Engagement.objects.filter(pk=world.engagement.pk).update(phase=Phase.CLOSED)
    assert services.reminders_send(now=timezone.now() + 3 * DAY) == 0
    assert selectors.due_for_client(world.dana) == []


def test_the_hourly_run_plans_every_n_days_schedules_further(world: World) -> None:
    daily = assign(world, "who5", "every_n_days", every_days=1, expires_after_days=1)
    planned = administrations(daily)
    assert len(planned) == 60
    services.reminders_send(now=timezone.now() + 40 * DAY)
    later = administrations(daily)
    assert len(later) > 60 and later[-1].due_at > planned[-1].due_at
    assert [a.pk for a in later[:60]] == [a.pk for a in planned]  # the first ones stay as they were


def test_remind_command_and_cli(world: World, capsys: Any) -> None:
    assign(world, "who5", "every_n_days", every_days=1)
    Administration.objects.update(reminded_at=None)
    call_command("remind")
    assert "1 reminder(s) sent." in capsys.readouterr().out
    assert main(["remind"]) == 0
    assert "0 reminder(s) sent." in capsys.readouterr().out


def test_crisis_resources_default_and_per_practice(world: World) -> None:
    assert selectors.crisis_text(world.practice) == str(selectors.DEFAULT_CRISIS_TEXT)
    own = "Call the Juniper on-call line: 555 0100, day and night.\nEmergency: 911."
    for person in (world.alice, world.carl, world.fay):  # its facilitators and admins
        services.crisis_resources_set(actor=person, practice=world.practice, text=f"  {own}  ")
    assert selectors.crisis_text(world.practice) == own
    assert selectors.crisis_text(world.other_practice) == str(selectors.DEFAULT_CRISIS_TEXT)
    for person in (world.dana, world.gus, world.olga):
        with pytest.raises(NotAllowed):
            services.crisis_resources_set(actor=person, practice=world.practice, text="Something else")
    for bad in ("", "x" * 4001):
        with pytest.raises(ValidationError) as caught:
            services.crisis_resources_set(actor=world.alice, practice=world.practice, text=bad)
        assert list(caught.value.message_dict) == ["text"]
    assert selectors.crisis_text(world.practice) == own


def test_the_registry_offers_the_shipped_instruments() -> None:
    assert {"phq9", "gad7", "pcl5", "cssrs_screener", "who5", "wai_sr"} <= set(registry.instruments())
    assert registry.instruments() is registry.instruments()  # loaded once
    assert registry.instrument("phq9").short_title == "PHQ-9"
    with pytest.raises(Http404):
        registry.instrument("nope")
    assert registry.title_of("gone") == "gone"


def test_a_practice_adds_its_own_instrument(settings: Any, tmp_path: Path) -> None:
    text = (SHIPPED_DIR / "phq9.toml").read_text(encoding="utf-8")
    (tmp_path / "mood_check.toml").write_text(text.replace('key = "phq9"', 'key = "mood_check"'), encoding="utf-8")
    settings.COCREATE_INSTRUMENTS_DIR = tmp_path
    assert "mood_check" in registry.instruments() and "phq9" in registry.instruments()
    assert registry.check_definitions() == []


def test_the_start_up_check_names_the_broken_file_and_field(settings: Any, tmp_path: Path) -> None:
    text = (SHIPPED_DIR / "gad7.toml").read_text(encoding="utf-8").replace('key = "gad7"', 'key = "worry"')
    (tmp_path / "worry.toml").write_text(text.replace('short_title = "GAD-7"', "short_title = 7"), encoding="utf-8")
    settings.COCREATE_INSTRUMENTS_DIR = tmp_path
    [error] = registry.check_definitions()
    assert error.id == "measures.E001" and "worry.toml" in error.msg and "short_title" in error.msg
    with pytest.raises(SystemCheckError) as caught:
        call_command("check")
    assert "worry.toml" in str(caught.value)
