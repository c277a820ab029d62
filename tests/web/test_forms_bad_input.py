"""Web forms given bad input: status 400, the form again with what was typed, the error beside its field.

Nothing is written, and nothing answers with a bare error page.
"""

from __future__ import annotations

import re
from html import escape, unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cocreate.accounts.models import Invitation, Practice, Role, User
from cocreate.care.models import NOTE_MAX_LENGTH, Phase, PhaseTransition, Session, SharedNote
from tests.conftest import PASSWORD, World

# --- reading a re-shown form ---------------------------------------------------------------------------------


def field_tag(html: str, field_id: str) -> str:
    """The opening tag of the input, textarea or select with this id."""
    match = re.search(rf'<(?:input|textarea|select)\b[^>]*\bid="{field_id}"[^>]*>', html)
    assert match, f"no field #{field_id} on the page"
    return match.group(0)


def textarea_text(html: str, field_id: str) -> str:
    match = re.search(rf'<textarea\b[^>]*\bid="{field_id}"[^>]*>\n?(.*?)</textarea>', html, re.S)
    assert match, f"no textarea #{field_id} on the page"
    return unescape(match.group(1))


def assert_field_error(html: str, field_id: str, message: str) -> None:
    """The field is marked invalid, points at its error list, and the list says `message`."""
    tag = field_tag(html, field_id)
    assert 'aria-invalid="true"' in tag
    assert f"{field_id}_errors" in re.search(r'aria-describedby="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
    errors = re.search(rf'<ul class="errors" id="{field_id}_errors">(.*?)</ul>', html, re.S)
    assert errors, f"no error list for #{field_id}"
    assert message in unescape(errors.group(1))


def assert_kept(html: str, field_id: str, typed: str) -> None:
    """An input shows what was typed into it."""
    assert f'value="{escape(typed)}"' in field_tag(html, field_id)


# --- sign-up ------------------------------------------------------------------------------------------------

SIGNUP = {"practice_name": "Willow & Reed <Therapy>", "name": "Wren Ashby", "email": "wren@example.org",
          "password": "a-good-long-password-77"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password": "Zq9x"}, "password", "too short"),
        ({"email": "wren-at-example"}, "email", "valid email address"),
        ({"email": "alice@example.org", "password": PASSWORD}, "email", "An account with this email exists"),
    ],
    ids=["short password", "malformed email", "existing email"],
)
def test_signup_with_bad_input_shows_the_form_again(world: World, change: dict[str, str], field: str,
                                                     message: str) -> None:
    users, practices = User.objects.count(), Practice.objects.count()
    typed = {**SIGNUP, **change}
    client = Client()

    response = client.post(reverse("signup"), typed)

    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, f"id_{field}", message)
    assert_kept(html, "id_practice_name", typed["practice_name"])
    assert_kept(html, "id_name", typed["name"])
    assert_kept(html, "id_email", typed["email"])
    assert typed["password"] not in html  # a password is never sent back
    assert (User.objects.count(), Practice.objects.count()) == (users, practices)
    assert "_auth_user_id" not in client.session


# --- notes --------------------------------------------------------------------------------------------------


def test_ten_megabyte_shared_note_gets_an_error_on_the_note_field(world: World) -> None:
    notes = SharedNote.objects.count()
    body = "Dear team, " + "x" * (10 * 1024 * 1024)
    client = world.client_for(world.dana)
    client.raise_request_exception = False

    response = client.post(reverse("shared_note_add", args=[world.engagement.pk]), {"body": body})

    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, "id_body", f"at most {NOTE_MAX_LENGTH} characters")
    assert 'for="id_body"' in html
    assert SharedNote.objects.count() == notes


def test_note_just_over_the_limit_keeps_the_text(world: World) -> None:
    body = "Words I want to keep. " + "y" * NOTE_MAX_LENGTH

    response = world.client_for(world.alice).post(reverse("shared_note_add", args=[world.engagement.pk]),
                                                  {"body": body})

    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, "id_body", f"at most {NOTE_MAX_LENGTH} characters")
    assert textarea_text(html, "id_body") == body
    assert not SharedNote.objects.filter(engagement=world.engagement).exists()


# --- scheduling a session -----------------------------------------------------------------------------------

SESSION = {"kind": "preparation", "starts_at": "2031-03-03T10:00", "duration_minutes": "60",
           "location": "Room 7 & garden"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"starts_at": "2031-02-30 25:61"}, "starts_at", "Enter a valid date/time"),
        ({"starts_at": "next tuesday"}, "starts_at", "Enter a valid date/time"),
        ({"duration_minutes": "0"}, "duration_minutes", "greater than or equal to 5"),
        ({"duration_minutes": "ninety"}, "duration_minutes", "Enter a whole number"),
        ({"kind": "psychotherapy"}, "kind", "Select a valid choice"),  # dana's engagement is psychedelic-assisted
    ],
    ids=["impossible date", "words for a date", "zero minutes", "words for minutes", "kind not for this care"],
)
def test_scheduling_with_bad_input_keeps_what_was_typed(world: World, change: dict[str, str], field: str,
                                                        message: str) -> None:
    sessions = Session.objects.count()
    typed = {**SESSION, **change}

    response = world.client_for(world.alice).post(reverse("session_new", args=[world.engagement.pk]), typed)

    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, f"id_{field}", message)
    assert_kept(html, "id_starts_at", typed["starts_at"])
    assert_kept(html, "id_duration_minutes", typed["duration_minutes"])
    assert_kept(html, "id_location", typed["location"])
    assert Session.objects.count() == sessions


def test_rescheduling_with_bad_input_keeps_what_was_typed(world: World) -> None:
    before = (world.session.starts_at, world.session.duration_minutes)
    typed = {"starts_at": "2031-03-03T10:00", "duration_minutes": "0", "location": "Online", "reason": "moved"}

    response = world.client_for(world.alice).post(
        reverse("session_reschedule", args=[world.engagement.pk, world.session.pk]), typed
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, "id_duration_minutes", "greater than or equal to 5")
    assert_kept(html, "id_starts_at", typed["starts_at"])
    assert_kept(html, "id_location", typed["location"])
    assert_kept(html, "id_reason", typed["reason"])
    world.session.refresh_from_db()
    assert (world.session.starts_at, world.session.duration_minutes) == before


# --- phases -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("to_phase", [Phase.MEDICINE, Phase.INTEGRATION, "nirvana"])
def test_phase_change_to_a_forbidden_phase_is_refused_on_the_field(world: World, to_phase: str) -> None:
    transitions = PhaseTransition.objects.count()
    reason = "Jumping ahead <because> we are ready"

    response = world.client_for(world.alice).post(reverse("phase_change", args=[world.engagement.pk]),
                                                  {"to_phase": to_phase, "reason": reason})

    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, "id_to_phase", "Select a valid choice")
    assert textarea_text(html, "id_reason") == reason
    world.engagement.refresh_from_db()
    assert world.engagement.phase == Phase.CONSULTATION
    assert PhaseTransition.objects.count() == transitions


# --- invitations --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("email", ["nina@", "nina at example.org", "<nina@example.org>"])
def test_invitation_with_a_bad_email_keeps_what_was_typed(world: World, email: str) -> None:
    invitations = Invitation.objects.count()
    typed = {"name": "Nina O'Neill", "email": email, "role": Role.CLIENT}

    response = world.client_for(world.alice).post(reverse("invite", args=[world.practice.pk]), typed)

    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, "id_email", "valid email address")
    assert_kept(html, "id_name", typed["name"])
    assert_kept(html, "id_email", typed["email"])
    assert Invitation.objects.count() == invitations
    assert mail.outbox == []


def test_facilitator_inviting_an_admin_gets_an_error_on_the_role(world: World) -> None:
    typed = {"name": "Nina", "email": "nina@example.org", "role": Role.ADMIN}

    response = world.client_for(world.carl).post(reverse("invite", args=[world.practice.pk]), typed)

    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, "id_role", "Select a valid choice")
    assert_kept(html, "id_name", typed["name"])
    assert_kept(html, "id_email", typed["email"])
    assert not Invitation.objects.exists()


def test_signup_succeeds_after_a_refusal(world: World) -> None:
    """A refused sign-up leaves nothing half-made: the same email can sign up properly afterwards."""
    client = Client()
    assert client.post(reverse("signup"), {**SIGNUP, "password": "Zq9x"}).status_code == 400

    response = client.post(reverse("signup"), SIGNUP)

    assert response.status_code == 302
    assert User.objects.get(email=SIGNUP["email"]).check_password(SIGNUP["password"])
