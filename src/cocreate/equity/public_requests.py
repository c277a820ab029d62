"""Consultation requests: sent from a practice's public page by someone without an account, read by the practice's
admins and facilitators, accepted (an invitation goes out; the engagement opens when it is accepted) or answered
with a kind reply. Protected by rate limits counted in the database and a honeypot field."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import NotAllowed, has_role
from cocreate.accounts import services as account_services
from cocreate.accounts.models import Membership, Practice, Role, User
from cocreate.care import services as care_services
from cocreate.care.models import Kind
from cocreate.equity import tiers
from cocreate.equity.models import MESSAGE_MAX, TEXT_MAX, ConsultationRequest, PublicPage, RequestState, TimeOfWeek
from cocreate.equity.public import CHOICES_MAX, TERM_MAX, WORDS_TEXT_MAX
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.tasks.jobs import mail_after_commit
from cocreate.text import clean_text

NAME_MAX = 150
EMAIL_MAX = 254
HOUR = timedelta(hours=1)
BODY_MAX = 20 * 1024  # a request's body, web or API; anything larger is refused before it is read


def too_big(content_length: str | None) -> bool:
    text = str(content_length or "0")
    return not (text.isascii() and text.isdigit()) or int(text) > BODY_MAX


class RateLimited(Exception):
    """Too many requests in the last hour, from this address or to this practice."""


def address_key(address: str) -> str:
    """A keyed hash of the sender's address: the same address gives the same key, and the key gives back no
    address without the server's secret. The address itself is never stored."""
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


def default_decline_reply(practice: Practice) -> str:
    return _("Thank you for writing to %(practice)s, and for telling us what matters to you. We are sorry that we "
             "cannot offer you a place at the moment. We hope you find the support you are looking for.") % {
        "practice": practice.name}


def _preferences(given: Mapping[str, Any] | None) -> dict[str, Any]:
    """Only what the matching knows, each bounded: anything else is dropped."""
    given = given or {}

    def terms(name: str) -> list[str]:
        raw = given.get(name) or []
        if not isinstance(raw, list):
            return []
        return [str(v).replace("\x00", "").strip()[:TERM_MAX] for v in raw if str(v).strip()][:CHOICES_MAX]

    tier = given.get("tier")
    return {"languages": terms("languages"), "modalities": terms("modalities"),
            "times": [t for t in terms("times") if t in TimeOfWeek.values],
            "tier": tier if isinstance(tier, int) and not isinstance(tier, bool) else None,
            "words": str(given.get("words") or "").replace("\x00", "")[:WORDS_TEXT_MAX]}


def request_create(*, page: PublicPage, address: str, email: str, name: str = "", message: str = "",
                   facilitator_id: int | None = None, tier_id: int | None = None,
                   preferences: Mapping[str, Any] | None = None, trap: str = "") -> ConsultationRequest | None:
    """A request to the page's practice. With the honeypot field filled it is answered as if sent and nothing is
    stored (returns None). Over a limit: RateLimited, nothing stored."""
    practice = page.practice
    errors: dict[str, list[str]] = {}
    email = (email or "").strip().lower()
    try:
        if len(email) > EMAIL_MAX or "\x00" in email:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Enter an email address we can reply to, like name@example.org.")]
    fields: dict[str, str] = {}
    for field, value, limit in (("name", name, NAME_MAX), ("message", message, MESSAGE_MAX)):
        try:
            fields[field] = clean_text(value, field, max_length=limit, required=False)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    facilitator = None
    if facilitator_id is not None:
        facilitator = User.objects.filter(pk=facilitator_id, is_active=True, memberships__practice=practice,
                                          memberships__role=Role.FACILITATOR).first()
        if facilitator is None:
            errors["facilitator"] = [_("Choose a facilitator from this practice's list.")]
    tier = None
    if tier_id is not None:
        tier = next((t for t in tiers.offered_tiers(practice) if t.pk == tier_id), None)
        if tier is None:
            errors["tier"] = [_("Choose one of the practice's fee tiers.")]
    if errors:
        raise ValidationError(errors)
    if trap:
        return None
    key = address_key(address)
    since = timezone.now() - HOUR
    with transaction.atomic():
        # The page's row is the practice's lock: two requests at once are counted one after the other.
        page = PublicPage.objects.select_for_update().get(pk=page.pk)
        if not (page.published and page.accepts_requests):
            raise ValidationError({"__all__": _("This practice is not taking requests here just now.")})
        recent = ConsultationRequest.objects.filter(created__gte=since)
        if (recent.filter(address_hash=key).count() >= settings.CONSULTATION_REQUESTS_PER_ADDRESS_HOUR
                or recent.filter(practice=practice).count() >= settings.CONSULTATION_REQUESTS_PER_PRACTICE_HOUR):
            raise RateLimited
        found = ConsultationRequest.objects.create(
            practice=practice, name=fields["name"], email=email, message=fields["message"],
            preferences=_preferences(preferences), facilitator=facilitator, tier=tier, address_hash=key)
        readers = User.objects.filter(memberships__practice=practice,
                                      memberships__role__in=(Role.ADMIN, Role.FACILITATOR)).distinct()
        notify(recipients=readers, kind=NoticeKind.CONSULTATION_REQUEST,
               title=_("A consultation request came in through the public page"),
               url=reverse("equity_public_request", args=[practice.pk, found.pk]), subject=f"request:{found.pk}")
    return found


# The practice's side.

def requests_for(actor: User, practice: Practice) -> list[ConsultationRequest]:
    """Waiting requests first (oldest waiting first), then the answered, newest first: one query."""
    _staff(actor, practice)
    waiting_first = Case(When(state=RequestState.NEW, then=Value(0)), default=Value(1), output_field=IntegerField())
    return list(ConsultationRequest.objects.filter(practice=practice)
                .select_related("facilitator", "tier", "handled_by")
                .order_by(waiting_first, "-created", "-id"))


def request_for(actor: User, practice: Practice, request_id: int) -> ConsultationRequest:
    _staff(actor, practice)
    found = (ConsultationRequest.objects.select_related("facilitator", "tier", "handled_by", "practice")
             .filter(pk=request_id, practice=practice).first())
    if found is None:
        raise Http404
    return found


def _staff(actor: User, practice: Practice) -> None:
    if not Membership.objects.filter(practice=practice, user_id=actor.pk,
                                     role__in=(Role.ADMIN, Role.FACILITATOR)).exists():
        raise Http404


def _open(actor: User, practice: Practice, request_id: int) -> ConsultationRequest:
    _staff(actor, practice)
    found = ConsultationRequest.objects.select_for_update().filter(pk=request_id, practice=practice).first()
    if found is None:
        raise Http404
    if found.state != RequestState.NEW:
        raise ValidationError({"__all__": _("This request was already answered.")})
    return found


def request_accept(*, actor: User, practice: Practice, request_id: int, kind: str) -> ConsultationRequest:
    """A facilitator accepts: an invitation as a client goes to the person; when they accept it, the engagement
    of `kind` opens with this facilitator on its care team (see subscribers)."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose psychotherapy or psychedelic-assisted therapy.")})
    if not has_role(actor, Role.FACILITATOR, practice.pk):
        _staff(actor, practice)  # a stranger finds nothing; an admin who is no facilitator may not accept
        raise NotAllowed(_("A facilitator accepts a request: they open the work with the person."))
    with transaction.atomic():
        found = _open(actor, practice, request_id)
        name = found.name or found.email.split("@", 1)[0]
        issued = account_services.invitation_create(actor=actor, practice=practice, email=found.email,
                                                    name=name[:NAME_MAX], role=Role.CLIENT)
        found.state, found.handled_by, found.handled_at = RequestState.ACCEPTED, actor, timezone.now()
        found.invitation, found.engagement_kind = issued.invitation, kind
        found.save(update_fields=["state", "handled_by", "handled_at", "invitation", "engagement_kind"])
    return found


def request_decline(*, actor: User, practice: Practice, request_id: int, reply: str,
                    referral: str = "") -> ConsultationRequest:
    """A kind reply, and a referral if known, emailed to the person. The email quotes only these words."""
    errors: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for field, value, required in (("reply", reply, True), ("referral", referral, False)):
        try:
            texts[field] = clean_text(value, field, max_length=TEXT_MAX, required=required,
                                      message=_("Write a few words to the person."))
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        found = _open(actor, practice, request_id)
        found.state, found.handled_by, found.handled_at = RequestState.DECLINED, actor, timezone.now()
        found.reply, found.referral = texts["reply"], texts["referral"]
        found.save(update_fields=["state", "handled_by", "handled_at", "reply", "referral"])
        subject = _("Your request to %(practice)s") % {"practice": practice.name}
        body = texts["reply"] + "\n"
        if texts["referral"]:
            body += "\n" + _("Somewhere that may help:") + "\n" + texts["referral"] + "\n"
        body += "\n— " + practice.name + "\n"
        to = found.email
        mail_after_commit(subject, body, [to])
    return found


def engagement_for_invitation(*, invitation_id: int, user: User) -> ConsultationRequest | None:
    """Open the engagement of the request behind an accepted invitation, once: nothing for any other invitation,
    nor a second time, nor when the accepting facilitator is no longer one (the practice then opens it by hand)."""
    found = (ConsultationRequest.objects.select_for_update(of=("self",)).select_related("practice", "handled_by")
             .filter(invitation_id=invitation_id, engagement__isnull=True).first())
    if found is None or found.handled_by is None:
        return None
    if not has_role(found.handled_by, Role.FACILITATOR, found.practice_id):
        return None
    found.engagement = care_services.engagement_create(
        actor=found.handled_by, practice=found.practice, client_id=user.pk, kind=found.engagement_kind,
        title=_("From a consultation request"))
    found.save(update_fields=["engagement"])
    return found
