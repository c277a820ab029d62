"""Flags: raised by answers and scores, each telling the care team at once, and resolved by a facilitator who
records what was done. Called by the answer services inside their transactions."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import Action, EngagementAccess, require
from cocreate.accounts.models import User
from cocreate.care.models import Engagement
from cocreate.care.selectors import facilitators_on
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.measures import flagging, scoring
from cocreate.measures.definitions import Instrument
from cocreate.measures.models import Flag, FlagKind, Response, Score
from cocreate.text import clean_text

ACTION_MAX = 2000


def _measures_url(engagement: Engagement) -> str:
    return reverse("engagement_measures", args=[engagement.pk])


def _open_flag_exists(engagement: Engagement, kind: str, instrument: str) -> bool:
    return Flag.objects.filter(engagement=engagement, kind=kind, instrument=instrument,
                               resolved_at__isnull=True).exists()


def raise_risk(engagement: Engagement, instrument: Instrument, response: Response, score: Score | None = None
                ) -> None:
    """A risk flag for each risk rule the answers meet that has none yet for this response, and the care
    team told at once. Titles say what happened, never what was answered."""
    raised = set(Flag.objects.filter(response=response, kind=FlagKind.RISK).values_list("reason", flat=True))
    new = [reason for reason in scoring.risk_reasons(instrument, response.answers) if reason not in raised]
    if not new:
        return
    Flag.objects.bulk_create([Flag(engagement=engagement, instrument=instrument.key, response=response, score=score,
                                   kind=FlagKind.RISK, reason=reason) for reason in new])
    names = {"client": engagement.client.name, "title": instrument.short_title}
    title = _("Risk alert for %(client)s: an answer on the %(title)s needs your attention today.") % names
    notify(recipients=facilitators_on(engagement), kind=NoticeKind.RISK_ALERT, title=title,
           url=_measures_url(engagement) + "#flags", engagement=engagement, subject=f"risk:{response.pk}")


def raise_flags(engagement: Engagement, instrument: Instrument, score: Score, answers: Mapping[str, int],
                 first: Score | None) -> None:
    """A deterioration or an alliance drop raises a flag unless the same kind of flag on the same
    questionnaire is still waiting for someone to act on it (risk answers are flagged by `_raise_risk`)."""
    flags = []
    baseline = first.total if first is not None else None
    common = {"engagement": engagement, "instrument": instrument.key, "response_id": score.response_id,
              "score": score}
    if instrument.alliance:
        reason = flagging.alliance(instrument, baseline, score.total, answers)
        if reason and not _open_flag_exists(engagement, FlagKind.ALLIANCE, instrument.key):
            flags.append(Flag(kind=FlagKind.ALLIANCE, reason=reason, **common))
    else:
        reason = flagging.deterioration(instrument, baseline, score.total)
        if reason and not _open_flag_exists(engagement, FlagKind.DETERIORATION, instrument.key):
            flags.append(Flag(kind=FlagKind.DETERIORATION, reason=reason, **common))
    if not flags:
        return
    Flag.objects.bulk_create(flags)
    team, url = facilitators_on(engagement), _measures_url(engagement) + "#flags"
    names = {"client": engagement.client.name, "title": instrument.short_title}
    titles = {
        FlagKind.DETERIORATION: (NoticeKind.DETERIORATION_FLAG,
                                 _("%(client)s's %(title)s scores show a reliable deterioration.")),
        FlagKind.ALLIANCE: (NoticeKind.ALLIANCE_FLAG,
                            _("%(client)s's feedback on your work together (%(title)s) needs a look.")),
    }
    for kind in dict.fromkeys(f.kind for f in flags):
        notice_kind, title = titles[FlagKind(kind)]
        notify(recipients=team, kind=notice_kind, title=title % names, url=url, engagement=engagement)


def flag_resolve(*, actor: User, access: EngagementAccess, flag: Flag, action: str, private_note: str = "") -> Flag:
    """Record what was done about a flag, in the facilitator's words (the client reads them), with an optional
    private note only its author will read; that takes the flag off the caseload."""
    require(access, Action.RESOLVE_FLAG)
    action = clean_text(action, "action", max_length=ACTION_MAX,
                         message=_("Say what was done, e.g. called the client the same day."))
    private_note = clean_text(private_note, "private_note", max_length=ACTION_MAX, required=False)
    with transaction.atomic():
        fresh = Flag.objects.select_for_update().filter(pk=flag.pk, engagement=access.engagement).first()
        if fresh is None:
            raise Http404
        if fresh.resolved_at is not None:
            raise ValidationError({"__all__": _("This flag was already resolved.")})
        fresh.resolved_at, fresh.resolved_by, fresh.action = timezone.now(), actor, action
        fresh.private_note = private_note
        fresh.save(update_fields=["resolved_at", "resolved_by", "action", "private_note"])
    return fresh
