"""A fictional demo practice, written through the same services a person uses; safe to run again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Membership, Practice, Role, Supervision, User
from cocreate.accounts.services import practice_create
from cocreate.agreements import demo as agreements_demo
from cocreate.alliance.demo_endings import demo_endings
from cocreate.alliance.demo_feedback import demo_feedback
from cocreate.alliance.demo_identity import demo_identity
from cocreate.alliance.demo_ruptures import demo_ruptures
from cocreate.care import services
from cocreate.care.models import Engagement, Kind, Phase, Session, SessionKind, SessionStatus
from cocreate.demo import emergency as emergency_demo
from cocreate.demo import oregon as oregon_demo
from cocreate.equity.demo_fees import demo_fees
from cocreate.equity.demo_fund import demo_fund
from cocreate.equity.demo_public import demo_public
from cocreate.integration import demo as integration_demo
from cocreate.integration.demo_resources import demo_resources
from cocreate.library.services import library_seed
from cocreate.measures import demo as measures_demo
from cocreate.medicine import demo as medicine_demo
from cocreate.protocols import demo as protocols_demo

DEMO_PASSWORD = "cocreate-demo"  # noqa: S105 - a published demo login, never a real account


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    practice: str
    roles: tuple[str, ...]


JUNIPER = "Juniper Integrative Therapy (demo)"
HARBOR = "Harbor Light Counseling (demo)"

PEOPLE = [
    Person("maya@juniper.example.org", "Maya Okafor", JUNIPER, (Role.ADMIN, Role.FACILITATOR)),
    Person("theo@juniper.example.org", "Theo Lindqvist", JUNIPER, (Role.FACILITATOR,)),
    Person("ruth@juniper.example.org", "Ruth Abernathy", JUNIPER, (Role.SUPERVISOR,)),
    Person("sam@client.example.org", "Sam Rivera", JUNIPER, (Role.CLIENT,)),
    Person("priya@client.example.org", "Priya Nair", JUNIPER, (Role.CLIENT,)),
    Person("jordan@client.example.org", "Jordan Ellis", JUNIPER, (Role.CLIENT,)),
    Person("ana@harbor.example.org", "Ana Costa", HARBOR, (Role.ADMIN, Role.FACILITATOR)),
    Person("diego@harbor.example.org", "Diego Ramos", HARBOR, (Role.FACILITATOR,)),
    Person("kim@harbor.example.org", "Kim Walsh", HARBOR, (Role.FACILITATOR,)),
    Person("lee@client.example.org", "Lee Park", HARBOR, (Role.CLIENT,)),
    Person("rosa@client.example.org", "Rosa Delgado", HARBOR, (Role.CLIENT,)),
    Person("noor@client.example.org", "Noor Haddad", HARBOR, (Role.CLIENT,)),
]


def _people() -> dict[str, User]:
    # The demo's logins are published, so a second factor would only stand between a newcomer and the tour: its
    # practices start with the requirement off (their practice page says so, and how to turn it on).
    practices = {name: Practice.objects.filter(name=name).first()
                 or practice_create(name=name, second_factor_required=False)
                 for name in (JUNIPER, HARBOR)}
    for practice in practices.values():
        library_seed(practice=practice)  # a demo made before a topic shipped gets it too
    users: dict[str, User] = {}
    for p in PEOPLE:
        user = User.objects.filter(email=p.email).first()
        if user is None:
            user = User.objects.create_user(p.email, DEMO_PASSWORD, name=p.name)
        users[p.email.split("@")[0]] = user
        for role in p.roles:
            Membership.objects.get_or_create(practice=practices[p.practice], user=user, role=role)
    Supervision.objects.get_or_create(
        practice=practices[JUNIPER], supervisor=users["ruth"], supervisee=users["theo"]
    )
    return users


def _engagement(facilitator: User, client: User, kind: str, title: str, co: User | None = None) -> Engagement:
    practice = Membership.objects.get(user=client, role=Role.CLIENT).practice
    engagement = services.engagement_create(
        actor=facilitator, practice=practice, client_id=client.pk, kind=kind, title=title
    )
    if co is not None:
        services.care_team_add(actor=facilitator, access=engagement_access(facilitator, engagement),
                               facilitator_id=co.pk)
    return engagement


def _walk(actor: User, engagement: Engagement, phases: list[tuple[str, str]]) -> None:
    for phase, reason in phases:
        services.phase_transition(actor=actor, access=engagement_access(actor, engagement), to_phase=phase,
                                  reason=reason)


def _session(actor: User, engagement: Engagement, kind: str, days: int, hour: int, minutes: int, where: str,
             dose: int | None = None) -> None:
    start = (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    access = engagement_access(actor, engagement)
    session = services.session_schedule(actor=actor, access=access, kind=kind, starts_at=start,
                                        duration_minutes=minutes, location=where, planned_dose_mg=dose)
    if days < 0:  # the sessions in the past were held
        services.session_complete(actor=actor, access=access, session=session)


def _note(author: User, engagement: Engagement, body: str, private: bool = False) -> None:
    access = engagement_access(author, engagement)
    if private:
        services.private_note_create(actor=author, access=access, body=body)
    else:
        services.shared_note_create(actor=author, access=access, body=body)


@transaction.atomic
def load_demo() -> bool:
    """Create the demo practices once. Returns False when they were already there."""
    u = _people()
    if Engagement.objects.filter(client=u["sam"]).exists():
        agreements_demo.load(u)  # a demo made before agreements and measures existed gets them too
        measures_demo.load(u)
        return False
    maya, theo = u["maya"], u["theo"]
    room = "Juniper studio, 14 Alder Lane, room 2"
    juniper = Practice.objects.get(name=JUNIPER)
    protocols_demo.choose_pack(maya, juniper, "psychedelic_general")

    sam = _engagement(maya, u["sam"], Kind.PSYCHOTHERAPY, "Weekly integrative psychotherapy")
    _walk(maya, sam, [(Phase.SCREENING, "Intake questionnaire done"),
                      (Phase.THERAPY, "Agreed to start weekly work")])
    _session(maya, sam, SessionKind.PSYCHOTHERAPY, -7, 17, 50, room)
    _session(maya, sam, SessionKind.PSYCHOTHERAPY, 1, 17, 50, "Video: the practice's usual meeting link")
    _note(u["sam"], sam, "This week I noticed I apologise before I ask for anything at work. "
          "I want to look at that together.")
    _note(maya, sam, "Thank you for noticing that. Let's start there on Thursday, at whatever pace suits you.")
    _note(maya, sam, "Sam brightened when talking about the allotment; possible resource to return to.", private=True)

    # Priya, under the practice's own rules: everything in place but the safety plan, which waits for her.
    priya = _engagement(maya, u["priya"], Kind.PSYCHEDELIC_ASSISTED, "Psilocybin-assisted therapy", co=theo)
    _walk(maya, priya, [(Phase.SCREENING, "Consultation complete; both want to continue")])
    protocols_demo.screened(u["priya"], maya, priya, "Nothing in your answers stands in the way. We will keep "
                            "an eye on sleep, as you mentioned, and talk about music that feels safe.",
                            yes={"allergies": "Penicillin"})
    _walk(maya, priya, [(Phase.PREPARATION, "Screening reviewed together; no contraindications found")])
    _session(maya, priya, SessionKind.PREPARATION, -3, 10, 90, room)
    _session(theo, priya, SessionKind.PREPARATION, 4, 10, 90, room)
    protocols_demo.forms_acknowledged(u["priya"], priya)
    protocols_demo.checked_in(u["priya"], priya, "Nervous but mostly looking forward to it.")
    _note(u["priya"], priya, "My intention so far: to meet my grief for my grandmother with less fear. "
          "I would like her shawl with me in the room.")
    _note(theo, priya, "We would be glad to have the shawl there. Next time we can talk through music "
          "and whether you would like silence at the start.")
    _note(theo, priya, "Notice my own urge to reassure when Priya talks about grief; stay with her pace.",
          private=True)

    # Jordan, under the research-style MDMA protocol: one medicine session held, the next one cleared.
    jordan = _engagement(theo, u["jordan"], Kind.PSYCHEDELIC_ASSISTED, "MDMA-assisted therapy (dyad)", co=maya)
    protocols_demo.move_to(theo, jordan, "mdma_research", "Jordan chose the research-style protocol with a dyad")
    _walk(theo, jordan, [(Phase.SCREENING, "Referred by primary care")])
    protocols_demo.screened(u["jordan"], theo, jordan, "You can take part. Your blood pressure was normal at the "
                            "check; we will measure it during each medicine session.")
    _walk(theo, jordan, [(Phase.PREPARATION, "Screening complete")])
    for days in (-34, -27, -20):
        _session(theo, jordan, SessionKind.PREPARATION, days, 10, 90, room)
    agreements_demo.load(u)
    protocols_demo.forms_acknowledged(u["jordan"], jordan)
    measures_demo.answered(u["jordan"], jordan, "cssrs_screener")
    protocols_demo.checked_in(u["jordan"], jordan, "Steady. Slept well this week.")
    _walk(theo, jordan, [(Phase.MEDICINE, "Three preparation sessions held; Jordan feels ready")])
    first = (timezone.localtime() - timedelta(days=14)).replace(hour=9, minute=0, second=0, microsecond=0)
    medicine_demo.held(theo, maya, u["jordan"], jordan, first, room)
    _walk(theo, jordan, [(Phase.INTEGRATION, "First medicine session completed without complications")])
    _session(maya, jordan, SessionKind.INTEGRATION, -5, 11, 90, room)
    _session(theo, jordan, SessionKind.INTEGRATION, 2, 11, 90, room)
    _session(theo, jordan, SessionKind.MEDICINE, 24, 9, 8 * 60, room, dose=120)
    _note(u["jordan"], jordan, "Day after: I felt my shoulders drop for the first time in months. "
          "Not sure what it means yet, just writing it down.")
    _note(maya, jordan, "Thank you for writing it down as it was. We can look at it together when you are ready.")
    integration_demo.load(u["jordan"], maya, jordan)
    demo_resources(jordan, u["jordan"], maya)

    lee = _engagement(u["ana"], u["lee"], Kind.PSYCHOTHERAPY, "Short-term counselling")
    _session(u["ana"], lee, SessionKind.CONSULTATION, 3, 15, 50, "Harbor Light, Pier Road 3")
    _note(u["lee"], lee, "Looking forward to the first meeting.")
    oregon_demo.load(Practice.objects.get(name=HARBOR), u["ana"], u["rosa"], u["noor"])
    measures_demo.load(u)
    _relationship(u, sam, lee)
    _equity(u, juniper, jordan)
    emergency_demo.load(u["ruth"], sam)
    return True


def _equity(u: dict[str, User], juniper: Practice, jordan: Engagement) -> None:
    """Juniper's fund (donations, one mistake reversed) and sliding scale, Jordan's supported tier and his
    sessions paid half from the fund; Harbor's tiers, its public page and a consultation request waiting."""
    harbor = Practice.objects.get(name=HARBOR)
    demo_fund(juniper, u["maya"])  # money above a tier comes in through payments (fees), so only donations here
    demo_fees(juniper=juniper, harbor=harbor, maya=u["maya"], ana=u["ana"], jordan=u["jordan"], engagement=jordan)
    demo_public(harbor, u["ana"], u["diego"], u["kim"])


def _relationship(u: dict[str, User], sam: Engagement, lee: Engagement) -> None:
    """Sam's feedback and a repaired rupture, Maya's profile and both their identities; Theo proposed for Sam's
    care team and accepted; Lee's ending with a referral and a closing summary."""
    maya = u["maya"]
    held = Session.objects.filter(engagement=sam, status=SessionStatus.COMPLETED).order_by("starts_at").first()
    if held is not None:
        demo_feedback(sam, u["sam"], maya, held)
    demo_ruptures(sam, u["sam"], maya)
    demo_identity(sam, u["sam"], maya)
    demo_endings(sam, u["sam"], maya, u["theo"], ended=lee)


def demo_logins() -> list[tuple[str, str, str]]:
    return [(p.email, p.name, f"{p.practice}: {', '.join(str(r) for r in p.roles)}") for p in PEOPLE]
