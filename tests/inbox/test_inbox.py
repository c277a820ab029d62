"""The inbox as each person uses it: their own notices only, opened and marked read, mirrored by a plain email
after the transaction commits."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreate.inbox.models import Notice, NoticeKind
from cocreate.inbox.services import notify
from tests.api_helpers import Api
from tests.conftest import World

pytestmark = pytest.mark.django_db


def tell(world: World, *people: Any, title: str = "Dana proposed a change to Touch consent.") -> list[Notice]:
    return notify(recipients=people, kind=NoticeKind.PROPOSAL_AWAITS, title=title,
                  url=f"/engagements/{world.engagement.pk}/agreements/touch_consent/", engagement=world.engagement)


def test_the_actor_is_never_told_of_their_own_act_and_inactive_people_are_skipped(world: World) -> None:
    world.bea.is_active = False
    world.bea.save(update_fields=["is_active"])
    notices = notify(recipients=[world.dana, world.alice, world.bea], kind=NoticeKind.PROPOSAL_AWAITS,
                     title="t", exclude=world.dana)
    assert [n.recipient for n in notices] == [world.alice]


def test_email_goes_after_commit_with_what_happened_and_a_link_only(world: World, mailoutbox: list[Any],
                                                           django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        tell(world, world.alice, world.bea)
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.org", "bea@example.org"]
    mail = mailoutbox[0]
    assert mail.subject == "cocreate: a proposal awaits your decision"
    assert mail.body.rstrip().endswith("/inbox/")  # the inbox, not the document: its URL would name it
    # Neither who nor which document: the kind of document alone would say what kind of care this is.
    assert "Dana" not in mail.subject + mail.body and "Touch consent" not in mail.subject + mail.body


def test_a_rolled_back_action_sends_nothing(world: World, mailoutbox: list[Any],
                                            django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        tell(world, world.alice)
        raise RuntimeError("the action failed")
    assert mailoutbox == [] and Notice.objects.count() == 0


def test_the_inbox_page_lists_own_notices_and_the_navigation_counts_unread(world: World) -> None:
    tell(world, world.alice)
    tell(world, world.dana, title="Something for Dana only")
    page = world.client_for(world.alice).get(reverse("inbox")).text
    assert "Dana proposed a change to Touch consent." in page
    assert "Something for Dana only" not in page
    assert '<span class="count" aria-label="1 unread">1</span>' in page
    empty = world.client_for(world.carl).get(reverse("inbox")).text
    assert "Nothing here yet." in empty


def test_opening_a_notice_marks_it_read_and_goes_to_what_it_names(world: World) -> None:
    [notice] = tell(world, world.alice)
    response = world.client_for(world.alice).post(reverse("notice_open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/engagements/{world.engagement.pk}/agreements/touch_consent/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_someone_elses_notice_is_404_and_stays_unread(world: World) -> None:
    [notice] = tell(world, world.alice)
    assert world.client_for(world.bea).post(reverse("notice_open", args=[notice.pk])).status_code == 404
    assert Api.as_user(world.bea).post(f"/inbox/{notice.pk}/read").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read(world: World) -> None:
    tell(world, world.alice)
    tell(world, world.alice)
    tell(world, world.bea)
    assert world.client_for(world.alice).post(reverse("notices_read_all")).status_code == 302
    assert Notice.objects.filter(recipient=world.alice, read_at__isnull=True).count() == 0
    assert Notice.objects.filter(recipient=world.bea, read_at__isnull=True).count() == 1


def test_the_api_lists_filters_and_marks_read(world: World) -> None:
    first, = tell(world, world.alice)
    tell(world, world.alice)
    api = Api.as_user(world.alice)
    listed = api.get("/inbox").json()
    assert len(listed) == 2 and {n["kind"] for n in listed} == {"proposal_awaits"}
    assert api.post(f"/inbox/{first.pk}/read").json()["read_at"] is not None
    assert len(api.get("/inbox?unread=true").json()) == 1
    assert api.post("/inbox/read-all").json() == {"marked": 1}
    assert api.get("/inbox?unread=true").json() == []
    assert api.get("/inbox?limit=notanumber").status_code == 422


def test_the_inbox_page_query_count_does_not_grow(world: World) -> None:
    client = world.client_for(world.alice)
    tell(world, world.alice)
    client.get(reverse("inbox"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("inbox"))
    for _ in range(60):
        tell(world, world.alice)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("inbox"))
    assert len(large) == len(small)
