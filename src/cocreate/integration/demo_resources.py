"""Demo resources and action steps for the demo practice, written through the real services; safe to run again."""

from __future__ import annotations

from datetime import timedelta

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.agreements import services as agreements
from cocreate.agreements.models import Revision
from cocreate.care.models import Engagement
from cocreate.integration import resources
from cocreate.integration.models import Resource
from cocreate.integration.selectors import client_today

STEPS = [
    {"step": "Walk by the river three mornings a week", "when": "Mornings, before work",
     "support": "A message from my partner the night before"},
    {"step": "Tell my sister what I understood about our father", "when": "Before our next integration session",
     "support": "Practising what I want to say in session first"},
]
PLAN = {"steps": STEPS, "review": "At our integration session in three weeks."}
LIST = (
    ("Slow breathing", "Four counts in, six counts out, ten times, hand on my chest."),
    ("Walking the dog round the block", ""),
    ("The song from the session", "With headphones, eyes closed, lying on the floor."),
)
# (which resource, days ago, how it went)
USES = ((0, 6, "yes"), (0, 3, "a_little"), (0, 1, ""), (1, 5, "yes"), (1, 2, "not_this_time"), (2, 4, "yes"))


def demo_resources(engagement: Engagement, client: User, facilitator: User) -> None:
    """An agreed integration plan with two steps (proposed by the facilitator, accepted by the client), three
    resources on the client's list with a few check-ins, and a check-in on the first step. Once only."""
    if Resource.objects.filter(engagement=engagement).exists():
        return
    theirs, ours = engagement_access(client, engagement), engagement_access(facilitator, engagement)
    if not Revision.objects.filter(document__engagement=engagement, document__kind=resources.PLAN).exists():
        proposed = agreements.revision_propose(actor=facilitator, access=ours, kind=resources.PLAN, content=PLAN,
                                               based_on=None, note="From what we talked about today.")
        agreements.revision_accept(actor=client, access=theirs, revision=proposed)
    today = client_today(theirs)
    made = [resources.resource_add(actor=client, access=theirs, name=name, how=how) for name, how in LIST]
    for which, days_ago, helped in USES:
        resources.resource_use(actor=client, access=theirs, resource=made[which],
                               used_on=max(today - timedelta(days=days_ago), resources.first_day(theirs)),
                               helped=helped)
    plan = resources.agreed_plan(theirs)
    if plan is not None and plan.steps:  # a plan proposed before and never agreed has no steps to check in on
        resources.step_checkin(actor=client, access=theirs, step=plan.steps[0].step, status="under_way",
                               note="Two mornings so far. The second was easier.")
