"""Setting up a second factor: required staff are led to it before anything else, clients may choose it; the app is
added by proving a code; recovery codes are shown until kept, downloadable, and can be made anew; the last factor
cannot be removed while it is required."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from cocreate.accounts.models import Practice, SecondFactorEvent
from cocreate.accounts.second_factor.selectors import PASSED_KEY
from tests.accounts.second_factor_helpers import SECRET, enrol, recovery_codes, totp_now
from tests.conftest import World


def _require(world: World) -> None:
    Practice.objects.filter(pk=world.practice.pk).update(second_factor_required=True)


def _setup_page(client: Client) -> tuple[str, str]:
    """The key the setup page shows, and the signed form value carrying it."""
    page = client.get(reverse("second_factor_app")).content.decode()
    secret = page.split('data-secret="')[1].split('"')[0]
    setup = page.split('name="setup" value="')[1].split('"')[0]
    return secret, setup


def test_required_staff_are_led_to_set_up_first(world: World) -> None:
    _require(world)
    client = world.client_for(world.carl)
    for url in (reverse("home"), reverse("caseload"), reverse("security"), f"/engagements/{world.eve_engagement.pk}/"):
        assert client.get(url)["Location"] == reverse("second_factor"), url
    page = client.get(reverse("second_factor"))
    assert page.status_code == 200
    assert b"Your practice asks staff to sign in with a second factor" in page.content
    assert client.get(reverse("second_factor_app")).status_code == 200
    assert client.get(reverse("get_help")).status_code == 200
    api = client.get("/api/v1/me")
    assert (api.status_code, api.json()["code"]) == (403, "second_factor_enrolment_required")
    htmx = client.get(reverse("caseload"), headers={"HX-Request": "true"})
    assert (htmx.status_code, htmx["HX-Redirect"]) == (204, reverse("second_factor"))
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_every_staff_role_is_led_but_no_client(world: World) -> None:
    _require(world)
    for person in (world.alice, world.carl, world.fay, world.gus):
        assert world.client_for(person).get(reverse("home"))["Location"] == reverse("second_factor")
    dana = world.client_for(world.dana)
    assert dana.get("/my/").status_code == 200
    assert world.client_for(world.olga).get(reverse("caseload")).status_code == 200  # her practice does not require


def test_clients_are_offered_it_in_plain_words(world: World) -> None:
    _require(world)
    client = world.client_for(world.dana)
    security = client.get(reverse("security")).content
    assert b"If you like, add a second step after your password" in security
    page = client.get(reverse("second_factor")).content
    assert b"It is up to you" in page
    assert b"Your practice asks staff" not in page


def test_setting_up_the_app_proves_a_code_then_shows_the_codes(world: World) -> None:
    _require(world)
    client = world.client_for(world.carl)
    secret, setup = _setup_page(client)
    wrong = client.post(reverse("second_factor_app"), {"setup": setup, "code": "12345"})
    assert wrong.status_code == 400
    assert b"That code does not match" in wrong.content and b'value="12345"' in wrong.content
    assert secret in wrong.content.decode()  # the same key stays on the page
    assert not Authenticator.objects.filter(user=world.carl).exists()
    done = client.post(reverse("second_factor_app"), {"setup": setup, "code": totp_now(secret)})
    assert done["Location"] == reverse("second_factor_codes")
    assert client.session[PASSED_KEY]
    assert client.get(reverse("caseload")).status_code == 200  # no longer led away
    codes = recovery_codes(world.carl)
    page = client.get(reverse("second_factor_codes")).content.decode()
    assert len(codes) == 10 and all(c in page for c in codes)
    download = client.get(reverse("second_factor_codes_download"))
    assert download["Content-Disposition"].startswith("attachment")
    assert all(c in download.content.decode() for c in codes)
    assert SecondFactorEvent.objects.filter(user=world.carl, kind="app_added").exists()


def test_codes_are_shown_only_until_kept(world: World) -> None:
    enrol(world.dana)
    client = world.client_for(world.dana)
    codes = recovery_codes(world.dana)
    assert client.post(reverse("second_factor_codes_saved"))["Location"] == reverse("second_factor")
    page = client.get(reverse("second_factor_codes")).content.decode()
    assert not any(c in page for c in codes) and "10 unused codes" in page
    assert client.get(reverse("second_factor_codes_download")).status_code == 404


def test_new_codes_replace_the_old(world: World) -> None:
    enrol(world.dana)
    old = recovery_codes(world.dana)
    client = world.client_for(world.dana)
    confirm = client.get(reverse("second_factor_codes_new"))
    assert b"Your old recovery codes will stop working" in confirm.content
    assert client.post(reverse("second_factor_codes_new"))["Location"] == reverse("second_factor_codes")
    new = recovery_codes(world.dana)
    assert set(new).isdisjoint(old)
    assert all(c in client.get(reverse("second_factor_codes")).content.decode() for c in new)


def test_a_tampered_or_stale_key_is_refused(world: World) -> None:
    client = world.client_for(world.dana)
    _secret, setup = _setup_page(client)
    response = client.post(reverse("second_factor_app"), {"setup": setup[:-2] + "xx", "code": totp_now(SECRET)})
    assert response.status_code == 400 and b"open too long" in response.content
    theirs = world.client_for(world.eve)
    _s, eves = _setup_page(theirs)
    assert client.post(reverse("second_factor_app"), {"setup": eves, "code": "123456"}).status_code == 400
    assert not Authenticator.objects.exists()


def test_the_last_factor_cannot_be_removed_while_required(world: World) -> None:
    _require(world)
    app = enrol(world.carl)
    client = world.client_for(world.carl)
    assert b"Remove" in client.get(reverse("second_factor_remove", args=[app.pk])).content
    response = client.post(reverse("second_factor_remove", args=[app.pk]), follow=True)
    assert b"This is your last second factor, and your practice requires one" in response.content
    assert Authenticator.objects.filter(pk=app.pk).exists()


def test_a_client_removes_theirs_and_the_codes_go_with_it(world: World) -> None:
    app = enrol(world.dana)
    client = world.client_for(world.dana)
    assert client.post(reverse("second_factor_remove", args=[app.pk]))["Location"] == reverse("second_factor")
    assert not Authenticator.objects.filter(user=world.dana).exists()
    assert SecondFactorEvent.objects.filter(user=world.dana, kind="removed").exists()


def test_someone_elses_factor_is_not_found(world: World) -> None:
    app = enrol(world.dana)
    client = world.client_for(world.eve)
    assert client.get(reverse("second_factor_remove", args=[app.pk])).status_code == 404
    assert client.post(reverse("second_factor_remove", args=[app.pk])).status_code == 404
    assert Authenticator.objects.filter(pk=app.pk).exists()


def test_a_second_app_is_not_added_over_the_first(world: World) -> None:
    enrol(world.dana)
    client = world.client_for(world.dana)
    assert client.get(reverse("second_factor_app"))["Location"] == reverse("second_factor")
    assert Authenticator.objects.filter(user=world.dana, type="totp").count() == 1


def test_passkey_options_and_a_bad_answer(world: World) -> None:
    client = world.client_for(world.dana)
    options = client.post(reverse("second_factor_passkey_options")).json()["creation_options"]["publicKey"]
    assert options["rp"]["id"] == "testserver" and options["user"]["name"] == "dana@example.org"
    for credential in ("", "not json", "[]", '{"id": "x"}'):
        response = client.post(reverse("second_factor_passkey_add"), {"name": "Phone", "credential": credential})
        assert response["Location"] == reverse("second_factor")
    assert not Authenticator.objects.filter(user=world.dana).exists()
