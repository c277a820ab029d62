"""Shared set-up for the public page's tests: Juniper's page published, Alice's and Carl's profiles and listings."""

from __future__ import annotations

from cocreate.alliance import identity_profiles as profiles
from cocreate.equity import public, public_requests
from cocreate.equity.models import ConsultationRequest, PublicPage
from tests.conftest import World


def published(world: World, *, accepts: bool = True, on: bool = True) -> PublicPage:
    profiles.profile_save(actor=world.alice, practice=world.practice, languages="Portuguese, English",
                          modalities="IFS; somatic therapy", positionality="Queer, immigrant.", published=True)
    profiles.profile_save(actor=world.carl, practice=world.practice, languages="Spanish", modalities="EMDR",
                          published=True)
    public.listing_save(actor=world.alice, practice=world.practice, times=["weekday_evening"],
                        lived_experience="Parent of two.")
    public.listing_save(actor=world.carl, practice=world.practice, times=["weekend"])
    return public.public_page_save(actor=world.alice, practice=world.practice, slug="juniper", published=on,
                                   about="We listen.", offers="Therapy.", accepts_requests=accepts)


def sent(world: World, page: PublicPage, address: str = "10.0.0.1", **given: object) -> ConsultationRequest:
    found = public_requests.request_create(page=page, address=address, email=str(given.pop("email", "bia@ex.org")),
                                           name=str(given.pop("name", "Bia")), **given)  # type: ignore[arg-type]
    assert found is not None
    return found
