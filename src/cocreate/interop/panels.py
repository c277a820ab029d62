"""What interop shows on the shared pages: the client's download of their whole record on "My care", and the care
team's way to the transfer export on the engagement page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cocreate.access.policy import Relation
from cocreate.compose.panels import ENGAGEMENT, MY_CARE, EngagementPage, MyCarePage


@MY_CARE.panel("interop.record", order=90, template="interop/_my_record.html")
def my_record(page: MyCarePage) -> Mapping[str, Any] | None:
    if not page.engagements:
        return None
    return {"record_engagements": page.engagements}


@ENGAGEMENT.panel("interop.transfer", order=95, template="interop/_transfer_link.html")
def transfer_link(page: EngagementPage) -> Mapping[str, Any] | None:
    if page.access.relation is not Relation.CARE_TEAM:
        return None
    return {"transfer_engagement": page.access.engagement}
