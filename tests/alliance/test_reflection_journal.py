"""The facilitator's reflection journal is its author's alone: 404 to another facilitator on the same care team,
to their supervisor (even with a stated reason) and to the client, on the web and through the API, until the
author shares an entry with their supervisor; then the supervisor reads it, and the others still find nothing.
Taking it back closes it again. Reading leaves no access event."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.access.models import AccessEvent
from cocreate.access.services import supervision_access_start
from cocreate.accounts.models import Role, Supervision
from cocreate.alliance import reflection
from cocreate.alliance.models import ReflectionEntry
from cocreate.inbox.models import Notice, NoticeKind
from tests.api_helpers import Api
from tests.conftest import World, make_user

WORDS = "I assumed she wanted to move faster than she did."


def _write(world: World, text: str = WORDS) -> ReflectionEntry:
    return reflection.reflection_write(actor=world.alice, text=text, prompt="What did I assume?")


def _found(world: World, who, entry: ReflectionEntry) -> bool:  # type: ignore[no-untyped-def]
    """Whether `who` reads the entry, on the web and through the API alike (they must agree)."""
    web = world.client_for(who).get(f"/reflections/{entry.pk}/")
    api = Api.as_user(who).get(f"/reflections/{entry.pk}")
    assert web.status_code in (200, 404) and api.status_code in (200, 404)
    assert (web.status_code == 200) == (api.status_code == 200), (who, web.status_code, api.status_code)
    if web.status_code == 200:
        assert WORDS in web.content.decode() and api.json()["text"] == WORDS
    return web.status_code == 200


def test_an_entry_is_its_authors_alone_until_she_shares_it_with_her_supervisor(world: World) -> None:
    supervision_access_start(actor=world.gus, practice=world.practice, supervisee=world.alice,
                             reason="Reviewing the work together this week.")  # a stated reason opens no journal
    browser = world.client_for(world.alice)
    response = browser.post("/reflections/", {"text": WORDS, "prompt": "What did I assume?"})
    assert response.status_code == 302
    entry = ReflectionEntry.objects.get()
    assert _found(world, world.alice, entry)
    for who in (world.bea, world.gus, world.dana, world.carl, world.olga):
        assert not _found(world, who, entry)
    assert world.client_for(world.gus).get("/reflections/shared-with-me/").content.decode().count(WORDS) == 0

    assert browser.post(f"/reflections/{entry.pk}/share/", {"shared": "yes", "supervisor": world.gus.pk}
                        ).status_code == 302
    assert _found(world, world.gus, entry)
    assert WORDS in world.client_for(world.gus).get("/reflections/shared-with-me/").content.decode()
    assert [e["text"] for e in Api.as_user(world.gus).get("/reflections/shared-with-me").json()] == [WORDS]
    for who in (world.bea, world.dana, world.carl):
        assert not _found(world, who, entry)
    notice = Notice.objects.get(kind=NoticeKind.REFLECTION_SHARED)
    assert (notice.recipient, notice.url, notice.engagement) == (world.gus, f"/reflections/{entry.pk}/", None)

    assert browser.post(f"/reflections/{entry.pk}/share/", {"shared": "no"}).status_code == 302
    assert not _found(world, world.gus, entry)
    assert not Notice.objects.filter(kind=NoticeKind.REFLECTION_SHARED).exists()
    assert not AccessEvent.objects.exists()  # a reflection is not client data: no read of it is an access event


def test_the_supervisor_reads_the_words_and_not_the_session_or_client(world: World) -> None:
    from tests.alliance.test_reflection_prompts import held_session

    session = held_session(world)
    entry = reflection.reflection_write(actor=world.alice, text=WORDS, session_id=session.pk)
    reflection.reflection_share(actor=world.alice, entry=entry, supervisor_id=world.gus.pk)
    mine = world.client_for(world.alice).get(f"/reflections/{entry.pk}/").content.decode()
    assert "after your session with Dana" in mine
    theirs = world.client_for(world.gus).get(f"/reflections/{entry.pk}/").content.decode()
    assert WORDS in theirs and "Dana" not in theirs
    body = Api.as_user(world.gus).get(f"/reflections/{entry.pk}").json()
    assert (body["session_id"], body["client_name"], body["may_share_with"]) == (None, None, [])
    assert Api.as_user(world.alice).get(f"/reflections/{entry.pk}").json()["client_name"] == "Dana"


def test_only_the_authors_own_supervisors_may_be_chosen(world: World) -> None:
    entry = _write(world)
    api = Api.as_user(world.alice)
    for someone in (world.bea, world.dana, world.olga):
        refused = api.post(f"/reflections/{entry.pk}/share", {"supervisor_id": someone.pk})
        assert refused.status_code == 400 and list(refused.json()["errors"]) == ["supervisor"]
    other = make_user("otto", world.practice, Role.SUPERVISOR)  # a supervisor, but not alice's
    assert api.post(f"/reflections/{entry.pk}/share", {"supervisor_id": other.pk}).status_code == 400
    assert api.post(f"/reflections/{entry.pk}/share", {}).status_code == 422  # says nothing: changes nothing
    entry.refresh_from_db()
    assert entry.shared_with is None
    shared = api.post(f"/reflections/{entry.pk}/share", {"supervisor_id": world.gus.pk}).json()
    assert shared["shared_with"]["id"] == world.gus.pk
    assert Api.as_user(world.gus).post(f"/reflections/{entry.pk}/share", {"supervisor_id": None}).status_code == 404
    assert world.client_for(world.gus).post(f"/reflections/{entry.pk}/share/", {"shared": "no"}).status_code == 404
    assert Api.as_user(world.gus).delete(f"/reflections/{entry.pk}").status_code == 404
    entry.refresh_from_db()
    assert entry.shared_with == world.gus


def test_a_shared_entry_closes_again_when_the_supervision_ends(world: World) -> None:
    entry = _write(world)
    reflection.reflection_share(actor=world.alice, entry=entry, supervisor_id=world.gus.pk)
    Supervision.objects.filter(supervisor=world.gus, supervisee=world.alice).delete()
    assert not _found(world, world.gus, entry)


def test_an_unclear_or_empty_post_changes_nothing(world: World) -> None:
    entry = _write(world)
    browser = world.client_for(world.alice)
    assert browser.post(f"/reflections/{entry.pk}/share/", {}).status_code == 302
    assert browser.post(f"/reflections/{entry.pk}/share/", {"shared": "yes"}).status_code == 302
    entry.refresh_from_db()
    assert entry.shared_with is None
    response = browser.post("/reflections/", {})
    assert response.status_code == 400 and "Write something" in response.content.decode()
    assert ReflectionEntry.objects.count() == 1
    response = browser.post("/reflections/", {"text": "x" * (reflection.REFLECTION_MAX + 1)})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["text"]
    assert ReflectionEntry.objects.count() == 1


def test_the_author_deletes_an_entry_and_its_notice_goes(world: World) -> None:
    entry = _write(world)
    reflection.reflection_share(actor=world.alice, entry=entry, supervisor_id=world.gus.pk)
    browser = world.client_for(world.alice)
    assert browser.get(f"/reflections/{entry.pk}/delete/").status_code == 200
    assert world.client_for(world.gus).post(f"/reflections/{entry.pk}/delete/").status_code == 404
    assert browser.post(f"/reflections/{entry.pk}/delete/").status_code == 302
    assert not ReflectionEntry.objects.exists()
    assert not Notice.objects.filter(kind=NoticeKind.REFLECTION_SHARED).exists()


def test_only_facilitators_keep_a_journal_and_only_supervisors_have_things_shared(world: World) -> None:
    for who in (world.dana, world.gus, world.fay):
        assert world.client_for(who).get("/reflections/").status_code == 404
        assert Api.as_user(who).get("/reflections").status_code == 404
        assert Api.as_user(who).post("/reflections", {"text": "mine"}).status_code == 404
    for who in (world.alice, world.dana, world.fay):
        assert world.client_for(who).get("/reflections/shared-with-me/").status_code == 404
        assert Api.as_user(who).get("/reflections/shared-with-me").status_code == 404
    assert world.client_for(world.gus).get("/reflections/shared-with-me/").status_code == 200


def test_the_api_round_trip(world: World) -> None:
    api = Api.as_user(world.carl)
    made = api.post("/reflections", {"text": "What of mine came into the room: my father's silence.",
                                     "prompt": "What of mine came into the room?"})
    assert made.status_code == 201, made.content
    assert made.json()["may_share_with"] == []  # carl has no supervisor
    assert api.post("/reflections", {"text": "x", "session_id": world.session.pk}).status_code == 400  # not his
    assert api.post("/reflections", {"text": "x", "practice_id": world.other_practice.pk}).status_code == 400
    listed = api.get("/reflections").json()
    assert listed["count"] == 1 and listed["entries"][0]["author"]["name"] == "Carl"
    assert api.delete(f"/reflections/{made.json()['id']}").status_code == 204
    assert api.get("/reflections").json()["count"] == 0


def test_the_journal_reads_in_the_same_number_of_queries_however_many_entries(world: World) -> None:
    from tests.alliance.test_reflection_prompts import held_session

    session = held_session(world)
    browser = world.client_for(world.alice)
    browser.get("/reflections/")
    counts = []
    for size in (3, 30):
        for i in range(size - ReflectionEntry.objects.count()):
            entry = reflection.reflection_write(actor=world.alice, text=f"entry {i}",
                                                session_id=session.pk if i % 2 else None)
            if i % 3 == 0:
                reflection.reflection_share(actor=world.alice, entry=entry, supervisor_id=world.gus.pk)
        with CaptureQueriesContext(connection) as queries:
            assert browser.get("/reflections/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    gus = world.client_for(world.gus)
    gus.get("/reflections/shared-with-me/")
    with CaptureQueriesContext(connection) as queries:
        gus.get("/reflections/shared-with-me/")
    before = len(queries)
    for i in range(10):
        entry = reflection.reflection_write(actor=world.alice, text=f"more {i}")
        reflection.reflection_share(actor=world.alice, entry=entry, supervisor_id=world.gus.pk)
    with CaptureQueriesContext(connection) as queries:
        gus.get("/reflections/shared-with-me/")
    assert len(queries) == before
