"""The ruptures page: the flow of both sides, forms that show back what was typed, a supervisor who reads only,
strangers who get 404, and a page whose query count does not grow with its history."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.access.models import AccessEvent
from cocreate.alliance import ruptures
from cocreate.alliance.models import Repair, RepairWord, Rupture
from tests.alliance.ruptures_helpers import acc, held, named, supervise
from tests.conftest import World


def page(world: World) -> str:
    return f"/engagements/{world.engagement.pk}/relationship/ruptures/"


def test_the_client_names_it_the_facilitator_repairs_and_only_the_client_says_it_feels_repaired(world: World) -> None:
    session = held(world)
    dana, alice = world.client_for(world.dana), world.client_for(world.alice)
    shown = dana.get(page(world))
    assert shown.status_code == 200
    assert "Something not right between us?" in shown.content.decode()
    assert "Your care team will read this." in shown.content.decode()

    made = dana.post(page(world), {"description": "You looked at the clock while I spoke.", "session": session.pk})
    rupture = Rupture.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"#rupture-{rupture.pk}")
    assert rupture.session == session

    seen = alice.get(page(world)).content.decode()
    assert "You looked at the clock while I spoke." in seen and "Dana has not said yet." in seen
    assert alice.post(f"{page(world)}{rupture.pk}/repairs/",
                      {"description": "We talked about it together."}).status_code == 302
    assert Repair.objects.get().by == world.alice

    refused = alice.post(f"{page(world)}{rupture.pk}/word/", {"repaired": "yes"})
    assert refused.status_code == 403
    assert not RepairWord.objects.exists()

    assert dana.post(f"{page(world)}{rupture.pk}/word/", {"repaired": "yes", "note": "Thank you."}).status_code == 302
    assert not ruptures.open_ruptures([world.engagement.pk]).exists()
    assert "Feels repaired" in alice.get(page(world)).content.decode()


def test_a_form_that_needs_correcting_shows_back_what_was_typed_and_saves_nothing(world: World) -> None:
    dana = world.client_for(world.dana)
    empty = dana.post(page(world), {})
    assert empty.status_code == 400 and "Say what happened" in empty.content.decode()
    long = dana.post(page(world), {"description": "Long words " * 500})
    assert long.status_code == 400 and "Long words Long words" in long.content.decode()
    assert not Rupture.objects.exists()

    rupture = named(world)
    nothing = dana.post(f"{page(world)}{rupture.pk}/word/", {"note": "kept"})
    assert nothing.status_code == 400
    body = nothing.content.decode()
    assert "Choose “It feels repaired” or “Not yet”." in body and ">\nkept</textarea>" in body
    assert not RepairWord.objects.exists()
    assert dana.post(f"{page(world)}{rupture.pk}/repairs/", {}).status_code == 400
    assert not Repair.objects.exists()


def test_strangers_get_404_everywhere(world: World) -> None:
    rupture = named(world)
    for who in (world.carl, world.eve, world.oscar, world.olga, world.fay):
        browser = world.client_for(who)
        assert browser.get(page(world)).status_code == 404
        assert browser.post(page(world), {"description": "x"}).status_code == 404
        assert browser.post(f"{page(world)}{rupture.pk}/repairs/", {"description": "x"}).status_code == 404
        assert browser.post(f"{page(world)}{rupture.pk}/word/", {"repaired": "yes"}).status_code == 404
    assert Rupture.objects.count() == 1 and not Repair.objects.exists()


def test_a_rupture_of_another_engagement_is_404_behind_ones_own(world: World) -> None:
    foreign = Rupture.objects.create(engagement=world.eve_engagement, named_by=world.eve, description="theirs")
    dana = world.client_for(world.dana)
    assert dana.post(f"{page(world)}{foreign.pk}/word/", {"repaired": "yes"}).status_code == 404
    assert dana.post(f"{page(world)}{foreign.pk}/repairs/", {"description": "x"}).status_code == 404


def test_a_supervisor_reads_under_a_reason_and_writes_nothing(world: World) -> None:
    rupture = named(world)
    gus = world.client_for(world.gus)
    assert gus.get(page(world))["Location"] == "/supervision/"
    supervise(world)
    shown = gus.get(page(world))
    assert shown.status_code == 200 and "You looked at the clock" in shown.content.decode()
    assert "Name it" not in shown.content.decode()
    assert AccessEvent.objects.filter(actor=world.gus, what="ruptures", basis="supervision").exists()
    assert gus.post(page(world), {"description": "x"}).status_code == 403
    assert gus.post(f"{page(world)}{rupture.pk}/repairs/", {"description": "x"}).status_code == 403
    assert Rupture.objects.count() == 1 and not Repair.objects.exists()


def test_a_read_by_the_team_is_recorded_and_the_clients_own_is_not(world: World) -> None:
    world.client_for(world.dana).get(page(world))
    world.client_for(world.alice).get(page(world))
    assert list(AccessEvent.objects.filter(what="ruptures").values_list("actor", flat=True)) == [world.alice.pk]


def test_the_engagement_page_shows_the_section(world: World) -> None:
    named(world)
    body = world.client_for(world.dana).get(f"/engagements/{world.engagement.pk}/").content.decode()
    assert "1 strain named and not yet felt as repaired." in body
    assert f"/engagements/{world.engagement.pk}/relationship/fit/" in body


def test_the_page_reads_in_the_same_number_of_queries_however_many_ruptures(world: World) -> None:
    for who in (world.dana, world.alice):
        counts = []
        for more in (2, 12):
            for i in range(more):
                rupture = named(world, world.alice if i % 2 else world.dana, f"strain {i}", session=None)
                ruptures.repair_add(actor=world.alice, access=acc(world, world.alice), rupture=rupture,
                                    description="talked")
                ruptures.repair_word(actor=world.dana, access=acc(world, world.dana), rupture=rupture,
                                     repaired=bool(i % 3))
            browser = world.client_for(who)
            with CaptureQueriesContext(connection) as queries:
                assert browser.get(page(world)).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
