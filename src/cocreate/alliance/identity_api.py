"""Who we each are, through the API: one's own identity items (any topic, in one's words, each with its
visibility), "who we are" on an engagement, the practice's published facilitator profiles, and one's own profile
and credentials. The reflection journal's endpoints join from their own module."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from cocreate.accounts.current import request_user
from cocreate.accounts.models import User
from cocreate.accounts.schemas import ErrorOut
from cocreate.alliance import identity
from cocreate.alliance import identity_profiles as profiles
from cocreate.alliance.identity_reflection_api import router as reflection_router
from cocreate.alliance.models import IdentityItem, Profile, Visibility
from cocreate.care import selectors as care_selectors
from cocreate.schemas import StrictIn

router = Router(tags=["relationship"])
router.add_router("", reflection_router)
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                                     422: ErrorOut}


class IdentityItemOut(Schema):
    id: int
    topic: str = Field(description="The person's own heading.")
    text: str
    visibility: str = Field(description="shared: the people they work with here; only_me: nobody else.")
    created: datetime
    changed: datetime


class IdentityIn(StrictIn):
    topic: str = Field("", description=f"Any heading, in one's own words (up to {identity.TOPIC_MAX} characters).")
    text: str = Field("", description=f"Up to {identity.TEXT_MAX} characters.")
    visibility: str = Field(Visibility.ONLY_ME, description="shared or only_me.")


class IdentityPatchIn(StrictIn):
    topic: str | None = None
    text: str | None = None
    visibility: str | None = None


class PersonWithItemsOut(Schema):
    id: int
    name: str
    items: list[IdentityItemOut]
    profile_url: str | None = Field(None, description="Their published profile in the engagement's practice.")


class WhoWeAreOut(Schema):
    client: PersonWithItemsOut
    care_team: list[PersonWithItemsOut]


class CredentialOut(Schema):
    id: int
    title: str
    issuer: str = Field(description="The issuing state or body.")
    number: str


class ProfileOut(Schema):
    person_id: int
    name: str
    practice_id: int
    training: str
    approach: str
    modalities: str
    languages: str
    positionality: str
    published: bool
    changed: datetime
    credentials: list[CredentialOut]
    identities: list[IdentityItemOut] = Field(
        description="What the facilitator shares of who they are, when the reader works with them.")


class ProfileIn(StrictIn):
    training: str = ""
    approach: str = ""
    modalities: str = ""
    languages: str = ""
    positionality: str = ""
    published: bool = False
    version: datetime | None = Field(None, description="The `changed` of the profile as last read: a save made "
                                                       "meanwhile elsewhere is then not overwritten (400).")


class CredentialIn(StrictIn):
    title: str = ""
    issuer: str = ""
    number: str = ""


def _item(item: IdentityItem) -> dict[str, object]:
    return {"id": item.pk, "topic": item.topic, "text": item.text, "visibility": item.visibility,
            "created": item.created, "changed": item.changed}


def _profile(profile: Profile, reader: User) -> dict[str, object]:
    shared = [i for i in identity.visible_items(reader, profile.person) if i.visibility == Visibility.SHARED]
    return {"person_id": profile.person_id, "name": profile.person.name, "practice_id": profile.practice_id,
            **{name: getattr(profile, name) for name in profiles.PROFILE_LIMITS},
            "published": profile.published, "changed": profile.changed,
            "credentials": [{"id": c.pk, "title": c.title, "issuer": c.issuer, "number": c.number}
                            for c in profile.credentials.all()],
            "identities": [_item(i) for i in shared]}


# One's own identity items.

@router.get("/me/identities", response={200: list[IdentityItemOut], **ERRORS})
def my_identities(request: HttpRequest) -> object:
    """All of one's own items, shared and kept to oneself."""
    return [_item(i) for i in identity.own_items(request_user(request))]


@router.post("/me/identities", response={201: IdentityItemOut, **ERRORS})
def identity_add(request: HttpRequest, payload: IdentityIn) -> Status[object]:
    """A new item: any topic, in one's own words. An over-long topic or text is refused by field (400)."""
    item = identity.identity_add(actor=request_user(request), topic=payload.topic, text=payload.text,
                                 visibility=payload.visibility)
    return Status(201, _item(item))


@router.get("/me/identities/{item_id}", response={200: IdentityItemOut, **ERRORS})
def my_identity(request: HttpRequest, item_id: int) -> object:
    return _item(identity.own_item(request_user(request), item_id))


@router.patch("/me/identities/{item_id}", response={200: IdentityItemOut, **ERRORS})
def identity_change(request: HttpRequest, item_id: int, payload: IdentityPatchIn) -> object:
    user = request_user(request)
    item = identity.own_item(user, item_id)
    item = identity.identity_update(
        actor=user, item=item, topic=item.topic if payload.topic is None else payload.topic,
        text=item.text if payload.text is None else payload.text,
        visibility=item.visibility if payload.visibility is None else payload.visibility)
    return _item(item)


@router.delete("/me/identities/{item_id}", response={204: None, **ERRORS})
def identity_delete(request: HttpRequest, item_id: int) -> Status[None]:
    user = request_user(request)
    identity.identity_delete(actor=user, item=identity.own_item(user, item_id))
    return Status(204, None)


# Who we are, on an engagement.

@router.get("/engagements/{engagement_id}/who-we-are", response={200: WhoWeAreOut, **ERRORS})
def who_we_are(request: HttpRequest, engagement_id: int) -> object:
    """The client's shared items (for the care team: recorded as read) and the care team's (for the client)."""
    user = request_user(request)
    access = care_selectors.engagement_for(user, engagement_id, what=None, via="api")
    found = identity.who_we_are(access, user, via="api")
    if found is None:
        raise Http404
    practice_id = access.engagement.practice_id
    return {
        "client": {"id": found.client.pk, "name": found.client.name, "items": [_item(i) for i in found.client_items]},
        "care_team": [{"id": m.person.pk, "name": m.person.name, "items": [_item(i) for i in m.items],
                       "profile_url": reverse("alliance_profile", args=[practice_id, m.person.pk])
                       if m.has_profile else None} for m in found.team],
    }


# Profiles.

@router.get("/practices/{practice_id}/facilitators", response={200: list[ProfileOut], **ERRORS})
def facilitators(request: HttpRequest, practice_id: int) -> object:
    """The practice's published profiles, for any member of it."""
    user = request_user(request)
    practice = profiles.member_practice(user, practice_id)
    return [_profile(p, user) for p in profiles.published_profiles(practice)]


@router.get("/practices/{practice_id}/facilitators/{user_id}", response={200: ProfileOut, **ERRORS})
def facilitator(request: HttpRequest, practice_id: int, user_id: int) -> object:
    user = request_user(request)
    practice = profiles.member_practice(user, practice_id)
    return _profile(profiles.profile_for(user, practice, user_id), user)


@router.get("/me/profiles/{practice_id}", response={200: ProfileOut, **ERRORS})
def my_profile(request: HttpRequest, practice_id: int) -> object:
    """One's own profile in a practice where one is a facilitator (404 until it is first saved)."""
    user = request_user(request)
    found = profiles.own_profile(user, profiles.facilitator_practice(user, practice_id))
    if found is None:
        raise Http404
    return _profile(found, user)


@router.put("/me/profiles/{practice_id}", response={200: ProfileOut, **ERRORS})
def profile_save(request: HttpRequest, practice_id: int, payload: ProfileIn) -> object:
    """Write the whole profile; `published` false keeps it a draft only its author reads."""
    user = request_user(request)
    practice = profiles.facilitator_practice(user, practice_id)
    saved = profiles.profile_save(actor=user, practice=practice, **payload.model_dump())
    return _profile(profiles.own_profile(user, practice) or saved, user)


@router.post("/me/profiles/{practice_id}/credentials", response={201: CredentialOut, **ERRORS})
def credential_add(request: HttpRequest, practice_id: int, payload: CredentialIn) -> Status[object]:
    user = request_user(request)
    practice = profiles.facilitator_practice(user, practice_id)
    found = profiles.credential_add(actor=user, practice=practice, title=payload.title, issuer=payload.issuer,
                                    number=payload.number)
    return Status(201, {"id": found.pk, "title": found.title, "issuer": found.issuer, "number": found.number})


@router.delete("/me/profiles/{practice_id}/credentials/{credential_id}", response={204: None, **ERRORS})
def credential_remove(request: HttpRequest, practice_id: int, credential_id: int) -> Status[None]:
    user = request_user(request)
    practice = profiles.facilitator_practice(user, practice_id)
    profiles.credential_remove(actor=user, practice=practice, credential_id=credential_id)
    return Status(204, None)
