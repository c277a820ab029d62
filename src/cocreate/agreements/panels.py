"""What the agreements contribute to the shared pages: the agreements section of the engagement page, and the
proposals waiting for a person's decision."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.agreements import selectors
from cocreate.compose.panels import ENGAGEMENT, EngagementPage
from cocreate.compose.waiting import Reach, Waiting, provider
from cocreate.inbox.status import done_when


@ENGAGEMENT.panel("agreements.overview", order=20, template="agreements/_panel.html")
def overview(page: EngagementPage) -> Mapping[str, Any]:
    panel = selectors.engagement_panel(page.access)
    return {"agreement_kinds": panel.kinds, "balance": panel.balance, "touch_consent": panel.touch_consent,
            "touch_number": panel.touch_number}


@provider("agreements.proposal")
def proposals_awaiting(reach: Reach) -> Iterator[Waiting]:
    """Proposals whose agreement still needs this person's own acceptance."""
    for pending in selectors.awaiting_decision(reach.actor, reach.engagement_ids):
        revision, engagement = pending.revision, reach.engagement(pending.engagement_id)
        yield Waiting(
            kind="agreements.proposal",
            label=_("Decide on a proposed change to %(document)s") % {"document": pending.spec.label},
            engagement_id=engagement.pk,
            client_name=engagement.client.name,
            since=revision.created,
            url=reverse("agreement", args=[engagement.pk, pending.spec.kind.value]) + f"#revision-{revision.number}",
        )


@done_when("revision")
def decided(reader: User, ids: set[int]) -> set[int]:
    """A proposal's notice is done once the reader has decided on it, or it is no longer waiting for anyone."""
    return selectors.decided_for(reader, ids)
