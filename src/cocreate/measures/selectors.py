"""Every read of measures. The caller resolves the engagement with
`care.selectors.engagement_for(actor, pk, what="measures")`, which leaves the access event; these functions read
only within it. Selectors given only an actor resolve through the policy themselves. Each runs a fixed number of
queries, however many scores or administrations an engagement has.

An administration is *open* from `due_at` until `expires_at` unless completed or cancelled; it is *overdue* when it
has been open for more than a day (OVERDUE_AFTER) without an answer and has not yet closed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.access.policy import EngagementAccess, Relation, hidden
from cocreate.accounts.models import Practice, User
from cocreate.care.models import OFF, Phase, Session
from cocreate.care.selectors import engagement_for
from cocreate.measures import registry, scoring
from cocreate.measures.definitions import Instrument
from cocreate.measures.models import Administration, Assignment, CrisisResources, Flag, FlagKind, Response, Score
from cocreate.measures.scoring import Trajectory, trajectory
from cocreate.web.keyset import Key, Listing, Window

OVERDUE_AFTER = timedelta(days=1)
UPCOMING = timedelta(days=30)  # how far ahead the administrations list looks
# The API's paged lists, each order ending with the primary key.
SCORES = Listing.of("scores", Key((("at", datetime), ("pk", int))))
FLAGS = Listing.of("flags", Key((("-created", datetime), ("-pk", int))))

DEFAULT_CRISIS_TEXT = _(
    "If you are in danger now, or might act on thoughts of harming yourself, please reach out right away:\n"
    "- Call your local emergency number: 112 (Europe and many other countries), 911 (US and Canada), "
    "999 (UK).\n"
    "- US: call or text 988, the Suicide & Crisis Lifeline, any time.\n"
    "- UK and Ireland: call Samaritans free on 116 123, any time.\n"
    "- Elsewhere: find a free, confidential helpline in your country at https://findahelpline.com\n"
    "You do not have to wait for your care team if you need help now."
)


def crisis_text(practice: Practice) -> str:
    """What a client sees at once after a risk answer: the practice's own wording, or the default."""
    text = CrisisResources.objects.filter(practice=practice).values_list("text", flat=True).first()
    return text or str(DEFAULT_CRISIS_TEXT)


def crisis_texts(practices: list[Practice]) -> list[tuple[Practice, str]]:
    """Each practice's crisis resources (its own wording, or the default), in one query."""
    own = dict(CrisisResources.objects.filter(practice__in=practices).values_list("practice_id", "text"))
    return [(p, own.get(p.pk) or str(DEFAULT_CRISIS_TEXT)) for p in practices]


def without_crisis_contact(practices: list[Practice]) -> list[Practice]:
    """Practices that have not yet worded their own crisis resources (with their after-hours contact)."""
    worded = set(CrisisResources.objects.filter(practice__in=practices).values_list("practice_id", flat=True))
    return [p for p in practices if p.pk not in worded]


def crisis_after(score: Score) -> str | None:
    """The crisis resources to show after this score, when one of its answers met a risk rule."""
    if not Flag.objects.filter(score=score, kind=FlagKind.RISK).exists():
        return None
    return crisis_text(score.engagement.practice)


def score_of(administration: Administration) -> Score | None:
    """The score of a sent questionnaire, or None while it is not sent."""
    return Score.objects.filter(response__administration=administration).select_related("response").first()


def crisis_for_answers(administration: Administration, answers: Mapping[str, int]) -> str | None:
    """The crisis resources to show while answering, when the answers given so far meet a risk rule."""
    found = registry.instruments().get(administration.instrument)
    if found is None or not scoring.risk_reasons(found, answers):
        return None
    return crisis_text(administration.engagement.practice)


def _open(queryset: QuerySet[Administration], now: datetime) -> QuerySet[Administration]:
    return queryset.filter(completed_at__isnull=True, cancelled_at__isnull=True, due_at__lte=now, expires_at__gt=now)


def is_overdue(administration: Administration, now: datetime) -> bool:
    return administration.due_at < now - OVERDUE_AFTER


def state_of(administration: Administration, now: datetime | None = None) -> str:
    """upcoming, open, completed, cancelled or expired."""
    now = now or timezone.now()
    if administration.completed_at is not None:
        return "completed"
    if administration.cancelled_at is not None:
        return "cancelled"
    if administration.due_at > now:
        return "upcoming"
    return "open" if administration.expires_at > now else "expired"


def due_for_client(actor: User, engagement_ids: set[int] | None = None) -> list[Administration]:
    """The client's own open questionnaires across their engagements (or these of them), with any answers
    saved so far."""
    administrations = Administration.objects.filter(engagement__client=actor).exclude(engagement__phase=Phase.CLOSED)
    if engagement_ids is not None:
        administrations = administrations.filter(engagement_id__in=engagement_ids)
    return list(_open(administrations, timezone.now()).select_related("engagement", "response")
                .order_by("expires_at", "pk"))


def unresolved_flags(engagement_ids: set[int]) -> list[Flag]:
    """Flags nobody has recorded a follow-up for yet, oldest first. No access event: the caller records the
    reads of whatever it shows."""
    return list(Flag.objects.filter(engagement_id__in=engagement_ids, resolved_at__isnull=True)
                .order_by("created", "pk"))


def administration_in(access: EngagementAccess, pk: int) -> Administration:
    """One administration of this engagement, with its response and score; 404 for any other."""
    administration = (Administration.objects.filter(engagement=access.engagement, pk=pk)
                      .select_related("response", "response__score").first())
    if administration is None:
        raise Http404
    return administration


def administration_for(actor: User, pk: int, *, what: str | None,
                       via: str = "web") -> tuple[EngagementAccess, Administration]:
    """An administration by its id alone, resolved through its engagement's access policy; 404 if foreign."""
    engagement_id = Administration.objects.filter(pk=pk).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        hidden(actor)
    access = engagement_for(actor, engagement_id, what=what, via=via)
    return access, administration_in(access, pk)


def response_for(actor: User, pk: int, *, what: str | None, via: str = "web") -> tuple[EngagementAccess, Response]:
    """A response by its id alone, through its engagement's access policy; 404 if foreign."""
    engagement_id = (Response.objects.filter(pk=pk).values_list("administration__engagement_id", flat=True)
                     .first())
    if engagement_id is None:
        hidden(actor)
    access = engagement_for(actor, engagement_id, what=what, via=via)
    return access, Response.objects.select_related("administration").get(pk=pk)


def score_for(actor: User, pk: int, *, what: str | None, via: str = "web") -> tuple[EngagementAccess, Score]:
    """A score by its id alone, through its engagement's access policy; 404 if foreign."""
    engagement_id = Score.objects.filter(pk=pk).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        hidden(actor)
    access = engagement_for(actor, engagement_id, what=what, via=via)
    return access, Score.objects.select_related("response").get(pk=pk)


def administrations(access: EngagementAccess, *, limit: int = 100) -> list[Administration]:
    """Open, coming (within a month) and past administrations, the latest due first."""
    horizon = timezone.now() + UPCOMING
    return list(Administration.objects.filter(engagement=access.engagement, due_at__lte=horizon)
                .select_related("response").order_by("-due_at", "-pk")[:limit])


def administration_open(access: EngagementAccess, instrument_key: str) -> Administration | None:
    """The engagement's open administration of the instrument that closes first, if any (for imports)."""
    return (_open(Administration.objects.filter(engagement=access.engagement, instrument=instrument_key),
                  timezone.now()).order_by("expires_at", "pk").first())


def responses_submitted(access: EngagementAccess) -> list[Response]:
    """The engagement's sent responses, oldest first, each with its administration."""
    return list(Response.objects.filter(administration__engagement=access.engagement, submitted_at__isnull=False)
                .select_related("administration").order_by("submitted_at", "pk"))


def scores(access: EngagementAccess, instrument_key: str | None = None) -> list[Score]:
    """The engagement's scores, oldest first (of one instrument when given)."""
    found = Score.objects.filter(engagement=access.engagement).select_related("response").order_by("at", "pk")
    return list(found.filter(instrument=instrument_key) if instrument_key is not None else found)


def answers_visible(access: EngagementAccess, administration: Administration) -> bool:
    """Answers not yet sent are the client's draft: only the client sees them."""
    response = getattr(administration, "response", None)
    if response is None:
        return False
    return access.relation is Relation.CLIENT or response.submitted_at is not None


def assignments(access: EngagementAccess) -> list[Assignment]:
    """The standing assignments (not ended), newest first."""
    return list(Assignment.objects.filter(engagement=access.engagement, ended_at__isnull=True)
                .select_related("created_by"))


def assignment_in(access: EngagementAccess, pk: int) -> Assignment:
    assignment = Assignment.objects.filter(engagement=access.engagement, pk=pk).select_related("created_by").first()
    if assignment is None:
        raise Http404
    return assignment


def _flags(access: EngagementAccess, *, unresolved: bool) -> QuerySet[Flag]:
    found = Flag.objects.filter(engagement=access.engagement).select_related("score", "response", "resolved_by")
    return found.filter(resolved_at__isnull=True) if unresolved else found


def flags(access: EngagementAccess, *, unresolved: bool = False, limit: int = 200) -> list[Flag]:
    """Flags newest first, with the score that raised each and who resolved it."""
    return list(_flags(access, unresolved=unresolved)[:limit])


def flags_page(access: EngagementAccess, window: Window, *, unresolved: bool = False
               ) -> tuple[list[Flag], str | None]:
    """One page of the flags, newest first, and the cursor of the next."""
    return FLAGS.page(_flags(access, unresolved=unresolved), window)


def flag_in(access: EngagementAccess, pk: int) -> Flag:
    flag = (Flag.objects.filter(engagement=access.engagement, pk=pk).select_related("score", "response", "resolved_by")
            .first())
    if flag is None:
        raise Http404
    return flag


@dataclass
class Series:
    instrument: Instrument
    scores: list[Score]  # oldest first
    trajectory: Trajectory | None  # first scored against latest scored, with two or more totals
    latest: Score | None


def _series(instrument: Instrument, scores: list[Score], before: float | None = None) -> Series:
    """`before`: the first scored total, when it came before these scores (on an earlier page)."""
    totals = [s.total for s in scores if s.total is not None]
    if before is not None:
        totals.insert(0, before)
    change = trajectory(instrument, totals[0], totals[-1]) if len(totals) >= 2 else None
    return Series(instrument, scores, change, scores[-1] if scores else None)


def _grouped(scores: list[Score], before: Mapping[str, float] | None = None) -> list[Series]:
    """A series per questionnaire of these scores (oldest first), by title; `before`: each one's first scored
    total when it came before these scores (on an earlier page)."""
    grouped: dict[str, list[Score]] = defaultdict(list)
    for score in scores:
        grouped[score.instrument].append(score)
    known = registry.instruments()
    before = before or {}
    # A definition removed since leaves its scores in the database but no series to draw.
    found = [_series(known[key], group, before.get(key)) for key, group in grouped.items() if key in known]
    return sorted(found, key=lambda s: s.instrument.short_title.lower())


def series_for(access: EngagementAccess, instrument_key: str) -> Series:
    """One questionnaire's scores over time; 404 for an unknown questionnaire."""
    instrument = registry.instrument(instrument_key)
    found = _grouped(scores(access, instrument_key))
    return found[0] if found else Series(instrument, [], None, None)


def _first_scored(access: EngagementAccess, shown: list[Score]) -> dict[str, float]:
    """The first scored total of each questionnaire among `shown`, when it came before them. One query, each
    first found through the index (engagement, instrument, at)."""
    scored = Score.objects.filter(engagement=access.engagement, total__isnull=False).order_by("at", "pk")
    firsts = Q()
    for key in sorted({s.instrument for s in shown}):
        firsts |= Q(pk=Subquery(scored.filter(instrument=key).values("pk")[:1]))
    on_page = {s.pk for s in shown}
    return {key: total for pk, key, total in Score.objects.filter(firsts).values_list("pk", "instrument", "total")
            if pk not in on_page and total is not None}


def series_page(access: EngagementAccess, window: Window, instrument_key: str | None = None
                ) -> tuple[list[Series], str | None]:
    """One page of the scores, oldest first, as a series per questionnaire (or of only `instrument_key`: 404 for
    an unknown one), and the cursor of the next page. Each series' change runs from the questionnaire's first
    score, on this page or an earlier one, to its latest on this page; the last page's is the whole change."""
    instrument = registry.instrument(instrument_key) if instrument_key is not None else None
    found = Score.objects.filter(engagement=access.engagement).select_related("response")
    shown, following = SCORES.page(found.filter(instrument=instrument_key) if instrument is not None else found, window)
    series = _grouped(shown, _first_scored(access, shown) if window.after is not None and shown else None)
    if instrument is not None and not series:
        series = [Series(instrument, [], None, None)]
    return series, following


def session_markers(access: EngagementAccess) -> list[Session]:
    """Sessions held so far (not cancelled), for the marks on a chart."""
    return list(Session.objects.filter(engagement=access.engagement, starts_at__lt=timezone.now())
                .exclude(status__in=OFF).order_by("starts_at", "pk"))


@dataclass
class MeasuresView:
    assignments: list[Assignment]
    open: list[Administration]  # due now, soonest closing first
    overdue: list[Administration]  # open for more than OVERDUE_AFTER without an answer
    flags: list[Flag]  # unresolved, newest first
    series: list[Series]
    upcoming: list[Administration] = field(default_factory=list)  # the next ones to fall due
    resolved: list[Flag] = field(default_factory=list)  # the latest flags someone acted on, with what was done


def measures_view(access: EngagementAccess, *, now: datetime | None = None) -> MeasuresView:
    now = now or timezone.now()
    administrations = Administration.objects.filter(engagement=access.engagement)
    open_now = list(_open(administrations, now).select_related("response").order_by("expires_at", "pk"))
    upcoming = list(administrations.filter(completed_at__isnull=True, cancelled_at__isnull=True, due_at__gt=now)
                    .order_by("due_at", "pk")[:10])
    return MeasuresView(
        assignments=assignments(access),
        open=open_now,
        overdue=[a for a in open_now if is_overdue(a, now)],
        flags=flags(access, unresolved=True),
        series=_grouped(scores(access)),
        upcoming=upcoming,
        resolved=list(Flag.objects.filter(engagement=access.engagement, resolved_at__isnull=False)
                      .select_related("resolved_by").order_by("-resolved_at", "-pk")[:20]),
    )


@dataclass
class CaseloadFlags:
    risk: list[Flag] = field(default_factory=list)
    deterioration: list[Flag] = field(default_factory=list)
    alliance: list[Flag] = field(default_factory=list)
    overdue: int = 0

    @property
    def any(self) -> bool:
        return bool(self.risk or self.deterioration or self.alliance or self.overdue)


def caseload_flags(engagement_ids: list[int]) -> dict[int, CaseloadFlags]:
    """Unresolved flags and overdue questionnaires of each engagement, in two queries. No access event: the
    caseload selector that chose these engagements records its own."""
    result = {pk: CaseloadFlags() for pk in engagement_ids}
    if not engagement_ids:
        return result
    for flag in Flag.objects.filter(engagement_id__in=engagement_ids, resolved_at__isnull=True).select_related("score"):
        getattr(result[flag.engagement_id], flag.kind).append(flag)
    now = timezone.now()
    overdue = (_open(Administration.objects.filter(engagement_id__in=engagement_ids), now)
               .filter(due_at__lt=now - OVERDUE_AFTER).values("engagement_id").annotate(n=Count("pk"))
               .order_by())
    for row in overdue:
        result[row["engagement_id"]].overdue = row["n"]
    return result


def risk_resolved(response_ids: set[int]) -> set[int]:
    """Of these responses, those whose risk flags have all been followed up. One query."""
    pending = set(Flag.objects.filter(response_id__in=response_ids, kind=FlagKind.RISK, resolved_at__isnull=True)
                  .values_list("response_id", flat=True))
    return response_ids - pending

