"""Every write of the medicine app: beginning a medicine session (through the protocol's gate), adding timeline
entries (each checked, a resend stored once), ending it (not before the protocol's minimum for the dose given,
unless for an emergency), the release, and the client's own recollections."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from cocreate.access.policy import Action, EngagementAccess, NotAllowed, Relation, require
from cocreate.accounts.models import Membership, Role, User
from cocreate.agreements import services as agreements
from cocreate.care import services as care
from cocreate.care.models import Session, SessionKind, SessionStatus
from cocreate.care.selectors import facilitators_on
from cocreate.care.services import engagement_locked
from cocreate.compose.events import publish
from cocreate.compose.gates import GateClosed
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.medicine.consent import consent_now, touch_refusal
from cocreate.medicine.events import MedicineReleased
from cocreate.medicine.kinds import SCHEMAS, Dose, Vitals, out_of_range
from cocreate.medicine.models import Entry, EntryKind, MedicineRecord, Present, Recollection
from cocreate.protocols import registry
from cocreate.protocols.selectors import checklist, pack_of, plan_of

EARLY_START = timedelta(minutes=30)  # a session may begin up to half an hour before its planned time
CLOCK_SKEW = timedelta(minutes=2)  # a page's clock may run this far ahead of the server's
RECHECK_AFTER = timedelta(minutes=15)  # an out-of-range vital sign asks for a recheck this soon
MAX_BATCH = 200
RELEASE_CHECKS = {
    "oriented": "The client is oriented, steady on their feet and says they feel ready to leave",
    "vitals": "The last vital signs were within range, or a clinician has seen them",
    "belongings": "The client has their belongings, and knows how to reach the care team tonight",
    "next_day": "A check-in for tomorrow is agreed with the client",
}


def medicine_start(*, actor: User, access: EngagementAccess, session: Session, now: datetime | None = None
                   ) -> MedicineRecord:
    """Begin a medicine session: refused, with each reason and its source, until the protocol's gate is open."""
    require(access, Action.SCHEDULE)
    now = now or timezone.now()
    if session.kind != SessionKind.MEDICINE:
        raise ValidationError({"__all__": _("Only a medicine session has a medicine record.")})
    if session.status != SessionStatus.SCHEDULED:
        raise ValidationError({"__all__": _("This session is not scheduled: it was held, cancelled or postponed.")})
    if now < session.starts_at - EARLY_START:
        raise ValidationError({"__all__": _("A session can begin at most half an hour before its planned time.")})
    with transaction.atomic():
        engagement = engagement_locked(access.engagement)
        if MedicineRecord.objects.filter(session=session).exists():
            raise ValidationError({"__all__": _("This session has already begun.")})
        found = checklist(engagement, "start", plan_of(session))
        unmet = found.unmet()
        if unmet:
            raise GateClosed(_("Not yet: beginning this medicine session needs every requirement of %(pack)s.")
                             % {"pack": found.pack.title}, unmet)
        record = MedicineRecord.objects.create(session=session, engagement=engagement, pack=found.pack.key,
                                               started_at=now, started_by=actor)
        Present.objects.bulk_create([Present(record=record, person=p, role="facilitator", joined_at=now)
                                     for p in facilitators_on(engagement)])
        notify(recipients=[engagement.client, *facilitators_on(engagement)], kind=NoticeKind.SESSION_MOVED,
               title=_("%(name)s began the medicine session.") % {"name": actor.name}, engagement=engagement,
               url=reverse("medicine", args=[engagement.pk, session.pk]), exclude=actor)
    return record


def _clean_entry(record: MedicineRecord, raw: Any, now: datetime) -> tuple[uuid.UUID, str, datetime, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise ValidationError(_("An entry is an object with uid, kind, at and data."))
    try:
        uid = uuid.UUID(str(raw.get("uid", "")))
    except ValueError:
        raise ValidationError(_("Each entry needs its own uid (a UUID made by the page).")) from None
    kind = raw.get("kind")
    if kind not in SCHEMAS:
        raise ValidationError(_("Unknown kind of entry."))
    at = raw.get("at")
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at)
        except ValueError:
            at = None
    if not isinstance(at, datetime) or timezone.is_naive(at):
        raise ValidationError(_("Give the entry's time with its time zone."))
    if at > now + CLOCK_SKEW:
        raise ValidationError(_("The entry's time is in the future."))
    if at < record.started_at - CLOCK_SKEW:
        raise ValidationError(_("The entry's time is before the session began."))
    if record.ended_at is not None and at > record.ended_at + CLOCK_SKEW and raw.get("corrects") is None:
        raise ValidationError(_("The session has ended: add to it only by correcting an entry."))
    try:
        data = SCHEMAS[str(kind)].model_validate(raw.get("data"))
    except SchemaError as exc:
        raise ValidationError("; ".join(f"{'.'.join(str(p) for p in e['loc']) or kind}: {e['msg']}"
                                        for e in exc.errors())) from None
    return uid, str(kind), at, data.model_dump(mode="json")


def entries_add(*, actor: User, access: EngagementAccess, record: MedicineRecord, entries: list[Any],
                now: datetime | None = None) -> list[dict[str, Any]]:
    """Add a batch of entries in order. Each answers {uid, status: added | already | refused, reason?, id?}: a
    resent entry is "already" there, a refused one says why, and the others are kept."""
    require(access, Action.SCHEDULE)
    now = now or timezone.now()
    if not isinstance(entries, list) or len(entries) > MAX_BATCH:
        raise ValidationError({"entries": _("Send a list of at most %(n)d entries.") % {"n": MAX_BATCH}})
    results: list[dict[str, Any]] = []
    alerts: list[str] = []
    consent: tuple[int, dict[str, str]] | None = None
    with transaction.atomic():
        record = MedicineRecord.objects.select_for_update().get(pk=record.pk)
        known = {str(u): pk for u, pk in Entry.objects.filter(
            record=record, uid__in=[_uid(e) for e in entries if _uid(e)]).values_list("uid", "pk")}
        for raw in entries:
            uid = _uid(raw) or ""
            if uid in known:
                results.append({"uid": uid, "status": "already", "id": known[uid]})
                continue
            try:
                parsed_uid, kind, at, data = _clean_entry(record, raw, now)
                corrects = _corrects(record, raw.get("corrects"))
                if kind == EntryKind.TOUCH:
                    consent = consent or consent_now(access)  # read once a batch, under the record's lock
                    refusal = touch_refusal(access, record, data, consent)
                    if refusal:
                        raise ValidationError(refusal)
                if kind == EntryKind.VITALS:
                    high = out_of_range(Vitals.model_validate(data))
                    if high:
                        data["out_of_range"] = high
                        data["recheck_at"] = (at + RECHECK_AFTER).isoformat()
                        alerts.append("; ".join(high))
            except ValidationError as exc:
                results.append({"uid": uid, "status": "refused", "reason": " ".join(exc.messages)})
                continue
            entry = Entry.objects.create(record=record, uid=parsed_uid, kind=kind, at=at, author=actor, data=data,
                                         corrects=corrects, created=now)
            known[str(parsed_uid)] = entry.pk
            results.append({"uid": str(parsed_uid), "status": "added", "id": entry.pk})
            if kind == EntryKind.ADVERSE:
                _alert_adverse(actor, record, data)
        if alerts:
            engagement = record.engagement
            present = [p.person for p in record.present.select_related("person") if p.person is not None]
            notify(recipients={u.pk: u for u in [*present, *facilitators_on(engagement)]}.values(),
                   kind=NoticeKind.RISK_ALERT, title=_("Vital signs out of range: %(what)s. Recheck in 15 minutes.")
                   % {"what": " / ".join(alerts)}, engagement=engagement,
                   url=reverse("medicine", args=[engagement.pk, record.session_id]), exclude=None)
    return results


def _uid(raw: Any) -> str | None:
    if not isinstance(raw, dict):
        return None
    try:
        return str(uuid.UUID(str(raw.get("uid", ""))))
    except ValueError:
        return None


def _corrects(record: MedicineRecord, value: Any) -> Entry | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_("Name the entry this corrects by its id."))
    found = Entry.objects.filter(record=record, pk=value).first()
    if found is None:
        raise ValidationError(_("The entry this corrects is not in this session."))
    return found


def _alert_adverse(actor: User, record: MedicineRecord, data: dict[str, Any]) -> None:
    """The whole care team and the practice's clinical leads (its supervisors) hear of an adverse event."""
    engagement = record.engagement
    leads = User.objects.filter(pk__in=Membership.objects.filter(practice_id=engagement.practice_id,
                                                                 role=Role.SUPERVISOR).values("user_id"))
    notify(recipients={u.pk: u for u in [*facilitators_on(engagement), *leads]}.values(), kind=NoticeKind.RISK_ALERT,
           title=_("An adverse event was recorded in a medicine session (%(severity)s).") % {
               "severity": data.get("severity", "")},
           engagement=engagement, url=reverse("medicine", args=[engagement.pk, record.session_id]), exclude=actor)


def dose_given(record: MedicineRecord) -> Decimal:
    """The total amount given in the session (supplemental doses included; a corrected dose counts as corrected)."""
    doses = list(Entry.objects.filter(record=record, kind=EntryKind.DOSE).order_by("at", "id"))
    corrected = {e.corrects_id for e in doses if e.corrects_id}
    return sum((Dose.model_validate(e.data).amount for e in doses if e.pk not in corrected), Decimal(0))


def minimum_minutes(record: MedicineRecord) -> tuple[int | None, str]:
    """The shortest this session may be under its protocol, for the dose given, and the rule's source."""
    pack = registry.packs().get(record.pack) or pack_of(record.engagement)
    if pack.dosing is None:
        return None, ""
    given = dose_given(record)
    if given == 0:
        return None, pack.dosing.source.citation
    return pack.dosing.minimum_minutes(given, repeat=False) or pack.dosing.rows[-1].minutes, pack.dosing.source.citation


def medicine_end(*, actor: User, access: EngagementAccess, record: MedicineRecord, early_reason: str = "",
                 now: datetime | None = None) -> MedicineRecord:
    require(access, Action.SCHEDULE)
    now = now or timezone.now()
    early_reason = early_reason.strip()
    if len(early_reason) > 2000:
        raise ValidationError({"early_reason": _("Keep the reason under 2000 characters.")})
    with transaction.atomic():
        record = MedicineRecord.objects.select_for_update().get(pk=record.pk)
        if record.ended_at is not None:
            raise ValidationError({"__all__": _("This session has already ended.")})
        minimum, source = minimum_minutes(record)
        if minimum is not None and now - record.started_at < timedelta(minutes=minimum) and not early_reason:
            earliest = timezone.localtime(record.started_at + timedelta(minutes=minimum))
            raise ValidationError({"early_reason": _(
                "For the dose given (%(dose)s mg) the session lasts at least %(minutes)d minutes (%(source)s): it "
                "can end from %(earliest)s. To end it now, give the emergency reason.") % {
                "dose": f"{dose_given(record).normalize():f}", "minutes": minimum, "source": source,
                "earliest": earliest.strftime("%H:%M")}})
        record.ended_at, record.ended_by, record.early_reason = now, actor, early_reason
        record.save(update_fields=["ended_at", "ended_by", "early_reason"])
        # Begun up to half an hour early, a session may end before its planned start: care's check that a held
        # session has begun is made against the later of the two (the record keeps the actual times).
        care.session_complete(actor=actor, access=access, session=record.session,
                              now=max(now, record.session.starts_at))
    return record


def medicine_release(*, actor: User, access: EngagementAccess, record: MedicineRecord, checks: list[str],
                     transport: str, deviation: str = "", now: datetime | None = None) -> MedicineRecord:
    """The release: every check ticked, and the client leaves by the agreed transport plan or a deviation is
    recorded beside it."""
    require(access, Action.SCHEDULE)
    now = now or timezone.now()
    missing = [label for key, label in RELEASE_CHECKS.items() if key not in checks]
    if missing:
        raise ValidationError({"checks": _("Not yet ticked: %(items)s.") % {"items": "; ".join(missing)}})
    if transport not in ("as_agreed", "deviation"):
        raise ValidationError({"transport": _("Say whether the client leaves as the transport plan says.")})
    if transport == "deviation" and not deviation.strip():
        raise ValidationError({"deviation": _("Say what differs from the transport plan.")})
    with transaction.atomic():
        record = MedicineRecord.objects.select_for_update().get(pk=record.pk)
        if record.ended_at is None:
            raise ValidationError({"__all__": _("End the session before the release.")})
        if record.released_at is not None:
            raise ValidationError({"__all__": _("The client has already been released.")})
        if transport == "deviation":
            agreements.deviation_record(actor=actor, access=access, kind="transport", occurred_at=now,
                                        description=deviation.strip())
        record.released_at, record.released_by = now, actor
        record.release = {"checks": sorted(checks), "transport": transport, "deviation": deviation.strip()}
        record.save(update_fields=["released_at", "released_by", "release"])
        publish(MedicineReleased(actor=actor, engagement=access.engagement, session=record.session, record=record))
    return record


def recollection_add(*, actor: User, access: EngagementAccess, entry: Entry, body: str) -> Recollection:
    """The client adds their own memory beside an entry, once the session has ended."""
    if access.relation is not Relation.CLIENT:
        raise NotAllowed(_("A recollection is the client's own."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write what you remember.")})
    if len(body) > 4000:
        raise ValidationError({"body": _("Keep this under 4000 characters.")})
    if entry.record.ended_at is None:
        raise ValidationError({"__all__": _("You can add your recollections once the session has ended.")})
    with transaction.atomic():
        return Recollection.objects.create(entry=entry, author=actor, body=body)


def live_view_set(*, actor: User, access: EngagementAccess, record: MedicineRecord, live: bool) -> MedicineRecord:
    """The client chooses to see the record as it is written (it is calmer, and the default, not to)."""
    if access.relation is not Relation.CLIENT:
        raise NotAllowed(_("Only the client chooses this."))
    with transaction.atomic():
        record.client_sees_live = live
        record.save(update_fields=["client_sees_live"])
    return record
