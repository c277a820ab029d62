"""Who each person is, in their own words: the identity items a client or a facilitator writes, each with its own
visibility, and who may read them.

Nothing here is required and nothing is inferred. A topic is the person's own heading (a few are offered as
starting points, never as categories to pick from); an item is "the people I work with here" (a client's care
teams; a facilitator's clients and colleagues) or "only me". An item kept to oneself is not found by anyone else.
A read of a client's shared items by their care team is an access event ("identities") the client sees.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.access.policy import EngagementAccess, Relation
from cocreate.access.services import access_record
from cocreate.accounts.models import Membership, Role, User
from cocreate.alliance.models import IdentityItem, Profile, Visibility
from cocreate.care.models import CareTeamMember, Engagement
from cocreate.text import clean_text

TOPIC_MAX = IdentityItem._meta.get_field("topic").max_length or 60
TEXT_MAX = 1000
ITEMS_MAX = 40  # a person's items in all: room for much, not for a flood
STAFF = (Role.FACILITATOR, Role.SUPERVISOR, Role.ADMIN)

# Starting points only: any topic is taken, in the person's own words.
SUGGESTED_TOPICS = (
    gettext_lazy("Pronouns"),
    gettext_lazy("Languages"),
    gettext_lazy("Cultural background"),
    gettext_lazy("Spiritual background"),
    gettext_lazy("Community"),
    gettext_lazy("Anything else I want known"),
)

# Words that make a shared item a suggestion for the setting plan's culturally specific or spiritual objects and
# practices. A match only offers the client's own words back beside that field; it says nothing about them.
BACKGROUND_WORDS = ("cultur", "spiritu", "relig", "faith", "tradition", "heritage", "ancest", "ceremon", "ritual",
                    "pray", "sacred", "belief")


# Reads.

def own_items(actor: User) -> list[IdentityItem]:
    return list(IdentityItem.objects.filter(person=actor).order_by("created", "id"))


def own_item(actor: User, item_id: int) -> IdentityItem:
    """One of the actor's own items; anyone else's is not found, whatever its visibility."""
    found = IdentityItem.objects.filter(person=actor, pk=item_id).first()
    if found is None:
        raise Http404
    return found


def shared_items(person_ids: Iterable[int]) -> dict[int, list[IdentityItem]]:
    """The shared items of these people, by person: one query."""
    found: dict[int, list[IdentityItem]] = {}
    for item in IdentityItem.objects.filter(person_id__in=set(person_ids), visibility=Visibility.SHARED
                                            ).order_by("created", "id"):
        found.setdefault(item.person_id, []).append(item)
    return found


def works_with(reader: User, person: User) -> bool:
    """Whether `person`'s shared items reach `reader`: a client's reach their care teams; a facilitator's reach
    their clients and their colleagues (staff of a practice where both work)."""
    if reader.pk == person.pk:
        return True
    teams = CareTeamMember.objects.filter(removed_at__isnull=True)
    if teams.filter(Q(engagement__client=person, facilitator=reader) | Q(engagement__client=reader, facilitator=person)
                    ).exists():
        return True
    staff_practices = Membership.objects.filter(user=person, role__in=STAFF).values("practice_id")
    return Membership.objects.filter(user=reader, role__in=STAFF, practice_id__in=staff_practices).exists()


def visible_items(reader: User, person: User) -> list[IdentityItem]:
    """What `reader` may read of who `person` is: all of one's own; another's shared items where they work
    together; nothing otherwise."""
    if reader.pk == person.pk:
        return own_items(reader)
    if not works_with(reader, person):
        return []
    return shared_items([person.pk]).get(person.pk, [])


@dataclass
class Member:
    person: User
    items: list[IdentityItem]
    has_profile: bool  # a published profile in the engagement's practice


@dataclass
class WhoWeAre:
    client: User
    client_items: list[IdentityItem]
    team: list[Member] = field(default_factory=list)


def who_we_are(access: EngagementAccess, actor: User, *, via: str = "web") -> WhoWeAre | None:
    """The client's shared items for their care team, the team's shared items for the client (and for each other):
    three queries. A care team's read of what the client shared is recorded; supervision is shown nothing here."""
    if access.relation is Relation.SUPERVISOR:
        return None
    engagement = access.engagement
    members = [m.facilitator for m in CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True)
               .select_related("facilitator").order_by("added_at", "id")]
    items = shared_items([engagement.client_id, *(m.pk for m in members)])
    published = set(Profile.objects.filter(practice_id=engagement.practice_id, person_id__in=[m.pk for m in members],
                                           published=True).values_list("person_id", flat=True))
    client_items = items.get(engagement.client_id, [])
    if client_items:
        access_record(actor=actor, access=access, what="identities", via=via)
    return WhoWeAre(client=engagement.client, client_items=client_items,
                    team=[Member(m, items.get(m.pk, []), m.pk in published) for m in members])


def is_about_background(item: IdentityItem) -> bool:
    words = f"{item.topic} {item.text}".casefold()
    return any(word in words for word in BACKGROUND_WORDS)


def background_suggestions(access: EngagementAccess, actor: User) -> list[IdentityItem]:
    """The client's shared items about their cultural or spiritual background, offered beside the setting plan's
    field for culturally specific objects and practices. A care team's read of them is recorded."""
    if access.relation is Relation.SUPERVISOR:
        return []
    engagement: Engagement = access.engagement
    found = [i for i in shared_items([engagement.client_id]).get(engagement.client_id, []) if is_about_background(i)]
    if found:
        access_record(actor=actor, access=access, what="identities")
    return found


# Writes: each person's own.

def _cleaned(topic: str, text: str, visibility: str) -> tuple[str, str, str]:
    errors: dict[str, list[str]] = {}
    try:
        topic = clean_text(topic, "topic", max_length=TOPIC_MAX,
                           message=_("Give it a heading in your own words, for example one of the starting points."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        text = clean_text(text, "text", max_length=TEXT_MAX, message=_("Write what you want known."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if visibility not in Visibility.values:
        errors["visibility"] = [_("Choose who may read it: the people you work with here, or only you.")]
    if errors:
        raise ValidationError(errors)
    return topic, text, visibility


def identity_add(*, actor: User, topic: str, text: str, visibility: str = Visibility.ONLY_ME) -> IdentityItem:
    """A new item about who the actor is, in their words; only theirs unless they say otherwise."""
    topic, text, visibility = _cleaned(topic, text, visibility)
    with transaction.atomic():
        if IdentityItem.objects.filter(person=actor).count() >= ITEMS_MAX:
            raise ValidationError({"__all__": _("You have %(n)d items already: change or delete one to add another.")
                                   % {"n": ITEMS_MAX}})
        now = timezone.now()
        return IdentityItem.objects.create(person=actor, topic=topic, text=text, visibility=visibility, created=now,
                                           changed=now)


def identity_update(*, actor: User, item: IdentityItem, topic: str, text: str, visibility: str) -> IdentityItem:
    if item.person_id != actor.pk:
        raise Http404
    topic, text, visibility = _cleaned(topic, text, visibility)
    with transaction.atomic():
        item.topic, item.text, item.visibility, item.changed = topic, text, visibility, timezone.now()
        item.save(update_fields=["topic", "text", "visibility", "changed"])
    return item


def identity_delete(*, actor: User, item: IdentityItem) -> None:
    """Gone for good: nobody reads it again, the person included."""
    if item.person_id != actor.pk:
        raise Http404
    with transaction.atomic():
        IdentityItem.objects.filter(pk=item.pk, person=actor).delete()
