"""The public page through the API: the page itself and sending a request need no token (`auth=None`); the
practice's side (its requests, accepting and declining, the page's settings, one's own listing) does. Judged by the
same services as the web pages: bad input answers 400 with `errors` by field; too many requests 429; a body over
20 KB 413; someone outside the practice 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StrictInt

from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.accounts.schemas import ErrorOut
from cocreate.equity import public, public_requests, tiers
from cocreate.equity.models import ConsultationRequest, PublicPage
from cocreate.equity.money import format_money
from cocreate.schemas import In

router = Router(tags=["public page"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PublicFeeOut(Schema):
    session_kind: str
    amount: int = Field(description="Minor units (cents) of `currency`.")
    currency: str
    shown: str


class PublicTierOut(Schema):
    id: int
    name: str
    guidance: str
    fees: list[PublicFeeOut]


class PublicFacilitatorOut(Schema):
    id: int
    name: str
    training: str
    approach: str
    modalities: list[str]
    languages: list[str]
    positionality: str
    credentials: list[str]
    times: list[str] = Field(description="weekday_daytime, weekday_evening, weekend.")
    lived_experience: str
    taking_clients: bool
    tiers: list[int] = Field(description="Ids of the tiers they have room at.")
    points: int = Field(description="How many of the things asked for they meet.")
    met: list[str]
    unmet: list[str]


class PublicPageOut(Schema):
    slug: str
    practice: str
    published: bool
    about: str
    offers: str
    who_reads: str
    accepts_requests: bool
    tiers: list[PublicTierOut]
    facilitators: list[PublicFacilitatorOut] = Field(description="In the matching's order (see the docs).")
    languages: list[str] = Field(description="What one may ask for: the union the facilitators list.")
    modalities: list[str]


class PublicRequestIn(In):
    email: str
    name: str = ""
    message: str = ""
    facilitator_id: StrictInt | None = None
    tier_id: StrictInt | None = None
    preferences: dict[str, Any] = Field(default_factory=dict, description=(
        "What matters to the person: languages, modalities, times (lists of text), tier (an id), words (text)."))
    website: str = Field("", description="Leave empty (a field for programs that fill every field).")


class PublicRequestSentOut(Schema):
    detail: str


class PublicRequestOut(Schema):
    id: int
    name: str
    email: str
    message: str
    preferences: dict[str, Any]
    facilitator_id: int | None
    tier_id: int | None
    created: datetime
    state: str = Field(description="new, accepted or declined.")
    handled_by_id: int | None
    handled_at: datetime | None
    reply: str
    referral: str
    invitation_id: int | None
    engagement_kind: str
    engagement_id: int | None


class PublicAcceptIn(In):
    kind: str = Field(description="psychotherapy or psychedelic_assisted.")


class PublicDeclineIn(In):
    reply: str
    referral: str = ""


class PublicSettingsIn(In):
    slug: str
    published: bool = False
    about: str = ""
    offers: str = ""
    who_reads: str = ""
    accepts_requests: bool = True


class PublicSettingsOut(Schema):
    slug: str
    published: bool
    about: str
    offers: str
    who_reads: str
    accepts_requests: bool
    saved: bool = Field(description="False: nothing saved yet; these are the suggestions.")


class PublicListingIn(In):
    times: list[str] = Field(default_factory=list, description="weekday_daytime, weekday_evening, weekend.")
    lived_experience: str = Field("", description="Public: anyone reading the practice's public page reads it.")
    taking_clients: bool = True
    tiers: list[StrictInt] = Field(default_factory=list)


class PublicListingOut(Schema):
    times: list[str]
    lived_experience: str
    taking_clients: bool
    tiers: list[int]


def _page_out(found: public.Page, query: Any) -> dict[str, Any]:
    practice = found.practice
    offered = tiers.offered_tiers(practice)
    currency = tiers.currency_of(practice)
    cards = public.cards(practice)
    wish = public.wish_from(query, [t.pk for t in offered])
    options = public.options(cards)
    page = found.page
    return {
        "slug": page.slug, "practice": practice.name, "published": page.published, "about": page.about,
        "offers": page.offers, "who_reads": page.who_reads, "accepts_requests": page.accepts_requests,
        "tiers": [{"id": t.pk, "name": t.name, "guidance": t.guidance,
                   "fees": [{"session_kind": f.session_kind, "amount": f.amount, "currency": currency,
                             "shown": format_money(f.amount, currency)} for f in t.fees.all()]} for t in offered],
        "facilitators": [_facilitator(m) for m in public.matched(cards, wish, offered)],
        "languages": options["languages"], "modalities": options["modalities"],
    }


def _facilitator(m: public.Match) -> dict[str, Any]:
    profile, listing, c = m.card.profile, m.card.listing, m.card.candidate
    return {"id": profile.person_id, "name": profile.person.name, "training": profile.training,
            "approach": profile.approach, "modalities": list(c.modalities), "languages": list(c.languages),
            "positionality": profile.positionality, "credentials": [x.title for x in profile.credentials.all()],
            "times": list(listing.times) if listing else [],
            "lived_experience": listing.lived_experience if listing else "", "taking_clients": c.taking_clients,
            "tiers": sorted(c.tiers), "points": m.points, "met": m.met, "unmet": m.unmet}


@router.get("/public/{slug}", auth=None, response={200: PublicPageOut, 404: ErrorOut})
def page_read(request: HttpRequest, slug: str) -> object:
    """The published page (a member signed in through the browser also reads it unpublished). Matching: any of
    `language`, `modality`, `time` (repeated), `tier` (an id) and `words`; facilitators come in the rule's order,
    each with the reasons met and not met."""
    return _page_out(public.page_for(request.user, slug), request.GET)


@router.post("/public/{slug}/requests", auth=None,
             response={202: PublicRequestSentOut, 400: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut,
                       429: ErrorOut})
def request_send(request: HttpRequest, slug: str, payload: PublicRequestIn) -> Status[object]:
    """Send a consultation request without an account."""
    if public_requests.too_big(request.META.get("CONTENT_LENGTH")):
        return Status(413, {"detail": _("The request is too large: keep the message under 2,000 characters.")})
    page = public.published_page(slug)
    try:
        public_requests.request_create(
            page=page, address=request.META.get("REMOTE_ADDR", ""), email=payload.email, name=payload.name,
            message=payload.message, facilitator_id=payload.facilitator_id, tier_id=payload.tier_id,
            preferences=payload.preferences, trap=payload.website)
    except public_requests.RateLimited:
        return Status(429, {"detail": _("Many requests came in during the last hour; please try again later, or "
                                        "write to the practice directly.")})
    return Status(202, {"detail": page.who_reads})


def _request_out(r: ConsultationRequest) -> dict[str, Any]:
    return {"id": r.pk, "name": r.name, "email": r.email, "message": r.message, "preferences": r.preferences,
            "facilitator_id": r.facilitator_id, "tier_id": r.tier_id, "created": r.created, "state": r.state,
            "handled_by_id": r.handled_by_id, "handled_at": r.handled_at, "reply": r.reply, "referral": r.referral,
            "invitation_id": r.invitation_id, "engagement_kind": r.engagement_kind, "engagement_id": r.engagement_id}


@router.get("/practices/{practice_id}/requests", response={200: list[PublicRequestOut], **ERRORS})
def requests_list(request: HttpRequest, practice_id: int) -> object:
    """Waiting first (newest first), then answered; for the practice's admins and facilitators."""
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    return [_request_out(r) for r in public_requests.requests_for(user, practice)]


@router.post("/practices/{practice_id}/requests/{request_id}/accept", response={200: PublicRequestOut, **ERRORS})
def request_accept(request: HttpRequest, practice_id: int, request_id: int, payload: PublicAcceptIn) -> object:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    return _request_out(public_requests.request_accept(actor=user, practice=practice, request_id=request_id,
                                                       kind=payload.kind))


@router.post("/practices/{practice_id}/requests/{request_id}/decline", response={200: PublicRequestOut, **ERRORS})
def request_decline(request: HttpRequest, practice_id: int, request_id: int, payload: PublicDeclineIn) -> object:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)
    return _request_out(public_requests.request_decline(actor=user, practice=practice, request_id=request_id,
                                                        reply=payload.reply, referral=payload.referral))


def _settings_out(page: PublicPage) -> dict[str, Any]:
    return {"slug": page.slug, "published": page.published, "about": page.about, "offers": page.offers,
            "who_reads": page.who_reads, "accepts_requests": page.accepts_requests, "saved": page.pk is not None}


@router.get("/practices/{practice_id}/public-page", response={200: PublicSettingsOut, **ERRORS})
def settings_read(request: HttpRequest, practice_id: int) -> object:
    practice = account_selectors.practice_for(request_user(request), practice_id, roles=(Role.ADMIN,))
    return _settings_out(public.page_settings(practice))


@router.put("/practices/{practice_id}/public-page", response={200: PublicSettingsOut, **ERRORS})
def settings_save(request: HttpRequest, practice_id: int, payload: PublicSettingsIn) -> object:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=(Role.ADMIN,))
    return _settings_out(public.public_page_save(actor=user, practice=practice, **payload.model_dump()))


def _listing_out(listing: Any) -> dict[str, Any]:
    if listing is None:
        return {"times": [], "lived_experience": "", "taking_clients": True, "tiers": []}
    return {"times": list(listing.times), "lived_experience": listing.lived_experience,
            "taking_clients": listing.taking_clients, "tiers": sorted(t.pk for t in listing.tiers.all())}


@router.get("/practices/{practice_id}/listing", response={200: PublicListingOut, **ERRORS})
def listing_read(request: HttpRequest, practice_id: int) -> object:
    """One's own listing in a practice where one is a facilitator."""
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=(Role.FACILITATOR,))
    return _listing_out(public.own_listing(user, practice))


@router.put("/practices/{practice_id}/listing", response={200: PublicListingOut, **ERRORS})
def listing_save(request: HttpRequest, practice_id: int, payload: PublicListingIn) -> object:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=(Role.FACILITATOR,))
    public.listing_save(actor=user, practice=practice, times=payload.times,
                        lived_experience=payload.lived_experience, taking_clients=payload.taking_clients,
                        tier_ids=payload.tiers)
    return _listing_out(public.own_listing(user, practice))
