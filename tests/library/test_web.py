"""The library's pages: what each person sees, forms that keep what was typed, and 404 for what is not theirs."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from cocreate.access.models import AccessEvent
from cocreate.access.services import supervision_access_start
from cocreate.care import services as care_services
from cocreate.care.models import Kind
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.library import services
from cocreate.library.models import QUESTION_MAX_LENGTH, Question, Reply, Topic
from cocreate.library.selectors import engagement_panel
from tests.conftest import World
from tests.library.conftest import access, topic
from tests.web.test_forms_bad_input import assert_field_error, field_tag, textarea_text


def text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def test_the_library_lists_modalities_and_substances_and_a_clients_read_marks(library: World) -> None:
    services.topic_mark_read(actor=library.dana, topic=topic(library, "ketamine"))
    url = reverse("library", args=[library.practice.pk])
    dana = text(library.client_for(library.dana).get(url))
    modalities, substances = dana.split('id="substances"')
    assert "Somatic Experiencing" in modalities and "Psilocybin" not in modalities
    assert "Psilocybin" in substances and "Ayahuasca" in substances
    assert re.search(r"Ketamine</strong></a> <span class=\"badge\">read</span>", dana)
    assert dana.count("not read yet") == 9
    assert "Add a topic" not in dana
    alice = text(library.client_for(library.alice).get(url))
    assert "Add a topic" in alice and "not read yet" not in alice
    assert library.client_for(library.oscar).get(url).status_code == 404


def test_an_empty_library_says_so(world: World) -> None:
    page = text(world.client_for(world.alice).get(reverse("library", args=[world.practice.pk])))
    assert "No modalities in this library yet." in page and "No substances in this library yet." in page


def test_a_topic_page_shows_every_section_and_its_sources(library: World) -> None:
    mdma = topic(library, "mdma")
    page = text(library.client_for(library.gus).get(reverse("topic", args=[mdma.pk])))
    for heading in ("About", "What to expect", "How long it lasts", "Risks", "Interactions", "Sources"):
        assert f">{heading}" in page
    assert page.count("<li>") >= len(mdma.source_list)
    assert "<li>Liechti, M. E., Baumann, C., Gamma, A., & Vollenweider" in page
    assert "Education, not medical advice" in page
    assert "Mark as read" not in page and "Edit this topic" not in page  # a supervisor only reads
    assert library.client_for(library.olga).get(reverse("topic", args=[mdma.pk])).status_code == 404


def test_a_client_with_one_engagement_asks_from_the_topic_page(library: World) -> None:
    psilocybin = topic(library, "psilocybin")
    browser = library.client_for(library.dana)
    page = browser.get(reverse("topic", args=[psilocybin.pk])).content.decode()
    assert 'type="hidden" name="engagement"' in field_tag(page, "id_engagement")
    response = browser.post(reverse("topic_ask", args=[psilocybin.pk]),
                            {"engagement": library.engagement.pk, "body": "How long will I be there?"})
    question = Question.objects.get()
    assert response["Location"] == reverse("question", args=[library.engagement.pk, question.pk])
    assert (question.topic, question.engagement, question.author) == (psilocybin, library.engagement, library.dana)
    assert {n.recipient.name for n in Notice.objects.filter(kind=NoticeKind.QUESTION_ASKED)} == {"Alice", "Bea"}


def test_a_client_with_two_engagements_chooses_where_to_ask(library: World) -> None:
    second = care_services.engagement_create(actor=library.carl, practice=library.practice,
                                             client_id=library.dana.pk, kind=Kind.PSYCHOTHERAPY, title="Weekly")
    psilocybin = topic(library, "psilocybin")
    browser = library.client_for(library.dana)
    page = browser.get(reverse("topic", args=[psilocybin.pk])).content.decode()
    assert field_tag(page, "id_engagement").startswith("<select")
    assert "Weekly" in page and "Dana&#x27;s care" in page
    browser.post(reverse("topic_ask", args=[psilocybin.pk]), {"engagement": second.pk, "body": "For Carl"})
    assert Question.objects.get().engagement == second
    assert {n.recipient.name for n in Notice.objects.all()} == {"Carl"}


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "This field is required."), ("Keep me. " + "q" * QUESTION_MAX_LENGTH, f"at most {QUESTION_MAX_LENGTH}"),
     ("nul\x00here", "Null characters are not allowed.")],
)
def test_a_bad_question_from_the_topic_page_is_shown_again(library: World, body: str, message: str) -> None:
    psilocybin = topic(library, "psilocybin")
    response = library.client_for(library.dana).post(reverse("topic_ask", args=[psilocybin.pk]),
                                                     {"engagement": library.engagement.pk, "body": body})
    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, "id_body", message)
    if "\x00" not in body:
        assert textarea_text(html, "id_body") == body
    assert not Question.objects.exists()


def test_asking_in_someone_elses_engagement_is_refused(library: World) -> None:
    psilocybin = topic(library, "psilocybin")
    response = library.client_for(library.dana).post(reverse("topic_ask", args=[psilocybin.pk]),
                                                     {"engagement": library.eve_engagement.pk, "body": "Sneaky"})
    assert response.status_code == 400
    assert "This question cannot be sent to that course of care. Reload the page." in text(response)
    assert library.client_for(library.alice).post(reverse("topic_ask", args=[psilocybin.pk]),
                                                  {"body": "staff"}).status_code == 403
    assert not Question.objects.exists()


def test_staff_add_a_topic_and_bad_input_keeps_what_was_typed(library: World) -> None:
    browser = library.client_for(library.fay)
    url = reverse("topic_new", args=[library.practice.pk])
    typed = {"kind": "substance", "title": "Ibogaine & <friends>", "summary": "A root bark.", "body": "Long."}
    response = browser.post(url, typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert_field_error(html, "id_risks", "Risks cannot be empty.")
    assert 'value="Ibogaine &amp; &lt;friends&gt;"' in field_tag(html, "id_title")
    assert not Topic.objects.filter(title__startswith="Ibogaine").exists()
    ok = browser.post(url, {"kind": "modality", "title": "Breathwork", "summary": "Breath.", "body": "Paced."})
    created = Topic.objects.get(slug="breathwork")
    assert ok["Location"] == reverse("topic", args=[created.pk])
    assert library.client_for(library.dana).get(url).status_code == 404


def test_editing_a_topic_and_a_stale_edit_is_refused(library: World) -> None:
    emdr = topic(library, "emdr")
    url = reverse("topic_edit", args=[emdr.pk])
    browser = library.client_for(library.alice)
    page = browser.get(url).content.decode()
    opened = re.search(r'name="updated" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    fields = {f: getattr(emdr, f) for f in ("title", "summary", "body", "what_to_expect", "duration", "risks",
                                            "interactions", "sources")}
    assert browser.post(url, {**fields, "summary": "Ours.", "updated": unescape(opened)}).status_code == 302
    stale = browser.post(url, {**fields, "summary": "Old view.", "updated": unescape(opened)})
    assert stale.status_code == 400
    assert "Someone else saved this topic" in text(stale)
    assert textarea_text(stale.content.decode(), "id_summary") == "Old view."
    assert topic(library, "emdr").summary == "Ours."
    assert library.client_for(library.dana).get(url).status_code == 403
    assert library.client_for(library.olga).get(url).status_code == 404


def test_the_questions_page_for_the_care_team_records_the_read(library: World) -> None:
    services.question_ask(actor=library.dana, access=access(library.dana, library.engagement), body="First?")
    url = reverse("questions", args=[library.engagement.pk])
    page = text(library.client_for(library.alice).get(url))
    assert "First?" in page and "0 replies" in page
    assert AccessEvent.objects.filter(actor=library.alice, what="questions").count() == 1
    library.client_for(library.dana).get(url)
    assert not AccessEvent.objects.filter(actor=library.dana).exists()
    for who in ("carl", "eve", "fay", "olga", "oscar"):
        assert library.client_for(getattr(library, who)).get(url).status_code == 404


def test_asking_on_the_questions_page_with_bad_then_good_input(library: World) -> None:
    url = reverse("questions", args=[library.engagement.pk])
    browser = library.client_for(library.alice)
    bad = browser.post(url, {"topic": topic(library, "mdma", other=True).pk, "body": "Keep this text"})
    assert bad.status_code == 400
    assert_field_error(bad.content.decode(), "id_topic", "Select a valid choice")
    assert textarea_text(bad.content.decode(), "id_body") == "Keep this text"
    good = browser.post(url, {"topic": topic(library, "mdma").pk, "body": "How did it land?"})
    question = Question.objects.get()
    assert good["Location"] == reverse("question", args=[library.engagement.pk, question.pk])
    assert question.topic == topic(library, "mdma")
    assert {n.recipient.name for n in Notice.objects.all()} == {"Dana", "Bea"}


def test_a_supervisor_reads_questions_after_stating_a_reason_but_cannot_ask(library: World) -> None:
    url = reverse("questions", args=[library.engagement.pk])
    browser = library.client_for(library.gus)
    assert browser.get(url)["Location"] == "/supervision/"
    supervision_access_start(actor=library.gus, practice=library.practice, supervisee=library.alice,
                             reason="Monthly case review together")
    page = browser.get(url)
    assert page.status_code == 200 and "Ask a question" not in text(page)
    assert browser.post(url, {"body": "From the supervisor"}).status_code == 403
    assert not Question.objects.exists()


def test_a_thread_takes_replies_and_keeps_a_bad_one_for_correction(library: World) -> None:
    question = services.question_ask(actor=library.dana, access=access(library.dana, library.engagement),
                                     body="Can I bring my shawl?")
    url = reverse("question", args=[library.engagement.pk, question.pk])
    browser = library.client_for(library.bea)
    too_long = "Of course. " + "y" * QUESTION_MAX_LENGTH
    bad = browser.post(url, {"body": too_long})
    assert bad.status_code == 400
    assert textarea_text(bad.content.decode(), "id_body") == too_long
    good = browser.post(url, {"body": "Of course, bring it."})
    reply = Reply.objects.get()
    assert good["Location"] == f"{url}#reply-{reply.pk}"
    thread = text(library.client_for(library.dana).get(url))
    assert "Can I bring my shawl?" in thread and "Of course, bring it." in thread


def test_a_question_under_the_wrong_engagement_is_404(library: World) -> None:
    eves = services.question_ask(actor=library.eve, access=access(library.eve, library.eve_engagement), body="?")
    url = reverse("question", args=[library.engagement.pk, eves.pk])
    browser = library.client_for(library.alice)
    assert browser.get(url).status_code == 404
    assert browser.post(url, {"body": "not mine"}).status_code == 404
    assert not Reply.objects.exists()


def test_the_engagement_panel_shows_latest_questions_and_reads(library: World) -> None:
    for i in range(5):
        services.question_ask(actor=library.dana, access=access(library.dana, library.engagement), body=f"Q{i}?")
    services.topic_mark_read(actor=library.dana, topic=topic(library, "emdr"))
    alice = access(library.alice, library.engagement)
    html = unescape(render_to_string("library/_engagement_panel.html", {
        "engagement": library.engagement, "library_panel": engagement_panel(alice)}))
    assert "Q4?" in html and "Q2?" in html and "Q1?" not in html  # the latest three
    assert "All questions (5)" in html
    assert "EMDR (eye movement desensitisation and reprocessing)" in html
    assert reverse("questions", args=[library.engagement.pk]) in html
    assert reverse("library", args=[library.practice.pk]) in html
