"""Demo of who we each are, written through the real services; safe to run again (a person who has items, a
profile that exists, an author who has entries are left as they are)."""

from __future__ import annotations

from cocreate.accounts.models import User
from cocreate.alliance import identity, reflection
from cocreate.alliance import identity_profiles as profiles
from cocreate.alliance.models import IdentityItem, Profile, ReflectionEntry, Visibility
from cocreate.care.models import Engagement

SHARED, ONLY_ME = Visibility.SHARED, Visibility.ONLY_ME


def _items(person: User, items: list[tuple[str, str, str]]) -> None:
    if IdentityItem.objects.filter(person=person).exists():
        return
    for topic, text, visibility in items:
        identity.identity_add(actor=person, topic=topic, text=text, visibility=visibility)


def demo_identity(engagement: Engagement, client: User, facilitator: User) -> None:
    """The facilitator's published profile in the engagement's practice (training, approach, a credential, a
    positionality statement); identities with mixed visibility for the client and the facilitator (the client's
    spiritual background is offered beside the setting plan's form); and one reflection entry of the facilitator's,
    not shared, about the engagement's latest held session if there is one."""
    practice = engagement.practice
    _items(client, [
        ("Pronouns", "she/her", SHARED),
        ("Languages", "English, and Gujarati at home with my grandmother", SHARED),
        ("Spiritual background", "I grew up Hindu. My grandmother's evening prayer still steadies me.", SHARED),
        ("Anything else I want known", "I am still deciding how much to tell my family about this work.", ONLY_ME),
    ])
    _items(facilitator, [
        ("Pronouns", "she/her", SHARED),
        ("Cultural background", "White, raised in a working-class family in the rural Midwest; English is my only "
                                "fluent language.", SHARED),
        ("Community", "What I carry from my own years of therapy stays mine.", ONLY_ME),
    ])
    if not Profile.objects.filter(person=facilitator, practice=practice).exists():
        profiles.profile_save(
            actor=facilitator, practice=practice, published=True,
            training="MA in counselling psychology; a two-year training in psychedelic-assisted therapy; ongoing "
                     "supervision in relational and somatic work.",
            approach="I follow your lead. We agree together what we work on and how, and we check often whether "
                     "the way we work suits you.",
            modalities="Relational psychotherapy; Internal Family Systems; somatic awareness",
            languages="English",
            positionality="I am a white, middle-aged, cisgender woman with a graduate degree and a secure income. "
                          "That shapes what I notice and what I miss, and it puts power on my side of the room: I "
                          "hold the record and the session's frame. I try to name that difference, to ask rather "
                          "than assume, and to hear it when I get it wrong.")
        profiles.credential_add(actor=facilitator, practice=practice, title="Licensed psilocybin facilitator",
                                issuer="Oregon Health Authority", number="PSF-000123")
    if not ReflectionEntry.objects.filter(author=facilitator).exists():
        held = (engagement.sessions.filter(status="completed").order_by("-starts_at").values_list("pk", flat=True)
                .first())
        session_id = held if held is not None and reflection.team_session(facilitator, held) else None
        reflection.reflection_write(
            actor=facilitator, session_id=session_id, practice_id=practice.pk,
            prompt=str(reflection.QUESTIONS[2]),
            text="When she spoke about her grandmother's prayer I felt a pull to move on to the plan for the "
                 "session. I think that was my discomfort with religion, not her pace. Next time: slow down, ask "
                 "what the prayer means to her, and let it have room in the setting plan if she wants it.")
