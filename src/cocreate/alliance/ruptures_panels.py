"""What ruptures and the fit review add to the shared pages: a section on the engagement page; what waits (the
client's word on a repair, the care team's answer to a named strain, a raised strain for the supervisor, a fit
review to answer or agree); the review that opens by itself at the chosen held session; and the inbox's "done" for
a raised strain once the client says it feels repaired."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext as _

from cocreate.access.policy import Relation
from cocreate.accounts.models import User
from cocreate.alliance import fit, ruptures
from cocreate.alliance.models import FitOutcome, FitReview, Repair, Rupture
from cocreate.care.events import SessionCompleted
from cocreate.care.models import Phase
from cocreate.compose.events import subscribe
from cocreate.compose.panels import ENGAGEMENT, EngagementPage
from cocreate.compose.waiting import Reach, Waiting, provider
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.inbox.status import done_when


@ENGAGEMENT.panel("alliance.relationship", order=46, template="alliance/ruptures_panel.html")
def relationship_panel(page: EngagementPage) -> Mapping[str, Any]:
    engagement = page.access.engagement
    rows = ruptures.with_state(Rupture.objects.filter(engagement=engagement))
    open_count = rows.filter(is_repaired=False).count()
    latest = FitReview.objects.filter(engagement=engagement).order_by("-created", "-id").first()
    return {
        "ruptures_open": open_count,
        "ruptures_total": Rupture.objects.filter(engagement=engagement).count(),
        "fit_latest": latest,
        "fit_latest_outcome": FitOutcome(latest.outcome).label if latest and latest.outcome else "",
        "fit_at_session": fit.plan_of(engagement),
        "is_client": page.access.relation is Relation.CLIENT,
    }


def _latest_repair_at() -> Subquery:
    return Subquery(Repair.objects.filter(rupture=OuterRef("pk")).order_by("-created", "-id").values("created")[:1])


@provider("alliance.rupture_word", side="client")
def say_whether_repaired(reach: Reach) -> Iterator[Waiting]:
    """The client: a repair was recorded since they last said, and it is not repaired in their word."""
    if not reach.as_client:
        return
    rows = (ruptures.open_ruptures(set(reach.as_client)).annotate(repair_at=_latest_repair_at())
            .filter(repair_at__isnull=False).order_by("created", "id"))
    for rupture in rows:
        if rupture.word_at is not None and rupture.word_at >= rupture.repair_at:
            continue
        engagement = reach.engagement(rupture.engagement_id)
        yield Waiting(kind="alliance.rupture_word", label=_("Say whether something feels repaired, when you are "
                                                            "ready"),
                      engagement_id=engagement.pk, client_name=engagement.client.name, since=rupture.repair_at,
                      detail=_("only you say this; “not yet” is a fine answer"),
                      url=ruptures.ruptures_url(engagement.pk, f"rupture-{rupture.pk}"))


@provider("alliance.rupture_named", side="team")
def respond_to_a_strain(reach: Reach) -> Iterator[Waiting]:
    """The care team: the client named a strain and nothing has been recorded towards repair yet."""
    if not reach.as_team:
        return
    rows = (ruptures.open_ruptures(set(reach.as_team)).filter(named_by_id=F("engagement__client_id"))
            .annotate(repair_at=_latest_repair_at()).filter(repair_at__isnull=True).order_by("created", "id"))
    for rupture in rows:
        engagement = reach.engagement(rupture.engagement_id)
        yield Waiting(kind="alliance.rupture_named",
                      label=_("%(client)s named a strain in the work together") % {"client": engagement.client.name},
                      engagement_id=engagement.pk, client_name=engagement.client.name, since=rupture.created,
                      detail=_("talk about it together, and record what you do towards repair"),
                      url=ruptures.ruptures_url(engagement.pk, f"rupture-{rupture.pk}"))


@provider("alliance.rupture_raised")
def strain_needs_supervisor(reach: Reach) -> Iterator[Waiting]:
    """A supervisor: a strain raised with them, until the client says it feels repaired. The supervisor is found
    by the notice that raised it, so the item goes to exactly those who were told."""
    raised = [int(s.partition(":")[2]) for s in Notice.objects.filter(
        recipient=reach.actor, kind=NoticeKind.RUPTURE_RAISED, subject__startswith="rupture:")
        .values_list("subject", flat=True) if s.partition(":")[2].isdigit()]
    if not raised:
        return
    rows = (ruptures.with_state(Rupture.objects.filter(pk__in=raised)).filter(is_repaired=False)
            .exclude(engagement__phase=Phase.CLOSED).select_related("engagement__client").order_by("raised_at"))
    for rupture in rows:
        engagement = rupture.engagement
        label = _("A strain in %(client)s's work needs your attention") % {"client": engagement.client.name}
        yield Waiting(kind="alliance.rupture_raised", label=label,
                      engagement_id=engagement.pk, client_name=engagement.client.name,
                      since=rupture.raised_at or rupture.created, detail=rupture.raised_reason,
                      url=ruptures.ruptures_url(engagement.pk, f"rupture-{rupture.pk}"))


@provider("alliance.fit")
def fit_review_waiting(reach: Reach) -> Iterator[Waiting]:
    """Either side: a review to answer, or an outcome the other side proposed, to agree or answer with another."""
    if not reach.engagement_ids:
        return
    reviews = (FitReview.objects.filter(engagement_id__in=reach.engagement_ids, agreed_at__isnull=True)
               .prefetch_related("answers").order_by("created", "id"))
    for review in reviews:
        engagement = reach.engagement(review.engagement_id)
        mine = "client" if reach.is_client(engagement.pk) else "team"
        answered = {fit.side(a.author_id, engagement) for a in review.answers.all()}
        url = fit.fit_url(engagement.pk, f"review-{review.pk}")
        if mine not in answered:
            yield Waiting(kind="alliance.fit_answer", label=_("Answer a few questions: is the work a good fit?"),
                          engagement_id=engagement.pk, client_name=engagement.client.name, since=review.created,
                          detail=_("every answer is optional"), url=url)
        if review.proposed_by_id is not None and fit.side(review.proposed_by_id, engagement) != mine:
            yield Waiting(kind="alliance.fit_outcome", label=_("Agree the outcome of the review of fit, or propose "
                                                               "another"),
                          engagement_id=engagement.pk, client_name=engagement.client.name, since=review.created,
                          url=url)


@subscribe(SessionCompleted)
def open_fit_review(event: SessionCompleted) -> None:
    """The chosen held session opens the review, in the same transaction that marked it held."""
    fit.fit_review_open_at(actor=event.actor, engagement=event.engagement, session=event.session)


@done_when("rupture")
def rupture_repaired(reader: User, rupture_ids: set[int]) -> set[int]:
    """A raised strain is done once the client's latest word is that it feels repaired."""
    return set(ruptures.with_state(Rupture.objects.filter(pk__in=rupture_ids)).filter(is_repaired=True)
               .values_list("pk", flat=True))
