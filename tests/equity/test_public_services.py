"""The public page's services: settings, listings, requests (limits, honeypot, bad input), accept and decline."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from cocreate.access.policy import NotAllowed
from cocreate.accounts import services as account_services
from cocreate.accounts.models import Invitation
from cocreate.care.models import CareTeamMember, Engagement
from cocreate.equity import public, public_requests
from cocreate.equity.models import ConsultationRequest, RequestState
from cocreate.inbox.models import Notice
from tests.conftest import World
from tests.equity.public_helpers import published, sent


def test_settings_off_by_default_with_a_suggested_slug(world: World) -> None:
    page = public.page_settings(world.practice)
    assert page.pk is None and not page.published and page.slug == "juniper"
    assert "Alice" in page.who_reads and "Fay" in page.who_reads


def test_only_admins_write_settings_and_slugs_are_unique(world: World) -> None:
    with pytest.raises(NotAllowed):
        public.public_page_save(actor=world.bea, practice=world.practice, slug="x", published=True)
    public.public_page_save(actor=world.olga, practice=world.other_practice, slug="harbor", published=True)
    with pytest.raises(ValidationError) as err:
        public.public_page_save(actor=world.alice, practice=world.practice, slug="harbor", published=True)
    assert "slug" in err.value.message_dict
    with pytest.raises(ValidationError):
        public.public_page_save(actor=world.alice, practice=world.practice, slug="Not a slug!", published=True)


def test_listing_is_ones_own_and_checks_its_choices(world: World) -> None:
    with pytest.raises(Http404):
        public.listing_save(actor=world.fay, practice=world.practice)
    with pytest.raises(ValidationError) as err:
        public.listing_save(actor=world.bea, practice=world.practice, times=["midnight"], tier_ids=[999],
                            lived_experience="x\x00")
    assert set(err.value.message_dict) == {"times", "tiers", "lived_experience"}


def test_unpublished_page_is_hidden_except_to_members(world: World) -> None:
    published(world, on=False)
    with pytest.raises(Http404):
        public.page_for(world.oscar, "juniper")
    assert public.page_for(world.dana, "juniper").preview
    with pytest.raises(Http404):
        public.published_page("juniper")


def test_matching_orders_the_cards_with_reasons(world: World) -> None:
    page = published(world)
    cards = public.cards(page.practice)
    wish = public.wish_from({"language": ["Portuguese"], "modality": ["IFS"], "time": ["weekday_evening"]}, [])
    found = public.matched(cards, wish, [])
    assert [m.card.person.name for m in found] == ["Alice", "Carl"]
    assert found[0].met == ["speaks Portuguese", "offers IFS", "has weekday evenings"]
    assert found[1].unmet == ["does not list Portuguese", "does not list IFS", "does not list weekday evenings"]
    assert public.options(cards) == {"languages": ["English", "Portuguese", "Spanish"],
                                     "modalities": ["EMDR", "IFS", "somatic therapy"]}


def test_a_request_tells_the_practice_and_keeps_no_address(world: World) -> None:
    page = published(world)
    found = sent(world, page, facilitator_id=world.alice.pk, message="Olá",
                 preferences={"languages": ["Portuguese"], "junk": "x", "tier": True})
    assert found.address_hash != "10.0.0.1" and len(found.address_hash) == 64
    assert found.preferences == {"languages": ["Portuguese"], "modalities": [], "times": [], "tier": None,
                                 "words": ""}
    told = set(Notice.objects.filter(kind="consultation_request").values_list("recipient__name", flat=True))
    assert told == {"Alice", "Bea", "Carl", "Fay"}


def test_honeypot_stores_nothing(world: World) -> None:
    page = published(world)
    assert public_requests.request_create(page=page, address="1.1.1.1", email="bot@ex.org", trap="http://spam") is None
    assert not ConsultationRequest.objects.exists() and not Notice.objects.exists()


@pytest.mark.parametrize(("given", "field"), [
    ({"email": "not-an-email"}, "email"),
    ({"email": "a\x00@ex.org"}, "email"),
    ({"message": "x" * 2001}, "message"),
    ({"message": "nul\x00"}, "message"),
    ({"facilitator_id": 999_999}, "facilitator"),
    ({"tier_id": 999_999}, "tier"),
])
def test_bad_input_is_named_and_stores_nothing(world: World, given: dict, field: str) -> None:
    page = published(world)
    with pytest.raises(ValidationError) as err:
        public_requests.request_create(page=page, address="1.1.1.1", **{"email": "a@ex.org", **given})
    assert field in err.value.message_dict
    assert not ConsultationRequest.objects.exists()


def test_a_facilitator_of_another_practice_is_refused(world: World) -> None:
    page = published(world)
    with pytest.raises(ValidationError):
        public_requests.request_create(page=page, address="1", email="a@ex.org", facilitator_id=world.olga.pk)


def test_rate_limit_per_address_and_per_practice(world: World, settings: object) -> None:
    settings.CONSULTATION_REQUESTS_PER_ADDRESS_HOUR = 2  # type: ignore[attr-defined]
    settings.CONSULTATION_REQUESTS_PER_PRACTICE_HOUR = 3  # type: ignore[attr-defined]
    page = published(world)
    sent(world, page, "1.1.1.1")
    sent(world, page, "1.1.1.1")
    with pytest.raises(public_requests.RateLimited):
        sent(world, page, "1.1.1.1")
    sent(world, page, "2.2.2.2")
    with pytest.raises(public_requests.RateLimited):
        sent(world, page, "3.3.3.3")
    assert ConsultationRequest.objects.count() == 3


def test_accept_invites_and_accepting_opens_the_engagement(world: World) -> None:
    page = published(world)
    found = sent(world, page, email="bia@ex.org", name="")
    mail.outbox.clear()
    with pytest.raises(NotAllowed):
        public_requests.request_accept(actor=world.fay, practice=world.practice, request_id=found.pk,
                                       kind="psychotherapy")
    with pytest.raises(Http404):
        public_requests.request_accept(actor=world.olga, practice=world.practice, request_id=found.pk,
                                       kind="psychotherapy")
    with django_capture() as callbacks:
        accepted = public_requests.request_accept(actor=world.bea, practice=world.practice, request_id=found.pk,
                                                  kind="psychotherapy")
    assert callbacks and accepted.state == RequestState.ACCEPTED
    invitation = Invitation.objects.get(pk=accepted.invitation_id)
    assert (invitation.email, invitation.name, invitation.role) == ("bia@ex.org", "bia", "client")
    with pytest.raises(ValidationError):
        public_requests.request_decline(actor=world.bea, practice=world.practice, request_id=found.pk, reply="No")
    raw = "inv-test"
    from cocreate.accounts.models import hash_token
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(raw))
    user = account_services.invitation_accept(raw=raw, name="Bia", password="a-long-test-password-1")
    found.refresh_from_db()
    engagement = Engagement.objects.get(pk=found.engagement_id)
    assert (engagement.client_id, engagement.kind) == (user.pk, "psychotherapy")
    assert list(CareTeamMember.objects.filter(engagement=engagement).values_list("facilitator_id", flat=True)) == [
        world.bea.pk]


def test_decline_emails_the_reply_and_referral_once(world: World) -> None:
    page = published(world)
    found = sent(world, page)
    mail.outbox.clear()
    with django_capture():
        public_requests.request_decline(actor=world.carl, practice=world.practice, request_id=found.pk,
                                        reply="We are full, sorry.", referral="Try Harbor Clinic.")
    assert len(mail.outbox) == 1
    assert "We are full, sorry." in mail.outbox[0].body and "Try Harbor Clinic." in mail.outbox[0].body
    assert mail.outbox[0].to == ["bia@ex.org"]
    with pytest.raises(ValidationError):
        public_requests.request_decline(actor=world.carl, practice=world.practice, request_id=found.pk, reply="x")
    with pytest.raises(ValidationError):
        public_requests.request_accept(actor=world.carl, practice=world.practice, request_id=found.pk,
                                       kind="psychotherapy")


def test_an_empty_reply_is_refused(world: World) -> None:
    found = sent(world, published(world))
    with pytest.raises(ValidationError) as err:
        public_requests.request_decline(actor=world.carl, practice=world.practice, request_id=found.pk, reply=" ")
    assert "reply" in err.value.message_dict
    found.refresh_from_db()
    assert found.state == RequestState.NEW


def django_capture():  # type: ignore[no-untyped-def]
    from django.test import TestCase
    return TestCase.captureOnCommitCallbacks(execute=True)
