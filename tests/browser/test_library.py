"""The library in a real browser: a client reads a topic, marks it read and asks about it; her facilitator
answers; she reads the answer. No page logs an error (a blocked inline script or style would)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cocreate.accounts.models import Membership, Practice, Role, User
from cocreate.accounts.second_factor.services import practice_second_factor_set
from cocreate.accounts.services import practice_signup
from cocreate.care import services as care_services
from cocreate.care.models import Kind
from tests.browser.test_journey import PASSWORD, screenshot, sign_in, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Is it safe to take psilocybin while I am on sertraline?"
ANSWER = "Thank you for asking. Let us go through it with your prescriber before anything changes."


def test_client_reads_marks_and_asks_and_the_facilitator_answers(new_page: Callable[[], Page], live_server: Any
                                                                  ) -> None:
    frida = practice_signup(email="frida@example.org", name="Frida Facilitator", password=PASSWORD,
                            practice_name="Juniper Practice")
    practice = Practice.objects.get(memberships__user=frida, memberships__role=Role.ADMIN)
    practice_second_factor_set(actor=frida, practice=practice, required=False)  # tests/browser/test_mfa.py has it
    clara = User.objects.create_user("clara@example.org", PASSWORD, name="Clara Client")
    Membership.objects.create(practice=practice, user=clara, role=Role.CLIENT)
    engagement = care_services.engagement_create(actor=frida, practice=practice, client_id=clara.pk,
                                                 kind=Kind.PSYCHEDELIC_ASSISTED, title="Psilocybin preparation")

    # 1. The client opens the library: modalities and substances, nothing read yet.
    cli = new_page()
    cli_errors = watch_console(cli)
    sign_in(cli, email="clara@example.org", password=PASSWORD)
    cli.goto(f"/practices/{practice.pk}/library/")
    expect(cli.get_by_role("heading", name="Library of Juniper Practice")).to_be_visible()
    expect(cli.get_by_role("region", name="Modalities")).to_contain_text("Somatic Experiencing")
    substances = cli.get_by_role("region", name="Substances")
    expect(substances.get_by_role("listitem").filter(has_text="Psilocybin")).to_contain_text("not read yet")

    # 2. She reads the psilocybin topic, with its risks, interactions and sources, and marks it read.
    substances.get_by_role("link", name="Psilocybin").click()
    expect(cli.get_by_role("heading", level=1)).to_have_text("Psilocybin")
    expect(cli.get_by_role("region", name="Interactions with medicines and other substances")).to_contain_text(
        "Lithium")
    expect(cli.get_by_role("region", name="Sources")).to_contain_text("Johnson, M. W., Richards, W. A.")
    expect(cli.get_by_role("note")).to_contain_text("Education, not medical advice")
    cli.get_by_role("button", name="Mark as read").click()
    expect(cli.get_by_role("status")).to_contain_text("Marked as read.")
    expect(cli.get_by_text(re.compile(r"You marked this as read on"))).to_be_visible()
    screenshot(cli, "library-topic")

    # 3. An empty question is refused beside its field; then she asks.
    ask = cli.get_by_role("region", name="Ask a question about this")
    ask.get_by_role("button", name="Send question").click()
    expect(cli.get_by_role("region", name="Ask a question about this").get_by_text("This field is required.")
           ).to_be_visible()
    cli.get_by_label("Your question").fill(QUESTION)
    cli.get_by_role("button", name="Send question").click()
    expect(cli).to_have_url(re.compile(rf"/engagements/{engagement.pk}/questions/\d+/$"))
    expect(cli.get_by_role("heading", level=1)).to_have_text("A question about Psilocybin")
    expect(cli.get_by_role("region", name="Conversation")).to_contain_text(QUESTION)
    thread_url = cli.url

    # 4. The facilitator sees it in her inbox (who and what topic, not the question) and answers.
    fac = new_page()
    fac_errors = watch_console(fac)
    sign_in(fac, email="frida@example.org", password=PASSWORD)
    fac.goto("/inbox/")
    expect(fac.get_by_text("Clara Client asked a question about Psilocybin")).to_be_visible()
    assert QUESTION not in fac.content()
    fac.goto(f"/engagements/{engagement.pk}/questions/")
    expect(fac.get_by_role("region", name="All questions")).to_contain_text(QUESTION)
    fac.get_by_role("link", name=re.compile("0 replies")).click()
    fac.get_by_label("Your reply").fill(ANSWER)
    fac.get_by_role("button", name="Send reply").click()
    expect(fac.get_by_role("region", name="Conversation").get_by_role("listitem").filter(has_text=ANSWER)
           ).to_contain_text("Frida Facilitator")

    # 5. The client reads the answer; the library now shows the topic as read.
    cli.goto(thread_url)
    expect(cli.get_by_role("region", name="Conversation").get_by_role("listitem").filter(has_text=ANSWER)
           ).to_be_visible()
    cli.goto(f"/practices/{practice.pk}/library/")
    read_item = cli.get_by_role("region", name="Substances").get_by_role("listitem").filter(has_text="Psilocybin")
    expect(read_item.locator(".badge")).to_have_text("read")
    expect(read_item).not_to_contain_text("not read yet")
    screenshot(cli, "library-list")

    # The refused empty question answered 400 on purpose; the browser logs that. Nothing else may be logged.
    assert [e for e in cli_errors if "status of 400" not in e] == []
    assert fac_errors == []
