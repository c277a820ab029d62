"""The sliding scale: a practice's currency and tiers, each with guidance in the practice's words and a fee per
session kind. The reads every part of equity shares (`currency_of`, `offered_tiers`), the labels the fee agreement
offers, and the admins' services: choose the currency, load the default tiers, save a tier, retire one.

A client chooses their own tier and no documents are asked for; a tier is retired, never deleted, so every fee
agreement and session fee that named it still reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from cocreate.access.policy import NotAllowed, has_role
from cocreate.accounts.models import Practice, Role, User
from cocreate.care.models import SessionKind
from cocreate.equity.models import TEXT_MAX, FeeSettings, FeeTier, SessionFee, TierFee
from cocreate.equity.money import CURRENCIES, format_money, parse_money
from cocreate.text import clean_text

NAME_MAX = 100
MAX_FEE = 1_000_000_00  # a million in major units for one session: anything larger is a typing mistake
MAX_TIERS = 12


def currency_of(practice: Practice) -> str:
    return FeeSettings.objects.filter(practice=practice).values_list("currency", flat=True).first() or "USD"


def offered_tiers(practice: Practice) -> list[FeeTier]:
    """The tiers a client may choose now, in the practice's order, each with its fees prefetched (`tier.fees`):
    two queries however many."""
    return list(FeeTier.objects.filter(practice=practice, retired=False).order_by("position", "id")
                .prefetch_related(Prefetch("fees", queryset=TierFee.objects.order_by("session_kind"))))


def all_tiers(practice: Practice) -> list[FeeTier]:
    """Every tier, retired ones last, with fees prefetched (for the admins' page)."""
    return list(FeeTier.objects.filter(practice=practice).order_by("retired", "position", "id")
                .prefetch_related(Prefetch("fees", queryset=TierFee.objects.order_by("session_kind"))))


def fee_for(tier: FeeTier, kind: str) -> int | None:
    """The tier's fee for a kind of session, from the prefetched fees; None when the tier has none for it."""
    return next((f.amount for f in tier.fees.all() if f.session_kind == kind), None)


def tier_label(tier: FeeTier, currency: str) -> str:
    """"Middle — Consultation $60.00; Integration, Preparation, Psychotherapy $120.00; Medicine session $600.00":
    what the fee agreement offers, each session's fee. Kinds with the same fee are named together, cheapest first."""
    groups: dict[int, list[str]] = {}
    for fee in tier.fees.all():
        groups.setdefault(fee.amount, []).append(str(SessionKind(fee.session_kind).label))
    if not groups:
        return f"{tier.name} — " + _("no fees set")
    parts = [f"{', '.join(kinds)} {format_money(amount, currency)}" for amount, kinds in sorted(groups.items())]
    return f"{tier.name} — " + "; ".join(parts)


# The default set, loaded with one click when a practice has no tiers. The middle tier is the practice's cost of a
# session; the supported tier is below it, met by the sustaining tier's surplus through the reciprocity fund.


@dataclass(frozen=True)
class DefaultTier:
    name: str
    guidance: str
    share: int  # percent of the middle tier's fee


DEFAULT_TIERS: tuple[DefaultTier, ...] = (
    DefaultTier(N_("Supported"), N_(
        "For when paying the full cost of a session would mean going without something you need, such as rent, "
        "food or medicine. Choose it without explaining: we will not ask for documents. The difference is met by "
        "the reciprocity fund, which people who can pay more keep going."), 50),
    DefaultTier(N_("Middle"), N_(
        "What a session costs the practice to offer: the therapists' time, the room, supervision and records. "
        "Choose it if you can pay this without hardship."), 100),
    DefaultTier(N_("Sustaining"), N_(
        "If you can comfortably pay more, this tier pays the cost of your session and puts the rest into the "
        "reciprocity fund, which lowers the fee of someone on the supported tier. Nobody is told who paid."), 150),
)

# The middle tier's fee per kind of session, in minor units: a starting point the admins change to their own costs.
DEFAULT_COST: dict[str, int] = {
    SessionKind.CONSULTATION: 60_00, SessionKind.PREPARATION: 120_00, SessionKind.MEDICINE: 600_00,
    SessionKind.INTEGRATION: 120_00, SessionKind.PSYCHOTHERAPY: 120_00,
}


def require_admin(actor: User, practice: Practice) -> None:
    if not has_role(actor, Role.ADMIN, practice.pk):
        raise NotAllowed(_("Only the practice's admins set its fees."))


def _touch(practice: Practice) -> FeeSettings:
    settings_row, _created = FeeSettings.objects.get_or_create(practice=practice)
    return settings_row


def fee_currency_set(*, actor: User, practice: Practice, currency: str) -> FeeSettings:
    """The practice's currency; refused once money has been recorded in the old one."""
    require_admin(actor, practice)
    code = str(currency or "").strip().upper()
    if code not in CURRENCIES:
        raise ValidationError({"currency": _("Choose one of the currencies listed.")})
    with transaction.atomic():
        row = _touch(practice)
        if row.currency != code and SessionFee.objects.filter(session__engagement__practice=practice).exists():
            raise ValidationError({"currency": _(
                "Fees have already been recorded in %(old)s, so the currency stays as it is.") % {"old": row.currency}})
        row.currency, row.changed = code, timezone.now()
        row.save(update_fields=["currency", "changed"])
    return row


def tiers_load_defaults(*, actor: User, practice: Practice) -> list[FeeTier]:
    """The default three tiers with their guidance and fees; only when the practice offers none."""
    require_admin(actor, practice)
    with transaction.atomic():
        _touch(practice)
        if FeeTier.objects.filter(practice=practice, retired=False).exists():
            raise ValidationError({"__all__": _("The practice already offers tiers; the defaults are for a "
                                                "practice that has none.")})
        made = []
        for position, default in enumerate(DEFAULT_TIERS, start=1):
            tier = FeeTier.objects.create(practice=practice, name=_(default.name), guidance=_(default.guidance),
                                          position=position)
            TierFee.objects.bulk_create([TierFee(tier=tier, session_kind=kind, amount=cost * default.share // 100)
                                         for kind, cost in DEFAULT_COST.items()])
            made.append(tier)
    return made


def parse_fees(raw: dict[str, str]) -> dict[str, int]:
    """Typed fees per kind ("120", "120.50"; blank: not offered at this tier) as minor units, each error on
    `fee_<kind>`."""
    fees: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for kind, text in raw.items():
        if kind not in SessionKind.values:
            errors.setdefault("fees", []).append(_("“%(kind)s” is not a kind of session.") % {"kind": str(kind)[:30]})
            continue
        if not str(text or "").strip():
            continue
        try:
            amount = parse_money(str(text), f"fee_{kind}")
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if amount > MAX_FEE:
            errors[f"fee_{kind}"] = [_("That is more than any session costs: check the amount.")]
        else:
            fees[kind] = amount
    if errors:
        raise ValidationError(errors)
    if not fees:
        raise ValidationError({"fees": _("Give a fee for at least one kind of session.")})
    return fees


def tier_save(*, actor: User, practice: Practice, name: str, guidance: str, position: int | None,
              fees: dict[str, str], tier_id: int | None = None) -> FeeTier:
    """A new tier, or a change to one. Fees already fixed on sessions stay as they were."""
    require_admin(actor, practice)
    errors: dict[str, list[str]] = {}
    try:
        name = clean_text(name, "name", max_length=NAME_MAX, message=_("Give the tier a name."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        guidance = clean_text(guidance, "guidance", max_length=TEXT_MAX, required=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        amounts = parse_fees(fees)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if position is not None and not 0 <= position <= 999:
        errors["position"] = [_("Give a position from 0 to 999.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _touch(practice)
        if tier_id is None:
            if FeeTier.objects.filter(practice=practice, retired=False).count() >= MAX_TIERS:
                raise ValidationError({"__all__": _("A practice offers at most %(n)d tiers.") % {"n": MAX_TIERS}})
            last = FeeTier.objects.filter(practice=practice).order_by("-position").values_list("position", flat=True)
            tier = FeeTier.objects.create(practice=practice, name=name, guidance=guidance,
                                          position=position if position is not None else (last.first() or 0) + 1)
        else:
            found = FeeTier.objects.select_for_update().filter(pk=tier_id, practice=practice, retired=False).first()
            if found is None:
                raise Http404
            tier = found
            tier.name, tier.guidance = name, guidance
            if position is not None:
                tier.position = position
            tier.save(update_fields=["name", "guidance", "position"])
            TierFee.objects.filter(tier=tier).exclude(session_kind__in=list(amounts)).delete()
        for kind, amount in amounts.items():
            TierFee.objects.update_or_create(tier=tier, session_kind=kind, defaults={"amount": amount})
    return tier


def tier_retire(*, actor: User, practice: Practice, tier_id: int) -> FeeTier:
    """No longer offered to anyone choosing now; agreements and session fees that named it keep reading it."""
    require_admin(actor, practice)
    with transaction.atomic():
        tier = FeeTier.objects.select_for_update().filter(pk=tier_id, practice=practice).first()
        if tier is None:
            raise Http404
        if tier.retired:
            raise ValidationError({"__all__": _("This tier is already retired.")})
        tier.retired = True
        tier.save(update_fields=["retired"])
    return tier
