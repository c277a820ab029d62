"""Demo measures for the demo practice: a few months of PHQ-9 and GAD-7 answers written through the services,
then dated back so the charts show a course of care; one open risk flag; questionnaires due now. Safe to run
again."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.care.models import Engagement
from cocreate.measures import registry, services
from cocreate.measures.models import Administration, Assignment, Response, Score


def _answers(instrument: str, total: int, risk: int = 0) -> dict[str, int]:
    """Answers adding up to `total`, spread over the items, with the risk item (PHQ-9 item 9) set apart."""
    items = [i.id for i in registry.instrument(instrument).items]
    answers = dict.fromkeys(items, 0)
    if instrument == "phq9":
        answers["9"] = risk
        total -= risk
        items = items[:-1]
    for n in range(total):
        answers[items[n % len(items)]] += 1
    return answers


def _history(client: User, engagement: Engagement, instrument: str, totals: list[int], every_days: int,
             risk_last: int = 0) -> None:
    """Answer `totals` in turn, the last one today, the others `every_days` apart before it."""
    access = engagement_access(client, engagement)
    now = timezone.now()
    for n, total in enumerate(totals):
        administration = services.administration_adhoc(actor=client, access=access, instrument=instrument)
        last = n == len(totals) - 1
        score = services.response_submit(actor=client, access=access, administration=administration,
                                         answers=_answers(instrument, total, risk_last if last else 0))
        # Dating back what the demo could not have answered in the past (the demo only, never the product).
        when = now - timedelta(days=every_days * (len(totals) - 1 - n), hours=2)
        Score.objects.filter(pk=score.pk).update(at=when)
        Response.objects.filter(pk=score.response_id).update(started=when, updated=when, submitted_at=when)
        Administration.objects.filter(pk=administration.pk).update(due_at=when, completed_at=when,
                                                                   expires_at=when + timedelta(days=7))
        Assignment.objects.filter(pk=administration.assignment_id).update(created=when, ended_at=when)


def answered(client: User, engagement: Engagement, instrument: str) -> None:
    """The client answers a questionnaire today, every asked item at its lowest (a C-SSRS screener all "no")."""
    access = engagement_access(client, engagement)
    administration = services.administration_adhoc(actor=client, access=access, instrument=instrument)
    services.response_submit(actor=client, access=access, administration=administration,
                             answers={i.id: 0 for i in registry.instrument(instrument).items if not i.show_if})


def load(people: dict[str, User]) -> None:
    engagements = {e.client.email.split("@")[0]: e for e in Engagement.objects.filter(
        client__in=[people["sam"], people["priya"], people["jordan"]]).select_related("client")}
    if Score.objects.filter(engagement=engagements["sam"]).exists():
        return
    maya, theo = people["maya"], people["theo"]
    _history(people["sam"], engagements["sam"], "phq9", [17, 15, 12, 10, 8, 6], every_days=14, risk_last=1)
    _history(people["sam"], engagements["sam"], "gad7", [13, 11, 9, 6], every_days=21)
    services.assignment_create(actor=maya, access=engagement_access(maya, engagements["sam"]), instrument="phq9",
                               schedule="every_n_days", every_days=14)
    _history(people["jordan"], engagements["jordan"], "phq9", [19, 15, 12], every_days=10)
    services.assignment_create(actor=theo, access=engagement_access(theo, engagements["jordan"]),
                               instrument="who5", schedule="once")
    services.assignment_create(actor=maya, access=engagement_access(maya, engagements["priya"]), instrument="phq9",
                               schedule="intake")
