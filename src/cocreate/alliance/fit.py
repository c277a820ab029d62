"""Is this a good fit? A review opens by itself at the held session the two chose (the third by default) and
whenever the client asks. Both sides answer a few short questions in their own words, each answer optional; each
side reads the other's once both have answered, or once the other chooses to show theirs. The outcome is chosen
together: one side proposes it, the other agrees (or proposes another).

Reads (selectors) come first, then writes (services); each write is one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.access.models import Basis
from cocreate.access.policy import EngagementAccess, NotAllowed, Relation
from cocreate.accounts.models import User
from cocreate.alliance.common import client_only, not_supervisor, still_open, tell_client, tell_other_side, tell_team
from cocreate.alliance.models import DEFAULT_FIT_SESSION, TEXT_MAX, FitAnswer, FitOutcome, FitPlan, FitReview
from cocreate.care.models import Engagement, Session, SessionStatus
from cocreate.inbox.models import NoticeKind
from cocreate.text import clean_text

QUESTIONS: tuple[tuple[str, str | Promise], ...] = (
    ("working", gettext_lazy("What is working?")),
    ("not_working", gettext_lazy("What is not working, or missing?")),
    ("different", gettext_lazy("Would a different way of working suit better?")),
)
KEYS = tuple(key for key, _label in QUESTIONS)
SHOWN = "shown_at"  # kept beside the answers: when their author chose to show them before the other side answered
MAX_SESSION = 60


def fit_url(engagement_id: int, anchor: str = "") -> str:
    return reverse("alliance_fit", args=[engagement_id]) + (f"#{anchor}" if anchor else "")


def _reverse(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page another part of the app provides, not installed here
        return ""


def outcome_link(review: FitReview) -> tuple[str, str]:
    """Where an agreed outcome leads: the page where the next step is taken, and its link's words."""
    pk = review.engagement_id
    if review.outcome == FitOutcome.ADJUST:
        return _reverse("agreement_propose", pk, "modality"), _("Propose a change to the modality plan")
    if review.outcome == FitOutcome.END:
        return _reverse("alliance_ending", pk), _("Go to ending the work")
    if review.outcome == FitOutcome.TRANSFER:
        return _reverse("alliance_team", pk), _("Propose a change to the care team")
    return "", ""


# Reads.

def plan_of(engagement: Engagement) -> int:
    plan = FitPlan.objects.filter(engagement=engagement).values_list("at_session", flat=True).first()
    return plan or DEFAULT_FIT_SESSION


def held_count(engagement: Engagement) -> int:
    return Session.objects.filter(engagement=engagement, status=SessionStatus.COMPLETED).count()


def is_open(review: FitReview) -> bool:
    return review.agreed_at is None


def open_review(engagement: Engagement) -> FitReview | None:
    return FitReview.objects.filter(engagement=engagement, agreed_at__isnull=True).order_by("-created", "-id").first()


def side(user_id: int, engagement: Engagement) -> str:
    return "client" if user_id == engagement.client_id else "team"


@dataclass(frozen=True)
class AnswerView:
    """One person's answers as a reader sees them: in the questions' order, the unanswered left out."""

    author: User
    is_client: bool
    pairs: list[tuple[str, str]]
    answers: dict[str, str]
    shown_early: bool  # its author showed it before the other side answered


@dataclass
class ReviewView:
    """A review as one reader sees it: their own answers, the answers they may read, and what they may do."""

    review: FitReview
    mine: AnswerView | None
    shown: list[AnswerView]  # the answers of others this reader may read
    hidden: int  # how many answers of the other side wait until this reader's side answers (or they show them)
    client_answered: bool
    team_answered: bool
    may_agree: bool
    may_show: bool  # the reader answered, has not shown, and the other side has not answered yet
    link: tuple[str, str] = ("", "")

    @property
    def is_open(self) -> bool:
        return is_open(self.review)


def _is_shown(answer: FitAnswer) -> bool:
    return isinstance(answer.answers, dict) and bool(answer.answers.get(SHOWN))


def answer_view(answer: FitAnswer, engagement: Engagement) -> AnswerView:
    given = answer.answers if isinstance(answer.answers, dict) else {}
    kept = {key: str(given.get(key) or "") for key in KEYS}
    return AnswerView(author=answer.author, is_client=answer.author_id == engagement.client_id,
                      pairs=[(str(label), kept[key]) for key, label in QUESTIONS if kept[key]], answers=kept,
                      shown_early=_is_shown(answer))


def view_of(review: FitReview, reader: User, relation: Relation) -> ReviewView:
    """What the reader sees of a review whose answers (and their authors) were prefetched: no query here."""
    engagement = review.engagement
    answers = list(review.answers.all())
    client_answered = any(side(a.author_id, engagement) == "client" for a in answers)
    team_answered = any(side(a.author_id, engagement) == "team" for a in answers)
    both = client_answered and team_answered
    reader_side = "client" if relation is Relation.CLIENT else "team"
    mine = next((a for a in answers if a.author_id == reader.pk), None)
    shown, hidden = [], 0
    for answer in answers:
        if answer.author_id == reader.pk:
            continue
        same = relation is not Relation.SUPERVISOR and side(answer.author_id, engagement) == reader_side
        if same or both or _is_shown(answer):
            shown.append(answer_view(answer, engagement))
        else:
            hidden += 1
    writer = relation is not Relation.SUPERVISOR and is_open(review)
    may_agree = (writer and bool(review.proposed_outcome) and review.proposed_by_id is not None
                 and side(review.proposed_by_id, engagement) != reader_side)
    may_show = writer and mine is not None and not _is_shown(mine) and not both
    return ReviewView(review, answer_view(mine, engagement) if mine else None, shown, hidden, client_answered,
                      team_answered, may_agree, may_show, outcome_link(review) if review.outcome else ("", ""))


def _reviews(engagement: Engagement) -> list[FitReview]:
    return list(FitReview.objects.filter(engagement=engagement)
                .select_related("engagement", "session", "asked_by", "proposed_by", "agreed_by")
                .prefetch_related("answers__author"))


def reviews_for(access: EngagementAccess, actor: User) -> list[ReviewView]:
    """Every review of the engagement as this reader sees it, newest first (a fixed number of queries)."""
    return [view_of(r, actor, access.relation) for r in _reviews(access.engagement)]


def review_in(access: EngagementAccess, pk: int) -> FitReview:
    found = (FitReview.objects.filter(engagement=access.engagement, pk=pk)
             .select_related("engagement", "session", "asked_by", "proposed_by", "agreed_by")
             .prefetch_related("answers__author").first())
    if found is None:
        raise Http404
    return found


# Writes.

def _tell_other_side(access: EngagementAccess, actor: User, *, to_client: str, to_team: str, url: str) -> None:
    tell_other_side(access, kind=NoticeKind.FIT_REVIEW, url=url, actor=actor, to_team=to_team, to_client=to_client)


def fit_plan_set(*, actor: User, access: EngagementAccess, at_session: int | None) -> FitPlan:
    """Either side changes the held session at which the review opens by itself; the other side is told."""
    not_supervisor(access)
    still_open(access)
    if at_session is None:
        raise ValidationError({"at_session": _("Choose the session after which to review the fit.")})
    held = held_count(access.engagement)
    if not 1 <= at_session <= MAX_SESSION:
        raise ValidationError({"at_session": _("Choose a session from 1 to %(n)d.") % {"n": MAX_SESSION}})
    if at_session <= held:
        raise ValidationError({"at_session": _("%(held)d sessions have been held already: choose a later one.")
                               % {"held": held}})
    with transaction.atomic():
        plan, _created = FitPlan.objects.select_for_update().get_or_create(engagement=access.engagement)
        if plan.at_session != at_session:
            plan.at_session, plan.changed, plan.changed_by = at_session, timezone.now(), actor
            plan.save(update_fields=["at_session", "changed", "changed_by"])
            _tell_other_side(access, actor, url=fit_url(access.engagement.pk, "plan"),
                             to_client=_("Your care team changed when you review how the work fits: after session "
                                         "%(n)d.") % {"n": at_session},
                             to_team=_("%(client)s changed when you review how the work fits: after session "
                                       "%(n)d.") % {"client": access.engagement.client.name, "n": at_session})
    return plan


def fit_review_open_at(*, actor: User, engagement: Engagement, session: Session) -> FitReview | None:
    """Inside the transaction that marked a session held: open a review if this is the chosen session and none is
    open; both sides are told (but not the person who marked it held)."""
    if held_count(engagement) != plan_of(engagement) or open_review(engagement) is not None:
        return None
    if FitReview.objects.filter(engagement=engagement, session=session).exists():
        return None
    review = FitReview.objects.create(engagement=engagement, session=session)
    access = EngagementAccess(engagement, Relation.CARE_TEAM, Basis.CARE)
    url = fit_url(engagement.pk, f"review-{review.pk}")
    tell_client(access, kind=NoticeKind.FIT_REVIEW, url=url, actor=actor,
                title=_("A few short questions about whether the work fits you: your answers are your own words."))
    tell_team(access, kind=NoticeKind.FIT_REVIEW, url=url, actor=actor,
              title=_("Time to review with %(client)s whether the work fits.") % {"client": engagement.client.name})
    return review


def fit_review_ask(*, actor: User, access: EngagementAccess) -> FitReview:
    """The client asks to talk about whether this fits, at any time; the care team is told."""
    client_only(access, _("The client asks for a review of fit; the care team can change when one opens."))
    still_open(access)
    with transaction.atomic():
        Engagement.objects.select_for_update().filter(pk=access.engagement.pk).first()
        if open_review(access.engagement) is not None:
            raise ValidationError({"__all__": _("A review is already open: answer it below.")})
        review = FitReview.objects.create(engagement=access.engagement, asked_by=actor)
        tell_team(access, kind=NoticeKind.FIT_REVIEW, url=fit_url(access.engagement.pk, f"review-{review.pk}"),
                  actor=actor, title=_("%(client)s would like to talk about whether the work fits.")
                  % {"client": access.engagement.client.name})
    return review


def _writable(access: EngagementAccess, review: FitReview) -> None:
    not_supervisor(access)
    still_open(access)
    if review.engagement_id != access.engagement.pk:
        raise Http404
    if not is_open(review):
        raise ValidationError({"__all__": _("This review is closed: its outcome was agreed.")})


def fit_answer(*, actor: User, access: EngagementAccess, review: FitReview, answers: Mapping[str, str],
               show: bool = False) -> FitAnswer:
    """One side's answers, each optional but not all empty; kept as written. With `show`, the other side may read
    them at once, before answering themselves."""
    _writable(access, review)
    cleaned = {key: clean_text(answers.get(key, ""), key, max_length=TEXT_MAX, required=False) for key in KEYS}
    if not any(cleaned.values()):
        raise ValidationError({"__all__": _("Write something in at least one of the boxes; a few words are "
                                            "enough.")})
    kept: dict[str, str | None] = {**cleaned, SHOWN: timezone.now().isoformat() if show else None}
    if FitAnswer.objects.filter(review=review, author=actor).exists():
        raise ValidationError({"__all__": _("You have answered this review already.")})
    url = fit_url(access.engagement.pk, f"review-{review.pk}")
    try:
        with transaction.atomic():
            answer = FitAnswer.objects.create(review=review, author=actor, answers=kept)
            sides = {side(a, review.engagement) for a in FitAnswer.objects.filter(review=review)
                     .values_list("author_id", flat=True)}
            if sides == {"client", "team"}:
                _tell_other_side(access, actor, url=url,
                                 to_client=_("Your care team answered the review of fit: you can read each other's "
                                             "answers now."),
                                 to_team=_("%(client)s answered the review of fit: you can read each other's "
                                           "answers now.") % {"client": access.engagement.client.name})
            else:
                _tell_other_side(access, actor, url=url,
                                 to_client=_("Your care team answered the review of how the work fits."),
                                 to_team=_("%(client)s answered the review of how the work fits.")
                                 % {"client": access.engagement.client.name})
    except IntegrityError:
        raise ValidationError({"__all__": _("You have answered this review already.")}) from None
    return answer


def fit_show(*, actor: User, access: EngagementAccess, review: FitReview) -> FitAnswer:
    """Show one's answers to the other side now, before they answer."""
    _writable(access, review)
    with transaction.atomic():
        answer = FitAnswer.objects.select_for_update().filter(review=review, author=actor).first()
        if answer is None:
            raise ValidationError({"__all__": _("Answer first; then you can show your answers.")})
        if not _is_shown(answer):
            answer.answers = {**answer.answers, SHOWN: timezone.now().isoformat()}
            answer.save(update_fields=["answers"])
            _tell_other_side(access, actor, url=fit_url(access.engagement.pk, f"review-{review.pk}"),
                             to_client=_("Your care team showed you their answers to the review of fit."),
                             to_team=_("%(client)s showed you their answers to the review of fit.")
                             % {"client": access.engagement.client.name})
    return answer


def _outcome(value: str) -> FitOutcome:
    if value not in FitOutcome.values:
        raise ValidationError({"outcome": _("Choose one of the outcomes.")})
    return FitOutcome(value)


def fit_propose(*, actor: User, access: EngagementAccess, review: FitReview, outcome: str,
                note: str = "") -> FitReview:
    """One side proposes the outcome, with a note; a proposal from the other side replaces it."""
    _writable(access, review)
    chosen = _outcome(outcome)
    note = clean_text(note, "note", max_length=TEXT_MAX, required=False)
    with transaction.atomic():
        review = FitReview.objects.select_for_update().get(pk=review.pk)
        if not is_open(review):
            raise ValidationError({"__all__": _("This review is closed: its outcome was agreed.")})
        review.proposed_outcome, review.proposed_by, review.outcome_note = chosen, actor, note
        review.save(update_fields=["proposed_outcome", "proposed_by", "outcome_note"])
        _tell_other_side(access, actor, url=fit_url(access.engagement.pk, f"review-{review.pk}"),
                         to_client=_("Your care team proposed an outcome of the review of fit: agree, or propose "
                                     "another."),
                         to_team=_("%(client)s proposed an outcome of the review of fit.")
                         % {"client": access.engagement.client.name})
    return review


def fit_agree(*, actor: User, access: EngagementAccess, review: FitReview, outcome: str,
              now: datetime | None = None) -> FitReview:
    """The other side agrees to the proposed outcome, naming it, so that an agreement never lands on a proposal
    that changed meanwhile. The side that proposed cannot agree to its own proposal."""
    _writable(access, review)
    named = _outcome(outcome)
    with transaction.atomic():
        review = FitReview.objects.select_for_update().select_related("engagement").get(pk=review.pk)
        if not is_open(review):
            raise ValidationError({"__all__": _("This review is closed: its outcome was agreed.")})
        if not review.proposed_outcome or review.proposed_by_id is None:
            raise ValidationError({"__all__": _("Nothing has been proposed yet: propose an outcome.")})
        if side(review.proposed_by_id, review.engagement) == side(actor.pk, review.engagement):
            raise NotAllowed(_("Your side proposed this; the other side agrees to it, or proposes another."))
        if named != review.proposed_outcome:
            raise ValidationError({"outcome": _("The proposal has changed to “%(now)s”: read it again.")
                                   % {"now": FitOutcome(review.proposed_outcome).label}})
        review.outcome, review.agreed_at, review.agreed_by = named, now or timezone.now(), actor
        review.save(update_fields=["outcome", "agreed_at", "agreed_by"])
        label = str(FitOutcome(named).label).lower()
        _tell_other_side(access, actor, url=fit_url(access.engagement.pk, f"review-{review.pk}"),
                         to_client=_("Your care team agreed the outcome of the review of fit: %(o)s.") % {"o": label},
                         to_team=_("%(client)s agreed the outcome of the review of fit: %(o)s.")
                         % {"client": access.engagement.client.name, "o": label})
    return review
