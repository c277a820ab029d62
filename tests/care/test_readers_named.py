"""Every field whose text the client will read says so beside it; the client's own fields say the care team
reads them."""

from __future__ import annotations

from django.urls import reverse

from cocreate.access.policy import engagement_access
from cocreate.library import services as library
from cocreate.measures.models import Flag
from tests.conftest import World
from tests.measures.service_helpers import every, open_one, submit


def test_the_facilitators_fields_name_the_client_who_reads_them(world: World) -> None:
    alice = world.client_for(world.alice)
    page = alice.get(reverse("engagement", args=[world.engagement.pk])).text
    assert "Written together: Dana reads every entry, as does everyone on the care team." in page
    assert page.count("Dana will read this.") >= 2  # the shared note and the phase change's reason
    cancel = alice.get(reverse("session_cancel", args=[world.engagement.pk, world.session.pk])).text
    assert "Dana will read this." in cancel
    schedule = alice.get(reverse("session_new", args=[world.engagement.pk])).text
    assert "Dana will read this." in schedule  # the place or link


def test_the_clients_fields_say_the_care_team_reads_them(world: World) -> None:
    dana = world.client_for(world.dana)
    page = dana.get(reverse("engagement", args=[world.engagement.pk])).text
    assert "Written together: you and your care team both read every entry." in page
    assert "Your care team will read this." in page
    questions = dana.get(reverse("questions", args=[world.engagement.pk])).text
    assert "Your care team will read this." in questions


def test_a_reply_names_its_reader(world: World) -> None:
    question = library.question_ask(actor=world.dana, access=engagement_access(world.dana, world.engagement),
                                    body="Can I bring my partner?")
    page = world.client_for(world.bea).get(reverse("question", args=[world.engagement.pk, question.pk])).text
    assert "Dana will read this." in page


def test_a_flag_follow_up_names_its_reader_and_keeps_a_private_note_private(world: World) -> None:
    submit(world, open_one(world, "phq9"), every("phq9", 1, **{"9": 2}))
    flag = Flag.objects.get(engagement=world.engagement)
    url = reverse("engagement_measures", args=[world.engagement.pk])
    page = world.client_for(world.alice).get(url).text
    assert "Dana will read this, word for word." in page
    assert "Only you will read this: not Dana, not your co-facilitator, not a supervisor." in page

    response = world.client_for(world.alice).post(reverse("flag_resolve", args=[world.engagement.pk, flag.pk]),
                                                  {"action": "Called Dana; she is safe.",
                                                   "private_note": "Sounded flat; check in Friday."})
    assert response.status_code == 302
    assert "Sounded flat" in world.client_for(world.alice).get(url).text
    for reader in (world.bea, world.dana):
        seen = world.client_for(reader).get(url).text
        assert "Called Dana; she is safe." in seen and "Sounded flat" not in seen


def test_the_notes_section_shown_back_after_posting_still_speaks_to_the_client(world: World) -> None:
    response = world.client_for(world.dana).post(reverse("shared_note_add", args=[world.engagement.pk]),
                                                 {"body": "Thank you for today"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Written together: you and your care team both read every entry." in response.text
    assert "Your care team will read this." in response.text
