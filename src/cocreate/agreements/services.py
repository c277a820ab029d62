"""Every write of the co-creation engine: propose, accept, decline, withdraw, narrow consent, record a deviation.

Each runs in one transaction that first locks the engagement row (PostgreSQL: SELECT ... FOR UPDATE; SQLite:
the IMMEDIATE transaction takes the write lock), then re-reads what it decides on. So of two proposals on the
same base exactly one becomes the next revision; the other gets a RevisionConflict. Notices go in the same
transaction; their emails go after it commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError

from cocreate.access.policy import Action, EngagementAccess, NotAllowed, Relation, require
from cocreate.accounts.models import User
from cocreate.agreements import engine
from cocreate.agreements.fields import Change, diff, errors_by_path, specs
from cocreate.agreements.kinds import KINDS, LEVEL_RANK, KindSpec, Level, kind_of, narrows
from cocreate.agreements.models import (
    ChangeKind,
    Decision,
    Deviation,
    Revision,
    RevisionState,
    SharedDocument,
    Side,
    Verdict,
)
from cocreate.agreements.selectors import validation_context
from cocreate.care.models import CareTeamMember, Engagement, Phase
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.text import clean_text

NOTE_MAX = 2000


class RevisionConflict(Exception):
    """The proposal was based on a revision that is no longer the latest."""

    def __init__(self, latest: Revision, base: Revision | None, changes: list[Change]) -> None:
        super().__init__(_("Someone changed this document while you were writing."))
        self.latest, self.base, self.changes = latest, base, changes


def spec_for(engagement: Engagement, kind: str) -> KindSpec:
    return kind_of(engagement.kind, kind)


def validate_content(spec: KindSpec, content: Any, engagement: Engagement) -> dict[str, Any]:
    """The content as the kind's schema reads it, or a ValidationError keyed by path ("goals.0.words")."""
    if not isinstance(content, dict):
        raise ValidationError({"content": _("Send the document's fields as an object.")})
    try:
        model = spec.schema.model_validate(content, context=validation_context(engagement, spec))
    except PydanticError as exc:
        raise ValidationError(errors_by_path(exc)) from None
    return model.model_dump(mode="json")


def _lock(access: EngagementAccess, spec: KindSpec | None = None) -> tuple[Engagement, engine.Parties]:
    engagement = Engagement.objects.select_for_update().get(pk=access.engagement.pk)
    if engagement.phase == Phase.CLOSED and not (spec is not None and spec.after_close):
        raise ValidationError({"__all__": _("This engagement is closed; its agreements are kept as they are.")})
    team = CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True)
    return engagement, engine.Parties(engagement.client_id, frozenset(team.values_list("facilitator_id", flat=True)))


def _revisions(document: SharedDocument) -> QuerySet[Revision]:
    return Revision.objects.filter(document=document)


def _url(engagement: Engagement, spec: KindSpec) -> str:
    return reverse("agreement", args=[engagement.pk, spec.kind.value])


def _tell(parties: engine.Parties, actor: User, engagement: Engagement, spec: KindSpec, kind: str,
          title: str, revision: Revision | None = None) -> None:
    people = User.objects.filter(pk__in=parties.all_ids - {actor.pk}, is_active=True)
    url = _url(engagement, spec) + (f"#revision-{revision.number}" if revision else "")
    notify(recipients=people, kind=kind, title=title, url=url, engagement=engagement,
           subject=f"revision:{revision.pk}" if revision else "")


def _written(revision: Revision) -> engine.Written:
    based_on = revision.based_on.number if revision.based_on else None
    return engine.Written(revision.number, revision.side, revision.content, based_on)


def _agree(spec: KindSpec, revision: Revision, actor: User) -> None:
    """Put the revision in force: it supersedes every earlier proposal and the agreement before it. The authors
    of the proposals it supersedes are told, so nobody waits on a proposal that can no longer be agreed."""
    previous = _revisions(revision.document).filter(
        state=RevisionState.AGREED, number__lt=revision.number).order_by("-number").first()
    floor = previous.number if previous else 0
    line = {r.number: r for r in _revisions(revision.document).filter(number__gt=floor, number__lt=revision.number)
            .select_related("based_on")}
    chain = {n: _written(r) for n, r in line.items()}
    attribution = engine.attribution_of(spec, _written(revision), chain, _written(previous) if previous else None,
                                        previous.attribution if previous else {})
    now = timezone.now()
    revision.state, revision.settled_at, revision.attribution = RevisionState.AGREED, now, attribution
    revision.client_fields = sum(1 for s in attribution.values() if s == "client")
    revision.team_fields = len(attribution) - revision.client_fields
    revision.save(update_fields=["state", "settled_at", "attribution", "client_fields", "team_fields"])
    earlier = _revisions(revision.document).filter(number__lt=revision.number)
    pending = earlier.filter(state=RevisionState.PROPOSED)
    authors = User.objects.filter(pk__in=pending.exclude(author=actor).values("author_id"), is_active=True)
    engagement = revision.document.engagement
    notify(recipients=list(authors), kind=NoticeKind.PROPOSAL_SUPERSEDED,
           title=_("Your proposal for %(doc)s was superseded by revision %(n)d.")
           % {"doc": spec.label, "n": revision.number}, url=_url(engagement, spec), engagement=engagement)
    pending.update(state=RevisionState.SUPERSEDED, superseded_by=revision, settled_at=now)
    earlier.filter(state=RevisionState.AGREED).update(state=RevisionState.SUPERSEDED, superseded_by=revision)


def revision_propose(*, actor: User, access: EngagementAccess, kind: str, content: Any, based_on: int | None,
                     note: str = "") -> Revision:
    """A new revision on top of the latest one; in force at once only when it narrows consent."""
    require(access, Action.PROPOSE)
    spec = spec_for(access.engagement, kind)
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    clean = validate_content(spec, content, access.engagement)
    with transaction.atomic():
        engagement, parties = _lock(access, spec)
        document, _created = SharedDocument.objects.get_or_create(engagement=engagement, kind=spec.kind.value)
        latest = _revisions(document).order_by("-number").first()
        if (latest.number if latest else None) != based_on:
            base = _revisions(document).filter(number=based_on).first() if based_on else None
            if latest is None:
                raise ValidationError({"based_on": _("This document has no revision yet; propose without a base.")})
            raise RevisionConflict(latest, base, diff(specs(spec.schema), base.content if base else None,
                                                      latest.content))
        agreed = _revisions(document).filter(state=RevisionState.AGREED).order_by("-number").first()
        if spec.needs_note and spec.needs_note(agreed.content if agreed else None, clean) and not note:
            raise ValidationError({"note": _(spec.needs_note_message)})
        live = [r for r in (latest, agreed) if r is not None and r.state in (RevisionState.PROPOSED,
                                                                             RevisionState.AGREED)]
        if any(r.content == clean for r in live):
            raise ValidationError({"__all__": _("Nothing changed: this is already agreed or proposed.")})
        narrowing = agreed is not None and narrows(spec, agreed.content, clean)
        side = parties.side_of(actor.pk)
        revision = Revision.objects.create(
            document=document, number=(latest.number + 1) if latest else 1, content=clean, note=note,
            author=actor, side=side, based_on=latest,
            change=ChangeKind.NARROWING if narrowing else ChangeKind.PROPOSAL,
        )
        Decision.objects.create(revision=revision, party=actor, side=side, verdict=Verdict.ACCEPT)
        names = {"name": actor.name, "doc": spec.label}
        if narrowing:
            _agree(spec, revision, actor)
            _tell(parties, actor, engagement, spec, NoticeKind.CONSENT_NARROWED,
                  _("%(name)s narrowed %(doc)s. It is in force now.") % names)
        else:
            _tell(parties, actor, engagement, spec, NoticeKind.PROPOSAL_AWAITS,
                  _("%(name)s proposed a change to %(doc)s. It awaits your decision.") % names, revision)
    return revision


def _pending(access: EngagementAccess, revision: Revision, verb: str, spec: KindSpec
             ) -> tuple[Revision, engine.Parties]:
    engagement, parties = _lock(access, spec)
    fresh = Revision.objects.select_related("document", "based_on").filter(
        pk=revision.pk, document__engagement=engagement).first()
    if fresh is None:
        raise Http404
    if fresh.state != RevisionState.PROPOSED:
        raise ValidationError({"__all__": _("This revision is %(state)s; it can no longer be %(verb)s.")
                               % {"state": fresh.get_state_display().lower(), "verb": verb}})
    return fresh, parties


def _decide(*, actor: User, access: EngagementAccess, revision: Revision, verdict: str, comment: str) -> Revision:
    require(access, Action.DECIDE)
    spec = spec_for(access.engagement, revision.document.kind)
    decline = verdict == Verdict.DECLINE
    # A client never has to justify a no; the care team explains its declines of the client's proposals.
    explain = decline and access.relation is Relation.CARE_TEAM and revision.side == Side.CLIENT
    comment = clean_text(comment, "comment", max_length=NOTE_MAX, required=explain,
                          message=_("Say why you decline, so %(name)s can respond.")
                          % {"name": access.engagement.client.name})
    with transaction.atomic():
        revision, parties = _pending(access, revision, _("declined") if decline else _("accepted"), spec)
        if actor.pk not in parties.all_ids:
            raise NotAllowed(_("Only the client and the care team decide on proposals."))
        decided = Decision.objects.filter(revision=revision, party=actor).exists()
        if decline and revision.author_id == actor.pk:
            raise ValidationError({"__all__": _("You proposed this; withdraw it instead.")})
        if decided and not decline:
            raise ValidationError({"__all__": _("You have already decided on this revision.")})
        # A party who accepted may still decline until the revision is in force: someone who said yes to a
        # widening of touch consent can take it back before the last acceptance makes it real.
        Decision.objects.create(revision=revision, party=actor, side=parties.side_of(actor.pk), verdict=verdict,
                                comment=comment)
        names = {"name": actor.name, "doc": spec.label, "n": revision.number}
        engagement = access.engagement
        if decline:
            revision.state, revision.settled_at = RevisionState.DECLINED, timezone.now()
            revision.save(update_fields=["state", "settled_at"])
            _tell(parties, actor, engagement, spec, NoticeKind.PROPOSAL_DECLINED,
                  _("%(name)s declined revision %(n)d of %(doc)s.") % names)
            return revision
        accepted = Decision.objects.filter(revision=revision, verdict=Verdict.ACCEPT).values_list("party_id", flat=True)
        if engine.is_agreed(spec, parties, accepted):
            _agree(spec, revision, actor)
            _tell(parties, actor, engagement, spec, NoticeKind.PROPOSAL_AGREED,
                  _("Revision %(n)d of %(doc)s is agreed.") % names)
    return revision


def revision_accept(*, actor: User, access: EngagementAccess, revision: Revision, comment: str = "") -> Revision:
    return _decide(actor=actor, access=access, revision=revision, verdict=Verdict.ACCEPT, comment=comment)


def revision_decline(*, actor: User, access: EngagementAccess, revision: Revision, comment: str) -> Revision:
    return _decide(actor=actor, access=access, revision=revision, verdict=Verdict.DECLINE, comment=comment)


def revision_withdraw(*, actor: User, access: EngagementAccess, revision: Revision, comment: str = "") -> Revision:
    """The author takes back their own proposal while it is pending, with a word on why if they wish."""
    require(access, Action.PROPOSE)
    spec = spec_for(access.engagement, revision.document.kind)
    comment = clean_text(comment, "comment", max_length=NOTE_MAX, required=False)
    with transaction.atomic():
        revision, parties = _pending(access, revision, _("withdrawn"), spec)
        if revision.author_id != actor.pk:
            raise NotAllowed(_("Only its author can withdraw a proposal."))
        revision.state, revision.settled_at = RevisionState.WITHDRAWN, timezone.now()
        revision.withdraw_comment = comment
        revision.save(update_fields=["state", "settled_at", "withdraw_comment"])
        _tell(parties, actor, access.engagement, spec, NoticeKind.PROPOSAL_WITHDRAWN,
              _("%(name)s withdrew their proposal for %(doc)s.") % {"name": actor.name, "doc": spec.label})
    return revision


def pending_recheck(*, actor: User, engagement: Engagement) -> list[Revision]:
    """Agree the proposals that the care team as it is now has fully accepted: after someone leaves the team,
    a proposal that waited only for them would otherwise wait for ever. Runs inside the caller's transaction,
    under the same lock as every other agreement write; a closed engagement's agreements stay as they are."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if engagement.phase == Phase.CLOSED:
        return []
    parties = engine.Parties(engagement.client_id, frozenset(
        CareTeamMember.objects.filter(engagement=engagement, removed_at__isnull=True)
        .values_list("facilitator_id", flat=True)))
    proposed = (Revision.objects.filter(document__engagement=engagement, state=RevisionState.PROPOSED)
                .select_related("document", "based_on").prefetch_related("decisions").order_by("number"))
    agreed = []
    for revision in proposed:
        revision.refresh_from_db(fields=["state"])  # an earlier one agreed in this loop may have superseded it
        spec = KINDS.get(revision.document.kind)
        if spec is None or revision.state != RevisionState.PROPOSED:
            continue
        accepted = [d.party_id for d in revision.decisions.all() if d.verdict == Verdict.ACCEPT]
        if engine.is_agreed(spec, parties, accepted):
            _agree(spec, revision, actor)
            _tell(parties, actor, engagement, spec, NoticeKind.PROPOSAL_AGREED,
                  _("Revision %(n)d of %(doc)s is agreed.") % {"n": revision.number, "doc": spec.label})
            agreed.append(revision)
    return agreed


def consent_narrow(*, actor: User, access: EngagementAccess, kind: str, changes: dict[str, str],
                   note: str = "") -> Revision:
    """Lower consent items of the agreement in force, alone and at once (the client withdrawing a kind of
    touch, a facilitator declining to offer it). It applies to whatever is in force when it runs, so it never
    conflicts; it supersedes pending proposals, so none of them can bring back what was withdrawn."""
    require(access, Action.PROPOSE)
    spec = spec_for(access.engagement, kind)
    if not spec.is_consent:
        raise Http404
    note = clean_text(note, "note", max_length=NOTE_MAX, required=False)
    unknown = [k for k in changes if k not in spec.consent_items]
    bad = [k for k, v in changes.items() if k in spec.consent_items and v not in Level.values]
    if unknown or bad or not changes:
        errors = {k: [_("Not a kind of consent in this document.")] for k in unknown}
        errors.update({k: [_("Choose yes, ask me first or no.")] for k in bad})
        raise ValidationError(errors or {"changes": [_("Say which consent to narrow.")]})
    with transaction.atomic():
        engagement, parties = _lock(access)
        document = SharedDocument.objects.filter(engagement=engagement, kind=spec.kind.value).first()
        agreed = (_revisions(document).filter(state=RevisionState.AGREED).order_by("-number").first()
                  if document else None)
        if document is None or agreed is None:
            raise ValidationError({"__all__": _(spec.empty_message)})
        content = dict(agreed.content)
        for key, level in changes.items():
            if LEVEL_RANK[level] > LEVEL_RANK[content[key]]:
                raise ValidationError({key: _("Widening consent needs everyone's acceptance: propose it instead.")})
            content[key] = level
        if not narrows(spec, agreed.content, content):
            raise ValidationError({"__all__": _("This is already the consent in force.")})
        latest = _revisions(document).order_by("-number").first()
        assert latest is not None  # noqa: S101 - an agreed revision exists, so a latest one does
        side = parties.side_of(actor.pk)
        revision = Revision.objects.create(
            document=document, number=latest.number + 1, content=content, note=note, author=actor, side=side,
            based_on=agreed, change=ChangeKind.NARROWING,
        )
        Decision.objects.create(revision=revision, party=actor, side=side, verdict=Verdict.ACCEPT)
        _agree(spec, revision, actor)
        _tell(parties, actor, engagement, spec, NoticeKind.CONSENT_NARROWED,
              _("%(name)s narrowed %(doc)s. It is in force now.") % {"name": actor.name, "doc": spec.label})
    return revision


def deviation_record(*, actor: User, access: EngagementAccess, kind: str, occurred_at: datetime,
                     description: str) -> Deviation:
    """Record that something went differently from the plan: a fact, so it needs nobody's acceptance."""
    require(access, Action.PROPOSE)
    spec = spec_for(access.engagement, kind)
    if spec.kind.value != "transport":
        raise Http404
    description = clean_text(description, "description", max_length=NOTE_MAX, required=True,
                              message=_("Say what went differently from the plan."))
    if timezone.is_naive(occurred_at):
        raise ValidationError({"occurred_at": _("Give the time with its time zone.")})
    if occurred_at.year < 2000:  # (records entered late may predate the engagement's record, but not this)
        raise ValidationError({"occurred_at": _("Give the date on which it happened.")})
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("A deviation is recorded after it happened.")})
    with transaction.atomic():
        engagement, parties = _lock(access)
        document, _created = SharedDocument.objects.get_or_create(engagement=engagement, kind=spec.kind.value)
        deviation = Deviation.objects.create(document=document, author=actor, occurred_at=occurred_at,
                                             description=description)
        _tell(parties, actor, engagement, spec, NoticeKind.DEVIATION_RECORDED,
              _("%(name)s recorded a deviation from the %(doc)s.") % {"name": actor.name, "doc": spec.label})
    return deviation
