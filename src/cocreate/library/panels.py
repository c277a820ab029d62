"""What the library contributes to the shared pages: the questions on the engagement page, the library on the
practice's home, and the questions waiting for an answer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.compose.panels import ENGAGEMENT, PRACTICE_LINKS, EngagementPage, PracticePage
from cocreate.compose.waiting import Reach, Waiting, provider
from cocreate.library import selectors


@ENGAGEMENT.panel("library.questions", order=50, template="library/_engagement_panel.html")
def questions(page: EngagementPage) -> Mapping[str, Any]:
    return {"library_panel": selectors.engagement_panel(page.access)}


@PRACTICE_LINKS.panel("library.link", order=10, template="library/_practice_link.html")
def library_link(page: PracticePage) -> Mapping[str, Any]:
    return {}


@provider("library.question")
def unanswered(reach: Reach) -> Iterator[Waiting]:
    """A client's question the care team has not answered yet, and a care team's question the client has not."""
    for question in selectors.unanswered_questions(as_client=set(reach.as_client), as_team=set(reach.as_team)):
        engagement = reach.engagement(question.engagement_id)
        if reach.is_client(engagement.pk):
            label = _("Answer a question from your care team")
        else:
            label = _("Answer %(name)s's question") % {"name": question.author.name}
        yield Waiting(
            kind="library.question", label=label, engagement_id=engagement.pk,
            client_name=engagement.client.name, since=question.created,
            url=reverse("question", args=[engagement.pk, question.pk]),
        )
