"""Demo feedback, written through the real services; safe to run again: a message the facilitator acknowledged with a
reply, and feedback on a held session with a low rating (an alliance flag, and an item under "Needs me")."""

from __future__ import annotations

from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import User
from cocreate.alliance import feedback
from cocreate.alliance.models import Feedback
from cocreate.care import services as care_services
from cocreate.care.models import Engagement, Session, SessionStatus

MESSAGE = ("I wanted to say that the breathing at the start of last week's session helped me more than I let on. "
           "I used it on the bus twice.")
REPLY = "Thank you for telling me. Let's keep the breathing at the start, and you choose how long."
RATINGS = {"1": 8, "2": 7, "3": 3, "4": 6}  # "The way we worked suited me": 3 of 10
BETTER = "Less time on the plan and the forms, more time for what came up for me in the week."


def demo_feedback(engagement: Engagement, client: User, facilitator: User, session: Session) -> None:
    """The client's message, acknowledged by the facilitator with a reply; then the client's feedback on `session`
    (marked held first if it has begun and is not yet), rating "the way we worked suited me" 3 of 10, which raises
    an alliance flag and waits under "Needs me". Once only."""
    if Feedback.objects.filter(engagement=engagement).exists():
        return
    theirs, ours = engagement_access(client, engagement), engagement_access(facilitator, engagement)
    sent = feedback.feedback_message_send(actor=client, access=theirs, message=MESSAGE)
    feedback.feedback_acknowledge(actor=facilitator, access=ours, feedback=sent, reply=REPLY)
    if session.status == SessionStatus.SCHEDULED and session.starts_at <= timezone.now():
        session = care_services.session_complete(actor=facilitator, access=ours, session=session)
    if session.status == SessionStatus.COMPLETED:
        feedback.feedback_give(actor=client, access=theirs, session=session, ratings=RATINGS, better=BETTER)
