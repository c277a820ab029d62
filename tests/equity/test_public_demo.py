"""The demo's open door, after the whole demo loader: Harbor's page is published; asked for Portuguese and IFS, Ana
comes first with her reasons; Bia's request waits for the practice; running the hook again adds nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from cocreate.accounts.models import Practice, User
from cocreate.demo.practice import HARBOR, load_demo
from cocreate.equity import public, tiers
from cocreate.equity.demo_public import demo_public
from cocreate.equity.models import ConsultationRequest, Listing, RequestState


def _harbor_people() -> tuple[Practice, User, User, User]:
    return (Practice.objects.get(name=HARBOR), *(User.objects.get(email=f"{who}@harbor.example.org")
                                                 for who in ("ana", "diego", "kim")))


@pytest.mark.django_db
def test_harbor_has_a_published_page_where_ana_ranks_first_for_portuguese_and_ifs() -> None:
    assert load_demo()
    harbor, ana, diego, kim = _harbor_people()
    # load_demo may call the hook already (the lead wires it in demo/practice.py); calling it again must add nothing.
    demo_public(harbor, ana, diego, kim)
    demo_public(harbor, ana, diego, kim)
    page = public.page_of(harbor)
    assert page is not None and page.published and page.accepts_requests and page.slug == "harbor"

    offered = tiers.offered_tiers(harbor)
    found = public.matched(public.cards(harbor),
                           public.wish_from({"language": ["Portuguese"], "modality": ["IFS"]}, []), offered)
    assert [m.card.person for m in found] == [ana, diego, kim]
    assert found[0].points == 2 and found[0].met == ["speaks Portuguese", "offers IFS"] and found[0].unmet == []
    assert found[1].unmet == ["does not list Portuguese", "does not list IFS"]
    assert Listing.objects.filter(practice=harbor).count() == 3

    response = Client().get("/p/harbor/?language=Portuguese&modality=IFS")
    body = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=60"
    assert body.index("Ana Costa") < body.index("Diego Ramos") < body.index("Kim Walsh")
    assert "speaks Portuguese; offers IFS" in body

    waiting = ConsultationRequest.objects.get(practice=harbor)
    assert (waiting.name, waiting.state, waiting.facilitator) == ("Bia", RequestState.NEW, ana)
    assert waiting.preferences["languages"] == ["Portuguese"]
    listing = Client()
    listing.force_login(ana)
    assert "Bia" in listing.get(f"/practices/{harbor.pk}/requests/").content.decode()


@pytest.mark.django_db
def test_each_tier_of_harbor_has_someone_with_room_when_tiers_exist() -> None:
    load_demo()
    harbor, ana, diego, kim = _harbor_people()
    demo_public(harbor, ana, diego, kim)
    offered = {t.pk for t in tiers.offered_tiers(harbor)}
    listed = {t.pk for listing in Listing.objects.filter(practice=harbor) for t in listing.tiers.all()}
    assert listed == offered  # empty when no tiers are published yet; then the page says so
