"""A practice admin's part: requiring the second factor of staff (on by default, may be turned off), and resetting
the second factor of someone who lost everything (confirmed, recorded, the person told by email after commit)."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from cocreate.access.policy import NotAllowed
from cocreate.accounts import services as account_services
from cocreate.accounts.models import Practice, SecondFactorEvent
from cocreate.accounts.second_factor import services
from tests.accounts.second_factor_helpers import enrol
from tests.conftest import World


def _reset_url(world: World, user_id: int, practice_id: int | None = None) -> str:
    return reverse("second_factor_reset", args=[practice_id or world.practice.pk, user_id])


def test_a_new_practice_requires_it(db: None) -> None:
    assert account_services.practice_create(name="Willow").second_factor_required is True
    assert Practice._meta.get_field("second_factor_required").default is True


def test_an_admin_turns_the_requirement_on_and_off_with_an_explanation(world: World) -> None:
    client = world.client_for(world.fay)
    page = client.get(reverse("practice_people", args=[world.practice.pk])).content
    assert b"Off: staff sign in with a password alone." in page and b"Require a second factor" in page
    url = reverse("practice_second_factor", args=[world.practice.pk])
    assert client.post(url, {"required": "on"})["Location"] == reverse("practice_people", args=[world.practice.pk])
    world.practice.refresh_from_db()
    assert world.practice.second_factor_required
    # fay is an admin herself, so from now on she is led to set one up before she sees the practice page again.
    assert client.get(reverse("practice_people", args=[world.practice.pk]))["Location"] == reverse("second_factor")
    enrol(world.fay)
    page = client.get(reverse("practice_people", args=[world.practice.pk])).content
    assert b"On: facilitators, supervisors and admins sign in" in page and b"Stop requiring it" in page
    client.post(url, {"required": "off"})
    world.practice.refresh_from_db()
    assert not world.practice.second_factor_required
    kinds = list(SecondFactorEvent.objects.filter(practice=world.practice).values_list("kind", "actor"))
    assert kinds == [("required_off", world.fay.pk), ("required_on", world.fay.pk)]


def test_only_an_admin_of_the_practice_decides(world: World) -> None:
    url = reverse("practice_second_factor", args=[world.practice.pk])
    for person in (world.carl, world.dana, world.olga):
        assert world.client_for(person).post(url, {"required": "on"}).status_code == 404
    with pytest.raises(NotAllowed):
        services.practice_second_factor_set(actor=world.carl, practice=world.practice, required=True)
    world.practice.refresh_from_db()
    assert not world.practice.second_factor_required
    bad = world.client_for(world.fay).post(url, {"required": "maybe"}, follow=True)
    assert b"Choose whether a second factor is required." in bad.content


def test_an_admin_resets_a_staff_members_factor_and_they_are_told(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    Practice.objects.filter(pk=world.practice.pk).update(second_factor_required=True)
    enrol(world.fay)
    enrol(world.carl)
    client = world.client_for(world.fay)
    people = client.get(reverse("practice_people", args=[world.practice.pk])).content.decode()
    assert _reset_url(world, world.carl.pk) in people
    confirm = client.get(_reset_url(world, world.carl.pk))
    assert b"Reset Carl&#x27;s second factor?" in confirm.content
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_reset_url(world, world.carl.pk))
    assert response["Location"] == reverse("practice_people", args=[world.practice.pk])
    assert not Authenticator.objects.filter(user=world.carl).exists()
    event = SecondFactorEvent.objects.get(kind="reset")
    assert (event.user, event.actor, event.practice) == (world.carl, world.fay, world.practice)
    assert [m.to for m in mail.outbox] == [["carl@example.org"]]
    assert "reset your second factor" in mail.outbox[0].body and "Fay" in mail.outbox[0].body
    # carl must set one up again at his next request.
    assert world.client_for(world.carl).get(reverse("caseload"))["Location"] == reverse("second_factor")


def test_nobody_else_resets_and_nobody_resets_themselves(world: World) -> None:
    enrol(world.carl)
    enrol(world.olga)
    for person in (world.bea, world.dana, world.gus, world.olga):  # not an admin of Juniper
        assert world.client_for(person).post(_reset_url(world, world.carl.pk)).status_code == 404
    fay = world.client_for(world.fay)
    assert fay.get(_reset_url(world, world.fay.pk)).status_code == 404  # herself: ask another admin
    assert fay.post(_reset_url(world, world.olga.pk)).status_code == 404  # not of her practice
    assert fay.post(_reset_url(world, world.olga.pk, world.other_practice.pk)).status_code == 404
    assert Authenticator.objects.filter(user__in=[world.carl, world.olga], type="totp").count() == 2
    with pytest.raises(NotAllowed):
        services.second_factor_reset(actor=world.carl, practice=world.practice, user=world.bea)
