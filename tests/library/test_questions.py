"""Questions and replies: who may write, who is told (inbox now, email after commit), and what stays out of mail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cocreate.access.models import AccessEvent
from cocreate.access.policy import NotAllowed
from cocreate.access.services import supervision_access_start
from cocreate.care import services as care_services
from cocreate.care.models import Phase
from cocreate.care.selectors import engagement_for
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.library import services
from cocreate.library.models import QUESTION_MAX_LENGTH, Question, Reply
from tests.conftest import World
from tests.library.conftest import access, topic

SECRET = "Will the medicine bring back what happened with my father?"


def recipients(kind: str) -> set[str]:
    return {n.recipient.name for n in Notice.objects.filter(kind=kind).select_related("recipient")}


def test_a_client_question_notifies_the_care_team_by_inbox_and_email_after_commit(
    library: World, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        question = services.question_ask(actor=library.dana, access=access(library.dana, library.engagement),
                                         body=SECRET, topic=topic(library, "psilocybin"))
        assert recipients(NoticeKind.QUESTION_ASKED) == {"Alice", "Bea"}
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.org", "bea@example.org"]
    notice = Notice.objects.filter(kind=NoticeKind.QUESTION_ASKED).first()
    assert notice is not None
    assert notice.title == "Dana asked a question about Psilocybin"
    assert notice.url == f"/engagements/{library.engagement.pk}/questions/{question.pk}/"
    assert notice.engagement == library.engagement
    for mail in mailoutbox:
        assert mail.body.rstrip().endswith("/inbox/")  # a link to the inbox, behind the sign-in
        assert SECRET not in mail.subject and SECRET not in mail.body
        assert "father" not in mail.subject + mail.body


def test_a_removed_facilitator_is_not_told(library: World) -> None:
    care_services.care_team_remove(actor=library.alice, access=access(library.alice, library.engagement),
                                   facilitator_id=library.bea.pk)
    services.question_ask(actor=library.dana, access=access(library.dana, library.engagement), body="When?")
    assert recipients(NoticeKind.QUESTION_ASKED) == {"Alice"}


def test_a_reply_notifies_the_client_and_the_rest_of_the_team(
    library: World, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    question = services.question_ask(actor=library.dana, access=access(library.dana, library.engagement),
                                     body=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.question_reply(actor=library.alice, access=access(library.alice, library.engagement),
                                        question=question, body="  We can talk about it on Thursday.  ")
    assert reply.body == "We can talk about it on Thursday."
    assert recipients(NoticeKind.QUESTION_ANSWERED) == {"Dana", "Bea"}
    assert sorted(m.to[0] for m in mailoutbox) == ["bea@example.org", "dana@example.org"]  # the reply only
    assert all("Thursday" not in m.subject + m.body and SECRET not in m.subject + m.body for m in mailoutbox)


def test_the_client_replying_notifies_the_care_team(library: World) -> None:
    question = services.question_ask(actor=library.bea, access=access(library.bea, library.engagement),
                                     body="How did the reading land?", topic=topic(library, "mdma"))
    assert recipients(NoticeKind.QUESTION_ASKED) == {"Dana", "Alice"}
    services.question_reply(actor=library.dana, access=access(library.dana, library.engagement),
                            question=question, body="Mostly well.")
    assert recipients(NoticeKind.QUESTION_ANSWERED) == {"Alice", "Bea"}
    assert Notice.objects.filter(kind=NoticeKind.QUESTION_ANSWERED).first().title == (  # type: ignore[union-attr]
        "Dana replied to a question about MDMA")


def test_a_supervisor_reads_but_may_not_ask_or_reply(library: World) -> None:
    question = services.question_ask(actor=library.dana, access=access(library.dana, library.engagement), body="?!")
    supervision_access_start(actor=library.gus, practice=library.practice, supervisee=library.alice,
                             reason="Monthly case review together")
    gus = access(library.gus, library.engagement)
    with pytest.raises(NotAllowed):
        services.question_ask(actor=library.gus, access=gus, body="Hello")
    with pytest.raises(NotAllowed):
        services.question_reply(actor=library.gus, access=gus, question=question, body="Hello")
    assert Question.objects.count() == 1 and not Reply.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n ", "x" * (QUESTION_MAX_LENGTH + 1), "a\x00b"])
def test_bad_question_or_reply_text_is_refused_on_the_body(library: World, body: str) -> None:
    dana = access(library.dana, library.engagement)
    with pytest.raises(ValidationError) as caught:
        services.question_ask(actor=library.dana, access=dana, body=body)
    assert list(caught.value.message_dict) == ["body"]
    question = services.question_ask(actor=library.dana, access=dana, body="A fine question")
    with pytest.raises(ValidationError) as caught:
        services.question_reply(actor=library.alice, access=access(library.alice, library.engagement),
                                question=question, body=body)
    assert list(caught.value.message_dict) == ["body"]
    assert not Reply.objects.exists()
    assert Notice.objects.filter(kind=NoticeKind.QUESTION_ANSWERED).count() == 0


def test_a_topic_of_another_practice_is_refused(library: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.question_ask(actor=library.dana, access=access(library.dana, library.engagement), body="Hm?",
                              topic=topic(library, "mdma", other=True))
    assert "topic" in caught.value.message_dict
    assert not Question.objects.exists() and not Notice.objects.exists()


def test_a_question_of_another_engagement_cannot_be_answered_here(library: World) -> None:
    eves = services.question_ask(actor=library.eve, access=access(library.eve, library.eve_engagement), body="?")
    with pytest.raises(NotAllowed):
        services.question_reply(actor=library.alice, access=access(library.alice, library.engagement),
                                question=eves, body="Not yours")
    assert not Reply.objects.exists()


def test_a_closed_engagement_takes_no_new_questions(library: World) -> None:
    alice = access(library.alice, library.engagement)
    care_services.phase_transition(actor=library.alice, access=alice, to_phase=Phase.CLOSED, reason="Done")
    with pytest.raises(ValidationError):
        services.question_ask(actor=library.dana, access=access(library.dana, library.engagement), body="Still?")
    assert not Question.objects.exists()


def test_reading_questions_leaves_an_access_event_for_the_care_team_not_the_client(library: World) -> None:
    engagement_for(library.dana, library.engagement.pk, what="questions")
    assert not AccessEvent.objects.filter(what="questions").exists()
    engagement_for(library.alice, library.engagement.pk, what="questions")
    assert AccessEvent.objects.filter(what="questions", actor=library.alice).count() == 1
