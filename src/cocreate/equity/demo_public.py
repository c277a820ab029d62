"""The demo's open door: Harbor's public page published, three facilitators' profiles and listings that order
differently, and one consultation request waiting (Bia, preferring Portuguese, asking for Ana)."""

from __future__ import annotations

from cocreate.accounts.models import Practice, User
from cocreate.alliance import identity_profiles as profiles
from cocreate.equity import public, public_requests, tiers
from cocreate.equity.models import ConsultationRequest


def demo_public(practice: Practice, ana: User, diego: User, kim: User) -> None:
    """Call with Harbor and its facilitators Ana (admin), Diego and Kim. Safe to run twice. Reads the practice's fee
    tiers (demo_fees makes them) for who has room where; with none yet, the listings name no tier."""
    offered = [t.pk for t in tiers.offered_tiers(practice)]
    for who, languages, modalities, times, positionality, lived, room in (
        (ana, "Portuguese, English", "IFS, somatic therapy", ["weekday_evening"], "Brazilian-born woman, bilingual.",
         "Moved countries as an adult.", offered),
        (diego, "Spanish, English", "EMDR", ["weekday_daytime"], "Latino, first in my family at university.", "",
         offered[:1]),
        (kim, "English", "CBT", ["weekend"], "", "", offered[-1:]),
    ):
        profiles.profile_save(actor=who, practice=practice, languages=languages, modalities=modalities,
                              approach="Collaborative, at your pace.", positionality=positionality, published=True)
        public.listing_save(actor=who, practice=practice, times=times, lived_experience=lived, tier_ids=room)
    page = public.public_page_save(
        actor=ana, practice=practice, slug="harbor", published=True,
        about="A small counseling practice by the water.", offers="Individual psychotherapy, on a sliding scale.")
    if not ConsultationRequest.objects.filter(practice=practice).exists():
        public_requests.request_create(
            page=page, address="demo", email="bia@example.org", name="Bia", facilitator_id=ana.pk,
            message="Olá! I would like to talk in Portuguese if possible.",
            preferences={"languages": ["Portuguese"], "modalities": [], "times": [], "tier": None, "words": ""})
