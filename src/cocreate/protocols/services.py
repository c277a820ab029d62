"""Every write of the protocols app: one transaction per action, checked against the access policy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import Action, EngagementAccess, NotAllowed, Relation, has_role, require
from cocreate.accounts.models import Practice, Role, User
from cocreate.care.models import Engagement
from cocreate.care.selectors import facilitators_on
from cocreate.care.services import engagement_locked
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.protocols import registry
from cocreate.protocols.models import (
    CLEARED,
    AckChoice,
    Acknowledgement,
    EngagementProtocol,
    FormVersion,
    Outcome,
    PracticeProtocol,
    Readiness,
    ReadinessCheckin,
    ScreeningDecision,
    ScreeningResponse,
    SetAside,
    Sleep,
)
from cocreate.protocols.packs import Pack
from cocreate.protocols.screening import clean_answers, flags_for
from cocreate.protocols.selectors import current_form, pack_of

TEXT_MAX = 4000


def _text(value: str, field: str, *, required: bool = False, limit: int = TEXT_MAX) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Write something here.")})
    if len(value) > limit:
        raise ValidationError({field: _("Keep this under %(max)d characters.") % {"max": limit}})
    return value


def _manages_practice(actor: User, practice: Practice) -> None:
    if not (has_role(actor, Role.FACILITATOR, practice.pk) or has_role(actor, Role.ADMIN, practice.pk)):
        raise NotAllowed(_("Only the practice's facilitators and admins change its protocol and forms."))


def practice_pack_set(*, actor: User, practice: Practice, pack: str) -> PracticeProtocol:
    """The pack the practice's new psychedelic-assisted engagements run under."""
    _manages_practice(actor, practice)
    found = registry.packs().get(pack)
    if found is None or found.engagement_kind != "psychedelic_assisted":
        raise ValidationError({"pack": _("Choose one of the psychedelic-assisted protocols offered.")})
    with transaction.atomic():
        return PracticeProtocol.objects.create(practice=practice, pack=pack, actor=actor)


def engagement_pack_start(*, actor: User, engagement: Engagement) -> EngagementProtocol:
    """Put a new engagement under its practice's default pack (psychotherapy under the psychotherapy pack)."""
    default = PracticeProtocol.objects.filter(practice_id=engagement.practice_id).values_list("pack", flat=True).first()
    pack = registry.pack_or_default(default, engagement.kind)
    return EngagementProtocol.objects.create(engagement=engagement, pack=pack.key, version=pack.version,
                                             reason=_("The practice's protocol when the engagement opened"),
                                             actor=actor)


def engagement_pack_change(*, actor: User, access: EngagementAccess, pack: str, reason: str) -> EngagementProtocol:
    """Move an engagement to another pack: only with a stated reason, kept in its history."""
    require(access, Action.TRANSITION)
    reason = _text(reason, "reason", required=True, limit=2000)
    found = registry.packs().get(pack)
    if found is None or found.engagement_kind != access.engagement.kind:
        raise ValidationError({"pack": _("Choose a protocol for this kind of engagement.")})
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        if pack_of(engagement).key == pack:
            raise ValidationError({"pack": _("The engagement already runs under this protocol.")})
        row = EngagementProtocol.objects.create(engagement=engagement, pack=pack, version=found.version,
                                                reason=reason, actor=actor)
        notify(recipients=[engagement.client, *facilitators_on(engagement)], kind=NoticeKind.PROTOCOL_CHANGED,
               title=_("%(name)s moved the engagement to the protocol “%(pack)s”.") % {
                   "name": actor.name, "pack": found.title},
               engagement=engagement, url=reverse("readiness", args=[engagement.pk]), exclude=actor)
    return row


def form_publish(*, actor: User, practice: Practice, pack: Pack, form: str, title: str, body: str) -> FormVersion:
    """A new version of the practice's text of a form; clients are asked to read it again."""
    _manages_practice(actor, practice)
    if pack.form(form) is None:
        raise ValidationError({"form": _("This protocol has no such form.")})
    title = _text(title, "title", required=True, limit=200)
    body = _text(body, "body", required=True, limit=50_000)
    with transaction.atomic():
        latest = FormVersion.objects.select_for_update().filter(practice=practice, form=form).first()
        spec = pack.form(form)
        in_use = (latest.title, latest.body) if latest else (spec.title, spec.text.strip()) if spec else ("", "")
        if in_use == (title, body):
            raise ValidationError({"body": _("Nothing changed: this is the text in use.")})
        # Without a row, the pack's starting text is version 1 (as clients were shown it).
        number = latest.number + 1 if latest else 2
        return FormVersion.objects.create(practice=practice, form=form, number=number, title=title, body=body,
                                          author=actor)


def form_respond(*, actor: User, access: EngagementAccess, form: str, version: int, choice: str) -> Acknowledgement:
    """The client acknowledges, declines or withdraws the version of a form they read."""
    if access.relation is not Relation.CLIENT:
        raise NotAllowed(_("Only the client acknowledges a form."))
    if choice not in AckChoice.values:
        raise ValidationError({"choice": _("Choose acknowledge, decline or withdraw.")})
    pack = pack_of(access.engagement)
    spec = pack.form(form)
    if spec is None:
        raise ValidationError({"form": _("This protocol has no such form.")})
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        shown = current_form(engagement.practice, pack, form)
        if shown.number != version:
            raise ValidationError({"version": _("The practice has published a newer version: please read it first.")})
        # Another client of the practice may put the starting text in place at the same moment, under their own
        # engagement's lock: get_or_create takes theirs then.
        row = shown.row or FormVersion.objects.get_or_create(
            practice=engagement.practice, form=form, number=1,
            defaults={"title": shown.title, "body": shown.body, "author": None})[0]
        ack = Acknowledgement.objects.create(engagement=engagement, version=row, choice=choice, actor=actor)
        notify(recipients=facilitators_on(engagement), kind=NoticeKind.FORM_CHOICE,
               title=_("%(name)s: %(form)s — %(choice)s.") % {"name": actor.name, "form": shown.title,
                                                              "choice": AckChoice(choice).label},
               engagement=engagement, url=reverse("protocol_forms", args=[engagement.pk]), exclude=actor)
    return ack


def screening_submit(*, actor: User, access: EngagementAccess, answers: dict[str, Any], with_client: bool = False
                     ) -> ScreeningResponse:
    """A whole set of screening answers. Changed answers re-open a decided screening and tell the care team."""
    require(access, Action.PROPOSE)
    if access.relation is Relation.CARE_TEAM and not with_client:
        raise ValidationError({"with_client": _("The care team enters screening answers only with the client.")})
    pack = pack_of(access.engagement)
    cleaned = clean_answers(pack, answers)
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        latest = ScreeningResponse.objects.filter(engagement=engagement).prefetch_related("decisions").first()
        if latest is not None and latest.answers == cleaned and latest.pack == pack.key:
            raise ValidationError({"__all__": _("Nothing changed since the answers already given.")})
        response = ScreeningResponse.objects.create(
            engagement=engagement, pack=pack.key, answers=cleaned, flags=flags_for(pack, cleaned),
            entered_by=actor, with_client=access.relation is Relation.CARE_TEAM)
        reopened = latest is not None and latest.decisions.exists()
        title = (_("%(name)s changed screening answers: the screening is open again.") if reopened
                 else _("%(name)s answered the screening questions.")) % {"name": engagement.client.name}
        notify(recipients=facilitators_on(engagement), kind=NoticeKind.SCREENING_ANSWERED, title=title,
               engagement=engagement, url=reverse("screening", args=[engagement.pk]), exclude=actor,
               subject=f"screening:{response.pk}")
    return response


def screening_decide(*, actor: User, access: EngagementAccess, outcome: str, rationale: str, conditions: str = "",
                     response_id: int | None = None) -> ScreeningDecision:
    """A named clinician decides on the latest answers, with a rationale the client reads."""
    require(access, Action.TRANSITION)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose eligible, eligible with conditions, not eligible now, or refer.")})
    rationale = _text(rationale, "rationale", required=True)
    conditions = _text(conditions, "conditions", required=outcome == Outcome.WITH_CONDITIONS)
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        latest = ScreeningResponse.objects.filter(engagement=engagement).first()
        if latest is None:
            raise ValidationError({"__all__": _("There are no screening answers to decide on yet.")})
        if response_id is not None and response_id != latest.pk:
            raise ValidationError({"__all__": _("The answers changed since you opened them: read the new ones.")})
        _within_the_rules(latest, outcome)
        decision = ScreeningDecision.objects.create(response=latest, outcome=outcome, rationale=rationale,
                                                    conditions=conditions, clinician=actor)
        notify(recipients=[engagement.client, *facilitators_on(engagement)], kind=NoticeKind.SCREENING_DECIDED,
               title=_("%(name)s recorded a screening decision: %(outcome)s.") % {
                   "name": actor.name, "outcome": Outcome(outcome).label},
               engagement=engagement, url=reverse("screening", args=[engagement.pk]), exclude=actor)
    return decision


def _within_the_rules(response: ScreeningResponse, outcome: str) -> None:
    """Under a pack whose screening is the law or the protocol, a "not eligible" flag cannot be decided away; under
    a practice's own rules the clinician may, and the rationale says why."""
    if outcome not in CLEARED:
        return
    pack = registry.packs().get(response.pack)
    binding = pack is not None and any(r.kind == "screening" and r.regulatory for r in pack.requirements)
    blocking = [f for f in response.flags if f.get("severity") == "not_eligible"]
    if binding and blocking:
        flag = blocking[0]
        raise ValidationError({"outcome": _("Under %(pack)s this answer rules a session out: %(reason)s (%(source)s). "
                                            "Record “not eligible now” or “refer” instead.") % {
            "pack": pack.title if pack else response.pack, "reason": flag.get("reason", ""),
            "source": flag.get("source", "")}})


def checkin_submit(*, actor: User, access: EngagementAccess, readiness: str, how_i_am: str = "", sleep: str = "",
                   anything_new: str = "", questions: str = "", session_id: int | None = None) -> ReadinessCheckin:
    """The client's readiness check-in; "I want to postpone" needs no reason."""
    if access.relation is not Relation.CLIENT:
        raise NotAllowed(_("The readiness check-in is the client's own."))
    if readiness not in Readiness.values:
        raise ValidationError({"readiness": _("Choose how ready you feel.")})
    if sleep and sleep not in Sleep.values:
        raise ValidationError({"sleep": _("Choose well, so-so or poorly.")})
    texts = {f: _text(v, f) for f, v in (("how_i_am", how_i_am), ("anything_new", anything_new),
                                            ("questions", questions))}
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        session = None
        if session_id is not None:
            session = engagement.sessions.filter(pk=session_id).first()
            if session is None:
                raise ValidationError({"session_id": _("Choose one of your sessions.")})
        checkin = ReadinessCheckin.objects.create(engagement=engagement, session=session, readiness=readiness,
                                                  sleep=sleep, author=actor, **texts)
        notify(recipients=facilitators_on(engagement), kind=NoticeKind.READINESS_CHECKIN,
               title=_("%(name)s checked in: %(readiness)s.") % {"name": actor.name,
                                                                  "readiness": Readiness(readiness).label},
               engagement=engagement, url=reverse("checkin", args=[engagement.pk]), exclude=actor)
    return checkin


def rule_set_aside(*, actor: User, access: EngagementAccess, requirement: str, reason: str) -> SetAside:
    """A named clinician sets aside one of the practice's own rules for this engagement; the client reads why.
    A rule of the law or of a research protocol cannot be set aside."""
    require(access, Action.TRANSITION)
    pack = pack_of(access.engagement)
    found = next((r for r in pack.requirements if r.key == requirement), None)
    if found is None:
        raise ValidationError({"requirement": _("This protocol has no such requirement.")})
    if found.regulatory:
        raise ValidationError({"requirement": _("%(rule)s is a rule of %(source)s: it cannot be set aside.") % {
            "rule": found.label, "source": found.source.citation}})
    reason = _text(reason, "reason", required=True, limit=2000)
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        if SetAside.objects.filter(engagement=engagement, pack=pack.key, requirement=requirement,
                                   ended_at__isnull=True).exists():
            raise ValidationError({"requirement": _("This rule is already set aside.")})
        row = SetAside.objects.create(engagement=engagement, pack=pack.key, requirement=requirement, reason=reason,
                                      clinician=actor)
        notify(recipients=[engagement.client, *facilitators_on(engagement)], kind=NoticeKind.PROTOCOL_CHANGED,
               title=_("%(name)s set aside “%(rule)s”.") % {"name": actor.name, "rule": found.label},
               engagement=engagement, url=reverse("readiness", args=[engagement.pk]), exclude=actor)
    return row


def rule_restore(*, actor: User, access: EngagementAccess, requirement: str) -> SetAside:
    require(access, Action.TRANSITION)
    with transaction.atomic():
        engagement_locked(access.engagement)
        # The current pack's: one of a pack the engagement has left no longer applies, and would be ended instead.
        row = SetAside.objects.filter(engagement=access.engagement, pack=pack_of(access.engagement).key,
                                      requirement=requirement, ended_at__isnull=True).first()
        if row is None:
            raise ValidationError({"requirement": _("This rule is not set aside.")})
        row.ended_at, row.ended_by = timezone.now(), actor
        row.save(update_fields=["ended_at", "ended_by"])
    return row
