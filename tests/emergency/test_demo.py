"""The demo has one past emergency access, so Juniper's review page is not empty and Sam's log shows it."""

from __future__ import annotations

import pytest
from django.test import Client

from cocreate.access import emergency
from cocreate.accounts.models import Practice, User
from cocreate.demo.practice import JUNIPER, load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_review_page_lists_ruths_emergency_access() -> None:
    load_demo()
    load_demo()  # loading again adds no second one
    rows, total = emergency.review_list(Practice.objects.get(name=JUNIPER))
    assert total == 1
    row = rows[0]
    assert (row.grant.lead.name, row.reads, row.ended, row.open, row.minutes) == ("Ruth Abernathy", 3, True, False, 22)
    sam = Client()
    sam.force_login(User.objects.get(email="sam@client.example.org"))
    log = sam.get(f"/engagements/{row.grant.engagement_id}/who-has-seen/").content.decode()
    assert "Emergency access" in log and "Ruth Abernathy" in log
