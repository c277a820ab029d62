"""URL/persona matrix rows for feedback, web and API: the client and the care team use the engagement's feedback (a
write that is not theirs is refused, not hidden); a supervisor states a reason first; the clinical lead's own list is
gus's alone; everyone else 404."""

from __future__ import annotations

from typing import Any

from cocreate.access.policy import engagement_access
from cocreate.alliance import feedback
from tests.conftest import World
from tests.web.matrix import CARE, Case, engagement, no_kwargs, only, session


def a_message(world: World) -> dict[str, Any]:
    """A message dana sent her care team (what gus, as the clinical lead, does not read without a reason)."""
    sent = feedback.feedback_message_send(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                          message="Sent in the matrix.")
    return {"engagement_id": world.engagement.pk, "feedback_id": sent.pk}


W = "engagements/<int:engagement_id>/feedback/"
API = "api/v1/engagements/<engagement_id>/feedback"

ALLIANCE_FEEDBACK_CASES: dict[str, Case] = {
    W: Case(engagement, CARE),
    W + "message/": Case(engagement, CARE),
    W + "cadence/": Case(engagement, CARE),
    W + "sessions/<int:session_id>/": Case(session, CARE),
    W + "<int:feedback_id>/": Case(a_message, CARE),
    W + "<int:feedback_id>/acknowledge/": Case(a_message, CARE),
    "feedback/to-me/": Case(no_kwargs, only("gus")),
    API: Case(engagement, CARE),
    API + "/cadence": Case(engagement, CARE, body=lambda w: {"every_nth": 2}),
    API + "/messages": Case(engagement, CARE, body=lambda w: {"message": "From the matrix"}),
    API + "/sessions/<session_id>": Case(session, CARE, body=lambda w: {"ratings": {"1": 5}}),
    API + "/<feedback_id>": Case(a_message, CARE),
    API + "/<feedback_id>/acknowledge": Case(a_message, CARE, body=lambda w: {"reply": "Read in the matrix."}),
    "api/v1/feedback/to-me": Case(no_kwargs, only("gus")),
}
