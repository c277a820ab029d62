"""A practice's public page: its settings (the practice admins'), each facilitator's listing (their own), and the
page as anyone reads it, with the matching. Nothing here is client data: reading it leaves no access event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocreate.access.policy import NotAllowed, has_role
from cocreate.accounts.models import Membership, Practice, Role, User
from cocreate.alliance.identity_profiles import published_profiles
from cocreate.alliance.models import Profile
from cocreate.equity import matching, tiers
from cocreate.equity.models import TEXT_MAX, FeeTier, Listing, PublicPage, TimeOfWeek
from cocreate.text import clean_text

SLUG_MAX = 60
WHO_READS_MAX = 1000
LIVED_MAX = 1000
CHOICES_MAX = 10  # at most this many languages, modalities or times in one query
TERM_MAX = 100
WORDS_TEXT_MAX = 300


# The page's settings.

def page_of(practice: Practice) -> PublicPage | None:
    return PublicPage.objects.filter(practice=practice).first()


def suggest_slug(practice: Practice) -> str:
    base = slugify(practice.name.replace("(demo)", ""))[:SLUG_MAX - 4].strip("-") or "practice"
    slug, n = base, 2
    while PublicPage.objects.filter(slug=slug).exclude(practice=practice).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def default_who_reads(practice: Practice) -> str:
    names = sorted(set(Membership.objects.filter(practice=practice, role__in=(Role.ADMIN, Role.FACILITATOR),
                                                 user__is_active=True).values_list("user__name", flat=True)))
    return _("Your request is read by %(practice)s's admins and facilitators (%(names)s), and by no one else.") % {
        "practice": practice.name, "names": ", ".join(names)}


def page_settings(practice: Practice) -> PublicPage:
    """The practice's page, or an unsaved one with the suggested slug and wording (off)."""
    return page_of(practice) or PublicPage(practice=practice, slug=suggest_slug(practice), published=False,
                                           who_reads=default_who_reads(practice), accepts_requests=True)


def public_page_save(*, actor: User, practice: Practice, slug: str, published: bool, about: str = "",
                     offers: str = "", who_reads: str = "", accepts_requests: bool = True) -> PublicPage:
    """Write the page's settings (a practice admin's): its address, whether it is published, its words."""
    if not has_role(actor, Role.ADMIN, practice.pk):
        raise NotAllowed(_("Only the practice's admins change its public page."))
    errors: dict[str, list[str]] = {}
    slug = (slug or "").strip().lower()
    if not slug or slug != slugify(slug) or len(slug) > SLUG_MAX:
        errors["slug"] = [_("Use lower-case letters, digits and hyphens, at most %(n)d.") % {"n": SLUG_MAX}]
    texts: dict[str, str] = {}
    for name, value, limit in (("about", about, TEXT_MAX), ("offers", offers, TEXT_MAX),
                               ("who_reads", who_reads, WHO_READS_MAX)):
        try:
            texts[name] = clean_text(value, name, max_length=limit, required=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    taken = ValidationError({"slug": _("Another practice uses this address; choose another.")})
    if PublicPage.objects.filter(slug=slug).exclude(practice=practice).exists():
        raise taken
    try:
        with transaction.atomic():
            page, _made = PublicPage.objects.select_for_update().get_or_create(practice=practice,
                                                                               defaults={"slug": slug})
            page.slug, page.published, page.accepts_requests = slug, bool(published), bool(accepts_requests)
            page.about, page.offers = texts["about"], texts["offers"]
            page.who_reads = texts["who_reads"] or default_who_reads(practice)
            page.changed = timezone.now()
            page.save()
    except IntegrityError as exc:  # another practice took the address a moment ago
        raise taken from exc
    return page


# A facilitator's listing.

def own_listing(actor: User, practice: Practice) -> Listing | None:
    return Listing.objects.filter(person=actor, practice=practice).prefetch_related("tiers").first()


def listing_save(*, actor: User, practice: Practice, times: Sequence[str] = (), lived_experience: str = "",
                 taking_clients: bool = True, tier_ids: Sequence[int] = ()) -> Listing:
    """Write the actor's own listing in a practice where they are a facilitator (404 elsewhere)."""
    if not Membership.objects.filter(practice=practice, user=actor, role=Role.FACILITATOR).exists():
        raise Http404
    errors: dict[str, list[str]] = {}
    chosen_times = [t for t in TimeOfWeek.values if t in set(times)]
    if set(times) - set(TimeOfWeek.values):
        errors["times"] = [_("Choose times from the list.")]
    try:
        lived = clean_text(lived_experience, "lived_experience", max_length=LIVED_MAX, required=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    offered = {t.pk: t for t in tiers.offered_tiers(practice)}
    if set(tier_ids) - set(offered):
        errors["tiers"] = [_("Choose tiers the practice offers.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        listing, _made = Listing.objects.select_for_update().get_or_create(person=actor, practice=practice)
        listing.times, listing.lived_experience, listing.taking_clients = chosen_times, lived, bool(taking_clients)
        listing.changed = timezone.now()
        listing.save()
        listing.tiers.set([offered[i] for i in set(tier_ids)])
    return listing


# The page as anyone reads it.

@dataclass(frozen=True)
class Card:
    """One facilitator on the public page: their published profile, their listing (if any), and what matching
    reads of both."""

    profile: Profile
    listing: Listing | None
    candidate: matching.Candidate

    @property
    def person(self) -> User:
        return self.profile.person


@dataclass(frozen=True)
class Page:
    page: PublicPage
    practice: Practice
    preview: bool  # a member reading a page not published


def page_for(actor: User | AnonymousUser, slug: str) -> Page:
    """The page at `slug`: published, or a preview for the practice's own members; 404 otherwise."""
    page = PublicPage.objects.select_related("practice").filter(slug=slug).first()
    if page is None:
        raise Http404
    if page.published:
        return Page(page, page.practice, preview=False)
    if actor.is_authenticated and Membership.objects.filter(practice=page.practice, user_id=actor.pk).exists():
        return Page(page, page.practice, preview=True)
    raise Http404


def published_page(slug: str) -> PublicPage:
    """The published page at `slug` (for sending a request); 404 otherwise."""
    page = PublicPage.objects.select_related("practice").filter(slug=slug, published=True).first()
    if page is None:
        raise Http404
    return page


def cards(practice: Practice) -> list[Card]:
    """Every published facilitator profile with its listing: four queries however many."""
    profiles = published_profiles(practice)
    listings = {item.person_id: item for item in Listing.objects.filter(
        practice=practice, person_id__in=[p.person_id for p in profiles]).prefetch_related("tiers")}
    found = []
    for profile in profiles:
        listing = listings.get(profile.person_id)
        found.append(Card(profile, listing, matching.Candidate(
            key=profile.person_id, name=profile.person.name,
            languages=matching.split_terms(profile.languages), modalities=matching.split_terms(profile.modalities),
            times=listing.times if listing else (), tiers=[t.pk for t in listing.tiers.all()] if listing else (),
            own_words=f"{profile.positionality}\n{listing.lived_experience if listing else ''}",
            taking_clients=listing.taking_clients if listing else True)))
    return found


def options(found: Sequence[Card]) -> dict[str, list[str]]:
    """What a person may choose from: the union of the languages and of the modalities the facilitators list."""
    def union(terms: list[list[str]]) -> list[str]:
        seen: dict[str, str] = {}
        for each in terms:
            for term in each:
                seen.setdefault(term.casefold(), term)
        return sorted(seen.values(), key=str.casefold)

    return {"languages": union([list(c.candidate.languages) for c in found]),
            "modalities": union([list(c.candidate.modalities) for c in found])}


def wish_from(query: Mapping[str, Any], tier_ids: Sequence[int]) -> matching.Wish:
    """What the person asked for, from a query (a QueryDict or a dict of lists): anything unreadable is left out,
    never an error, since a shared link may be old."""
    def many(name: str) -> list[str]:
        values = query.getlist(name) if hasattr(query, "getlist") else query.get(name) or []
        if isinstance(values, str):
            values = [values]
        return [str(v).replace("\x00", "").strip()[:TERM_MAX] for v in values if str(v).strip()][:CHOICES_MAX]

    tier_raw = query.get("tier")
    tier_text = str(tier_raw[0] if isinstance(tier_raw, list) and tier_raw else tier_raw or "")
    tier = int(tier_text) if tier_text.isascii() and tier_text.isdigit() and int(tier_text) in tier_ids else None
    words = query.get("words") or ""
    words = str(words[0] if isinstance(words, list) and words else words).replace("\x00", "")[:WORDS_TEXT_MAX]
    return matching.Wish(languages=many("language"), modalities=many("modality"),
                         times=[t for t in many("time") if t in TimeOfWeek.values], tier=tier, words=words)


def wish_as_preferences(wish: matching.Wish) -> dict[str, Any]:
    return {"languages": list(wish.languages), "modalities": list(wish.modalities), "times": list(wish.times),
            "tier": wish.tier, "words": wish.words}


def reason_text(reason: matching.Reason, tier_names: Mapping[int, str]) -> str:
    value = reason.value
    if reason.kind == "language":
        return (_("speaks %(v)s") if reason.met else _("does not list %(v)s")) % {"v": value}
    if reason.kind == "modality":
        return (_("offers %(v)s") if reason.met else _("does not list %(v)s")) % {"v": value}
    if reason.kind == "time":
        label = str(TimeOfWeek(str(value)).label).lower()
        return (_("has %(v)s") if reason.met else _("does not list %(v)s")) % {"v": label}
    if reason.kind == "tier":
        name = tier_names.get(int(value), "")
        return (_("has room at %(v)s") if reason.met else _("lists no room at %(v)s")) % {"v": name}
    return (_("mentions “%(v)s” in their own words") if reason.met else _("does not mention “%(v)s”")) % {"v": value}


@dataclass(frozen=True)
class Match:
    card: Card
    points: int
    met: list[str]
    unmet: list[str]


def matched(found: Sequence[Card], wish: matching.Wish, offered: Sequence[FeeTier]) -> list[Match]:
    """Every card, in the rule's order, with its reasons in words."""
    by_key = {c.candidate.key: c for c in found}
    names = {t.pk: t.name for t in offered}
    return [Match(by_key[r.candidate.key], r.points, [reason_text(x, names) for x in r.met],
                  [reason_text(x, names) for x in r.unmet])
            for r in matching.rank([c.candidate for c in found], wish)]
