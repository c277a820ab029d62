"""A practice's retention period: its admins set it on the web and through the API, its facilitators read it (a
write is 403), everyone else gets 404; bad input is shown back or answered 4xx, and nothing is half-saved."""

from __future__ import annotations

from django.urls import reverse

from cocreate.audit.models import RetentionPolicy
from tests.api_helpers import Api
from tests.conftest import World


def _page(world: World) -> str:
    return reverse("practice_retention", args=[world.practice.pk])


def test_the_default_is_shown_and_an_admin_chooses(world: World, settings: object) -> None:
    fay = world.client_for(world.fay)
    page = fay.get(_page(world)).content.decode()
    assert "10 years after their engagement closes" in page and "the practice has not chosen yet" in page
    answer = fay.post(_page(world), {"keep": "years", "years": "7"}, follow=True)
    assert "7 years after their engagement closes" in answer.content.decode()
    fay.post(_page(world), {"keep": "forever", "years": ""})
    assert RetentionPolicy.objects.get(practice=world.practice).years is None
    assert "kept for ever" in fay.get(_page(world)).content.decode()


def test_bad_years_are_shown_back_with_the_problem(world: World) -> None:
    fay = world.client_for(world.fay)
    for typed in ("", "0", "101", "seven"):
        answer = fay.post(_page(world), {"keep": "years", "years": typed})
        assert answer.status_code == 400, typed
        assert 'aria-invalid="true"' in answer.content.decode()
        assert f'value="{typed}"' in answer.content.decode() or typed == ""
    assert not RetentionPolicy.objects.exists()


def test_a_facilitator_reads_but_does_not_set(world: World) -> None:
    carl = world.client_for(world.carl)
    page = carl.get(_page(world))
    assert page.status_code == 200 and "The practice's admins choose this." in page.content.decode()
    assert carl.post(_page(world), {"keep": "forever"}).status_code == 403
    assert world.client_for(world.dana).get(_page(world)).status_code == 404
    assert world.client_for(world.olga).get(_page(world)).status_code == 404


def test_the_api_reads_and_sets_it(world: World) -> None:
    path = f"/api/v1/practices/{world.practice.pk}/retention"
    fay, carl = Api.as_user(world.fay), Api.as_user(world.carl)
    assert carl.client.get(path, **carl.headers).json() == {
        "practice_id": world.practice.pk, "years": 10, "chosen": False, "changed": None, "removed": 0}
    put = fay.client.put(path, {"years": 6}, content_type="application/json", **fay.headers)
    assert put.status_code == 200 and put.json()["years"] == 6 and put.json()["chosen"] is True
    forever = fay.client.put(path, {"years": None}, content_type="application/json", **fay.headers)
    assert forever.json()["years"] is None
    assert carl.client.put(path, {"years": 6}, content_type="application/json", **carl.headers).status_code == 403
    for body in ({"years": 0}, {"years": 101}, {"years": "x"}, {}, {"years": 5, "more": 1}, {"years": 2**70}):
        answer = fay.client.put(path, body, content_type="application/json", **fay.headers)
        assert answer.status_code == 422 and "detail" in answer.json(), body
    assert RetentionPolicy.objects.get(practice=world.practice).years is None
    assert Api.as_user(world.olga).client.get(path, **Api.as_user(world.olga).headers).status_code == 404
