"""The public page on the web: anonymous reading, preview, cache headers, matching in the URL, the request form
(honeypot, limits, size), and the practice's requests pages."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from cocreate.access.models import AccessEvent
from cocreate.equity.models import ConsultationRequest, RequestState
from tests.conftest import World
from tests.equity.public_helpers import published, sent


def test_anonymous_reads_the_page_cached_briefly_leaving_no_access_event(world: World) -> None:
    published(world)
    response = Client().get("/p/juniper/?language=Spanish")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.cookies and "Set-Cookie" not in response  # no CSRF cookie on a page caches keep
    body = response.content.decode()
    assert "We listen." in body and "How we order this list" in body and "No fee tiers published yet." in body
    assert body.index("Carl") < body.index("Alice") and "speaks Spanish" in body and "does not list Spanish" in body
    assert "Dana" not in body
    assert not AccessEvent.objects.exists()


def test_the_request_form_keeps_its_csrf_protection(world: World) -> None:
    published(world)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/p/juniper/")
    assert page["Cache-Control"] == "public, max-age=60" and not page.cookies
    form = browser.get("/p/juniper/request/")
    assert form["Cache-Control"] == "no-store" and "csrftoken" in form.cookies
    assert browser.post("/p/juniper/request/", {"email": "a@ex.org"}, HTTP_X_CSRFTOKEN="").status_code == 403
    token = form.cookies["csrftoken"].value
    sent = browser.post("/p/juniper/request/", {"email": "a@ex.org", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302 and ConsultationRequest.objects.count() == 1


def test_unpublished_is_404_for_outsiders_and_a_marked_preview_for_members(world: World) -> None:
    published(world, on=False)
    assert Client().get("/p/juniper/").status_code == 404
    assert world.client_for(world.oscar).get("/p/juniper/").status_code == 404
    preview = world.client_for(world.bea).get("/p/juniper/")
    assert preview.status_code == 200 and "Not published" in preview.content.decode()
    assert preview["Cache-Control"] == "no-store"


def test_sending_a_request_carries_the_choices_and_thanks(world: World) -> None:
    published(world)
    browser = Client(enforce_csrf_checks=False)
    form = browser.get(f"/p/juniper/request/?facilitator={world.alice.pk}&language=Portuguese")
    assert form.status_code == 200 and 'aria-hidden="true"' in form.content.decode()
    response = browser.post("/p/juniper/request/?language=Portuguese", {
        "email": "bia@ex.org", "name": "Bia", "facilitator": world.alice.pk, "message": "Olá"})
    assert response.status_code == 302 and response["Location"] == "/p/juniper/request/sent/"
    found = ConsultationRequest.objects.get()
    assert found.preferences["languages"] == ["Portuguese"] and found.facilitator_id == world.alice.pk
    assert "reply by email" in browser.get("/p/juniper/request/sent/").content.decode()


def test_bad_input_reshows_the_form(world: World) -> None:
    published(world)
    response = Client().post("/p/juniper/request/", {"email": "nope", "message": "kept words"})
    assert response.status_code == 400 and "kept words" in response.content.decode()
    assert not ConsultationRequest.objects.exists()


def test_honeypot_answers_as_sent(world: World) -> None:
    published(world)
    response = Client().post("/p/juniper/request/", {"email": "bot@ex.org", "website": "spam"})
    assert response.status_code == 302 and not ConsultationRequest.objects.exists()


def test_too_many_requests_get_a_polite_429(world: World, settings: object) -> None:
    settings.CONSULTATION_REQUESTS_PER_ADDRESS_HOUR = 1  # type: ignore[attr-defined]
    published(world)
    browser = Client()
    assert browser.post("/p/juniper/request/", {"email": "a@ex.org"}).status_code == 302
    response = browser.post("/p/juniper/request/", {"email": "a@ex.org", "message": "again"})
    assert response.status_code == 429 and "try again" in response.content.decode()


def test_a_body_over_the_limit_is_413(world: World) -> None:
    published(world)
    response = Client().post("/p/juniper/request/", {"email": "a@ex.org", "message": "x" * 30_000})
    assert response.status_code == 413 and not ConsultationRequest.objects.exists()


def test_staff_see_requests_and_decline_once(world: World) -> None:
    found = sent(world, published(world))
    carl = world.client_for(world.carl)
    listing = carl.get(f"/practices/{world.practice.pk}/requests/")
    assert listing.status_code == 200 and "Bia" in listing.content.decode()
    assert world.client_for(world.olga).get(f"/practices/{world.practice.pk}/requests/").status_code == 404
    url = f"/practices/{world.practice.pk}/requests/{found.pk}/"
    assert "Thank you for writing" in carl.get(url).content.decode()
    assert carl.post(url + "decline/", {"reply": ""}).status_code == 400
    mail.outbox.clear()
    with_commit = carl.post(url + "decline/", {"reply": "Sorry, we are full.", "referral": "Try Harbor."})
    assert with_commit.status_code == 302
    found.refresh_from_db()
    assert found.state == RequestState.DECLINED
    assert carl.post(url + "accept/", {"kind": "psychotherapy"}).status_code == 400


def test_practice_home_links_and_settings_page(world: World) -> None:
    alice = world.client_for(world.alice)
    home = alice.get(f"/practices/{world.practice.pk}/").content.decode()
    assert "Public page" in home and "Consultation requests" in home
    response = alice.post(f"/practices/{world.practice.pk}/public-page/",
                          {"slug": "juniper", "published": "on", "accepts_requests": "on", "about": "Hi"})
    assert response.status_code == 302
    assert Client().get("/p/juniper/").status_code == 200
    assert world.client_for(world.bea).get(f"/practices/{world.practice.pk}/public-page/").status_code == 404
    assert world.client_for(world.bea).post(f"/practices/{world.practice.pk}/listing/",
                                            {"times": ["weekend"], "taking_clients": ""}).status_code == 302


def test_the_page_reads_in_a_fixed_number_of_queries(world: World, django_assert_max_num_queries: object) -> None:
    published(world)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert Client().get("/p/juniper/?language=English").status_code == 200
    from cocreate.alliance import identity_profiles as profiles
    from cocreate.equity import public
    for who in (world.bea,):
        profiles.profile_save(actor=who, practice=world.practice, languages="English", published=True)
        public.listing_save(actor=who, practice=world.practice, times=["weekend"])
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert Client().get("/p/juniper/?language=English").status_code == 200
