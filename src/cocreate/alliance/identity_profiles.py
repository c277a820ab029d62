"""Facilitators' profiles: what a facilitator writes about their training, approach, ways of working, languages,
credentials and positionality, per practice, for the practice's clients to read before and during their care.

A draft is its author's alone; once published, every member of the practice may read it (a non-member finds
nothing). A profile is the facilitator's, not client data: reading it leaves no access event.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import Membership, Practice, Role, User
from cocreate.alliance.models import SHORT_MAX, TEXT_MAX, Credential, Profile
from cocreate.text import clean_text

MODALITIES_MAX = 1000
CREDENTIALS_MAX = 20
CREDENTIAL_LIMITS = {"title": 200, "issuer": 200, "number": 100}
PROFILE_LIMITS = {"training": TEXT_MAX, "approach": TEXT_MAX, "modalities": MODALITIES_MAX, "languages": SHORT_MAX,
                  "positionality": TEXT_MAX}


# Reads.

def member_practice(actor: User, practice_id: int) -> Practice:
    """A practice the actor belongs to, in any role; 404 otherwise."""
    found = Practice.objects.filter(pk=practice_id, memberships__user=actor).distinct().first()
    if found is None:
        raise Http404
    return found


def facilitator_practice(actor: User, practice_id: int) -> Practice:
    """A practice where the actor is a facilitator: where they may write a profile; 404 otherwise."""
    found = Practice.objects.filter(pk=practice_id, memberships__user=actor,
                                    memberships__role=Role.FACILITATOR).distinct().first()
    if found is None:
        raise Http404
    return found


def facilitator_practices(actor: User) -> list[Practice]:
    return list(Practice.objects.filter(memberships__user=actor, memberships__role=Role.FACILITATOR)
                .distinct().order_by("name", "id"))


def own_profile(actor: User, practice: Practice) -> Profile | None:
    return (Profile.objects.filter(person=actor, practice=practice).select_related("person", "practice")
            .prefetch_related("credentials").first())


def published_profiles(practice: Practice) -> list[Profile]:
    """The practice's published profiles of its facilitators, by name: two queries however many."""
    facilitators = Membership.objects.filter(practice=practice, role=Role.FACILITATOR,
                                             user__is_active=True).values("user_id")
    return list(Profile.objects.filter(practice=practice, published=True, person_id__in=facilitators)
                .select_related("person").prefetch_related("credentials").order_by("person__name", "person_id"))


def profile_for(actor: User, practice: Practice, user_id: int) -> Profile:
    """A facilitator's profile in the practice: published, or the actor's own draft. 404 otherwise."""
    rows = Profile.objects.filter(practice=practice, person_id=user_id, person__is_active=True,
                                  person__memberships__practice=practice,
                                  person__memberships__role=Role.FACILITATOR)
    if user_id != actor.pk:
        rows = rows.filter(published=True)
    found = rows.select_related("person").prefetch_related("credentials").distinct().first()
    if found is None:
        raise Http404
    return found


# Writes: the facilitator's own.

def _limited(values: dict[str, str], limits: dict[str, int]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for name, limit in limits.items():
        try:
            cleaned[name] = clean_text(values.get(name, ""), name, max_length=limit, required=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _profile(actor: User, practice: Practice) -> Profile:
    """The actor's profile row in the practice, locked; made (as a draft) if there is none."""
    if not Membership.objects.filter(practice=practice, user=actor, role=Role.FACILITATOR).exists():
        raise Http404
    Profile.objects.get_or_create(person=actor, practice=practice)
    return Profile.objects.select_for_update().get(person=actor, practice=practice)


def profile_save(*, actor: User, practice: Practice, training: str = "", approach: str = "", modalities: str = "",
                 languages: str = "", positionality: str = "", published: bool = False,
                 version: datetime | None = None) -> Profile:
    """Write the whole profile, published or kept as a draft. With `version` (when the page showing it was made),
    a change made meanwhile elsewhere is not overwritten: the save is refused and the newer text shown."""
    fields = _limited({"training": training, "approach": approach, "modalities": modalities, "languages": languages,
                       "positionality": positionality}, PROFILE_LIMITS)
    with transaction.atomic():
        profile = _profile(actor, practice)
        if version is not None and profile.changed > version:
            raise ValidationError({"__all__": _("Your profile was changed in another window after you opened this "
                                                "page. Here it is as it stands now; make your change again.")})
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.published = published
        profile.changed = timezone.now()
        profile.save(update_fields=[*fields, "published", "changed"])
    return profile


def credential_add(*, actor: User, practice: Practice, title: str, issuer: str = "", number: str = "") -> Credential:
    """A credential on the actor's profile (made as a draft if there is none yet): its title, the issuing state
    or body, and its number."""
    errors: dict[str, list[str]] = {}
    try:
        title = clean_text(title, "title", max_length=CREDENTIAL_LIMITS["title"],
                           message=_("Name the credential, e.g. \"Licensed psilocybin facilitator\"."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        rest = _limited({"issuer": issuer, "number": number}, {k: CREDENTIAL_LIMITS[k] for k in ("issuer", "number")})
    except ValidationError as exc:
        errors.update(exc.message_dict)
        rest = {}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        profile = _profile(actor, practice)
        if Credential.objects.filter(profile=profile).count() >= CREDENTIALS_MAX:
            raise ValidationError({"__all__": _("A profile lists at most %(n)d credentials.") % {"n": CREDENTIALS_MAX}})
        credential = Credential.objects.create(profile=profile, title=title, **rest)
        profile.changed = timezone.now()
        profile.save(update_fields=["changed"])
    return credential


def credential_remove(*, actor: User, practice: Practice, credential_id: int) -> None:
    with transaction.atomic():
        deleted, _by_model = Credential.objects.filter(pk=credential_id, profile__person=actor,
                                                       profile__practice=practice).delete()
        if not deleted:
            raise Http404
        Profile.objects.filter(person=actor, practice=practice).update(changed=timezone.now())
