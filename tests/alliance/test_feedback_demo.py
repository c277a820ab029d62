"""The demo's feedback: a message acknowledged with a reply, and a low rating waiting under "Needs me"; once only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.alliance.demo_feedback import demo_feedback
from cocreate.alliance.models import Feedback
from cocreate.care.models import Session, SessionKind
from cocreate.care.selectors import waiting_for
from cocreate.measures.models import Flag
from tests.conftest import World


def test_the_demo_gives_an_answered_message_and_a_low_rating(world: World) -> None:
    session = Session.objects.create(engagement=world.engagement, kind=SessionKind.PREPARATION,
                                     starts_at=timezone.now() - timedelta(days=1), duration_minutes=60,
                                     created_by=world.alice)
    demo_feedback(world.engagement, world.dana, world.alice, session)
    demo_feedback(world.engagement, world.dana, world.alice, session)
    rated, message = Feedback.objects.order_by("-created", "-id")
    assert message.acknowledgement.reply.startswith("Thank you for telling me.")
    assert rated.kind == "session" and not hasattr(rated, "acknowledgement")
    assert "“The way we worked suited me”, 3 of 10" in Flag.objects.get(kind="alliance").reason
    assert "Read and acknowledge feedback" in [w.label for w in waiting_for(world.alice)]
