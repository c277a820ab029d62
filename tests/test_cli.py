"""The `cocreate` command as a newcomer uses it: demo (idempotent, prints logins), createpractice, check."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocreate.accounts.models import Membership, Practice, Role, User
from cocreate.care.models import Engagement, PrivateNote, SharedNote
from cocreate.cli import main
from cocreate.demo.practice import DEMO_PASSWORD, PEOPLE


@pytest.mark.django_db
def test_demo_is_idempotent_and_prints_every_login(capsys: Any) -> None:
    assert main(["demo", "--i-know-this-is-not-production"]) == 0
    first = capsys.readouterr().out
    counts = (Practice.objects.count(), User.objects.count(), Engagement.objects.count(), SharedNote.objects.count())
    assert main(["demo", "--i-know-this-is-not-production"]) == 0
    assert "already present" in capsys.readouterr().out
    assert counts == (
        Practice.objects.count(), User.objects.count(), Engagement.objects.count(), SharedNote.objects.count()
    )
    assert counts[0] == 2 and counts[2] == 6  # four at Juniper; at Harbor, Lee, and Rosa and Noor under Oregon
    for person in PEOPLE:
        assert person.email in first
    assert DEMO_PASSWORD in first


@pytest.mark.django_db
def test_demo_practice_has_a_dyad_and_clients_in_different_phases() -> None:
    main(["demo", "--i-know-this-is-not-production"])
    phases = {e.client.name: (e.kind, e.phase) for e in Engagement.objects.select_related("client")}
    assert phases["Sam Rivera"][0] == "psychotherapy"
    assert phases["Priya Nair"] == ("psychedelic_assisted", "preparation")
    assert phases["Jordan Ellis"] == ("psychedelic_assisted", "integration")
    jordan = Engagement.objects.get(client__name="Jordan Ellis")
    assert jordan.care_team.filter(removed_at__isnull=True).count() == 2
    assert PrivateNote.objects.exists()


@pytest.mark.django_db
def test_every_demo_login_signs_in() -> None:
    main(["demo", "--i-know-this-is-not-production"])
    for person in PEOPLE:
        browser = Client()
        response = browser.post("/accounts/login/", {"username": person.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, person.email


@pytest.mark.django_db
def test_createpractice_makes_an_admin_facilitator(monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setenv("COCREATE_PASSWORD", "a-sound-password-42")
    assert main(["createpractice", "--practice", "Cedar", "--email", "Kim@Example.org", "--name", "Kim"]) == 0
    user = User.objects.get(email="kim@example.org")
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {Role.ADMIN, Role.FACILITATOR}
    assert "Cedar" in capsys.readouterr().out


@pytest.mark.django_db
def test_createpractice_names_the_bad_field(monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setenv("COCREATE_PASSWORD", "short")
    assert main(["createpractice", "--practice", "Cedar", "--email", "not-an-email", "--name", "Kim"]) == 2
    assert "email" in capsys.readouterr().err
    assert not Practice.objects.filter(name="Cedar").exists()


@pytest.mark.django_db  # the check reads which encryption keys the database needs
def test_check_passes() -> None:
    assert main(["check"]) == 0


@pytest.mark.django_db
def test_demo_refuses_a_site_with_debug_off_unless_told(capsys: Any, settings: Any) -> None:
    settings.DEBUG = False
    assert main(["demo"]) == 2
    assert "published" in capsys.readouterr().err
    assert not User.objects.filter(email=PEOPLE[0].email).exists()
    settings.DEBUG = True
    assert main(["demo"]) == 0

