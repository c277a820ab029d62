"""Help is always one tap away: every client page links to the practice's crisis resources, phone numbers call
and sites open; a practice is asked to add its own after-hours contact until it has."""

from __future__ import annotations

from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.measures import services
from tests.conftest import World


def test_every_client_page_links_to_help(world: World) -> None:
    client = world.client_for(world.dana)
    for url in (reverse("my_engagements"), reverse("engagement", args=[world.engagement.pk]), reverse("inbox")):
        assert f'<a class="help-now" href="{reverse("get_help")}">Get help now</a>' in client.get(url).text
    assert "Get help now" in world.client_for(None).get(reverse("login")).text  # before signing in, too
    assert 'class="help-now"' not in world.client_for(world.alice).get(reverse("caseload")).text  # staff only


def test_the_help_page_shows_the_practices_own_words_with_tap_to_call(world: World) -> None:
    services.crisis_resources_set(actor=world.alice, practice=world.practice,
                                  text="Juniper after hours: 0100 000 000, or see https://juniper.example.org/help.")
    page = world.client_for(world.dana).get(reverse("get_help"))
    assert page.status_code == 200
    assert "From Juniper" in page.text
    assert '<a href="tel:0100000000">0100 000 000</a>' in page.text
    assert '<a href="https://juniper.example.org/help">https://juniper.example.org/help</a>.' in page.text
    assert not AccessEvent.objects.exists()  # nobody is told


def test_without_a_practice_the_help_page_shows_general_helplines(world: World) -> None:
    page = world.client_for(None).get(reverse("get_help")).text
    assert '<a href="tel:988">988</a>' in page and '<a href="tel:116123">116 123</a>' in page
    assert '<a href="https://findahelpline.com">https://findahelpline.com</a>' in page
    oscar = world.client_for(world.oscar).get(reverse("get_help")).text
    assert "From Harbor" in oscar and '<a href="tel:988">988</a>' in oscar  # Harbor keeps the default


def test_text_is_escaped_before_links_are_made(world: World) -> None:
    services.crisis_resources_set(actor=world.alice, practice=world.practice,
                                  text='<script>alert(1)</script> call 0800 123 456 "x"')
    page = world.client_for(world.dana).get(reverse("get_help")).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="tel:0800123456">0800 123 456</a>' in page


def test_a_new_practice_is_asked_for_its_after_hours_contact_until_it_gives_one(world: World) -> None:
    caseload = world.client_for(world.alice).get(reverse("caseload")).text
    assert "Finish setting up Juniper" in caseload
    assert f'href="{reverse("crisis_resources", args=[world.practice.pk])}">Add your after-hours contact' in caseload
    home = world.client_for(world.fay).get(reverse("practice_people", args=[world.practice.pk])).text
    assert "Finish setting up Juniper" in home
    services.crisis_resources_set(actor=world.alice, practice=world.practice, text="Call 0100 000 000 after hours.")
    assert "Finish setting up" not in world.client_for(world.alice).get(reverse("caseload")).text
    assert "Finish setting up" not in world.client_for(world.fay).get(
        reverse("practice_people", args=[world.practice.pk])).text
