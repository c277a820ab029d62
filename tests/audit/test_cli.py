"""`cocreate audit seal`, `cocreate audit verify` and `cocreate retention` as an operator runs them: the trail of the
demo's load verifies once sealed, a row changed behind the trigger's back makes verify exit non-zero naming it,
and a dry run of retention over the demo writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from cocreate.access.models import AccessEvent
from cocreate.audit.lock import rewriting
from cocreate.care.models import PhaseTransition
from cocreate.cli import main


@pytest.mark.django_db
def test_the_demo_seals_and_verifies_and_a_change_is_named(capsys: Any) -> None:
    assert main(["demo", "--i-know-this-is-not-production"]) == 0
    assert main(["audit", "seal", "--margin", "0"]) == 0
    assert main(["audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "new seal(s)" in out and "audit verify: whole" in out
    event = AccessEvent.objects.order_by("pk").first()
    moved = PhaseTransition.objects.order_by("pk").last()
    assert event is not None and moved is not None
    with rewriting():
        PhaseTransition.objects.filter(pk=moved.pk).update(reason="Rewritten later")
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert main(["audit", "verify"]) == 2
    err = capsys.readouterr().err
    # Access events are sealed before phase transitions, so the first break is the removed event.
    assert f"access event {event.pk:,} is missing (sealed " in err


@pytest.mark.django_db
def test_retention_without_apply_writes_nothing(capsys: Any) -> None:
    main(["demo", "--i-know-this-is-not-production"])
    before = {m._meta.label: m._base_manager.count() for m in apps.get_models()}
    assert main(["retention"]) == 0
    assert "dry run: nothing removed" in capsys.readouterr().out
    assert before == {m._meta.label: m._base_manager.count() for m in apps.get_models()}
