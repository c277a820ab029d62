"""Opening a new practice: the service and the sign-up page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocreate.accounts import services
from cocreate.accounts.models import Membership, Practice, Role, User
from tests.conftest import PASSWORD, World

FORM = {"practice_name": "Willow Practice", "name": "Wren", "email": "wren@example.org", "password": PASSWORD}


@pytest.mark.django_db
def test_signup_creates_practice_with_admin_and_facilitator() -> None:
    user = services.practice_signup(
        email="  Wren@Example.ORG ", name=" Wren ", password=PASSWORD, practice_name=" Willow Practice "
    )
    assert user.email == "wren@example.org"
    assert user.name == "Wren"
    assert user.check_password(PASSWORD)
    practice = Practice.objects.get(name="Willow Practice")
    roles = set(Membership.objects.filter(user=user, practice=practice).values_list("role", flat=True))
    assert roles == {Role.ADMIN, Role.FACILITATOR}


@pytest.mark.django_db
def test_signup_accepts_a_practice_name_as_long_as_the_form_allows() -> None:
    long_name = "P" * 200
    services.practice_signup(email="wren@example.org", name="Wren", password=PASSWORD, practice_name=long_name)
    assert Practice.objects.filter(name=long_name).exists()


@pytest.mark.django_db
def test_signup_refuses_a_practice_name_longer_than_200() -> None:
    with pytest.raises(ValidationError) as exc:
        services.practice_signup(email="wren@example.org", name="Wren", password=PASSWORD, practice_name="P" * 201)
    assert "practice_name" in exc.value.message_dict
    assert not User.objects.filter(email="wren@example.org").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "not-an-email"), ("name", "   "), ("practice_name", ""), ("password", "short"),
     ("password", "password123"), ("password", "1234567890123")],
)
@pytest.mark.django_db
def test_signup_rejects_bad_input_and_writes_nothing(field: str, value: str) -> None:
    data = {"email": "wren@example.org", "name": "Wren", "password": PASSWORD, "practice_name": "Willow"}
    data[field] = value
    with pytest.raises(ValidationError) as exc:
        services.practice_signup(**data)
    assert field in exc.value.message_dict
    assert not Practice.objects.filter(name="Willow").exists()
    assert not User.objects.filter(email="wren@example.org").exists()


def test_signup_with_existing_email_is_refused_case_insensitively(world: World) -> None:
    practices = Practice.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.practice_signup(email="ALICE@example.org", name="A", password=PASSWORD, practice_name="Dup")
    assert "sign in instead" in exc.value.message_dict["email"][0]
    assert Practice.objects.count() == practices


@pytest.mark.django_db
def test_signup_page_shows_form(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("signup"))
    assert response.status_code == 200
    assert b'name="practice_name"' in response.content
    assert b'name="password"' in response.content


@pytest.mark.django_db
def test_signup_page_creates_practice_and_signs_in(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("signup"), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(email="wren@example.org")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert set(user.memberships.values_list("role", "practice__name")) == {
        ("admin", "Willow Practice"), ("facilitator", "Willow Practice")}
    # A new practice requires a second factor of its staff: its first admin is led to set one up before anything.
    assert client.get(reverse("home"))["Location"] == reverse("second_factor")
    me = client.get("/api/v1/me")
    assert (me.status_code, me.json()["code"]) == (403, "second_factor_enrolment_required")


@pytest.mark.django_db
def test_signup_page_weak_password_shows_error_and_keeps_nothing(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("signup"), {**FORM, "password": "password"})
    assert response.status_code == 400
    assert b"too short" in response.content
    assert not User.objects.filter(email="wren@example.org").exists()
    assert not Practice.objects.filter(name="Willow Practice").exists()
    assert "_auth_user_id" not in client.session


def test_signup_page_existing_email_is_a_form_error(world: World) -> None:
    client = world.client_for(None)
    response = client.post(reverse("signup"), {**FORM, "email": "dana@example.org"})
    assert response.status_code == 400
    assert b"sign in instead" in response.content
    assert not Practice.objects.filter(name="Willow Practice").exists()


@pytest.mark.django_db
def test_signup_page_missing_fields(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("signup"), {"email": "wren@example.org"})
    assert response.status_code == 400
    assert not User.objects.exists()
