"""The Oregon quarterly report of the demo practice: the fields OAR 333-333-4910 names, the opt-out honoured, and
counts equal to those computed here from the database directly."""

from __future__ import annotations

import csv
import io

import pytest

from cocreate.accounts.models import Practice
from cocreate.demo.practice import HARBOR, load_demo
from cocreate.medicine import reports
from cocreate.medicine.models import MedicineRecord, StateData

# The client data items of ORS 475A.372 / OAR 333-333-4910 (as listed in the project's domain facts).
ITEMS = ["race", "ethnicity", "preferred languages (spoken and written)", "disability", "sexual orientation",
         "gender identity", "income", "age", "county of residence", "reasons for seeking services"]


@pytest.mark.django_db
def test_the_demo_practices_oregon_report_counts_what_the_database_holds() -> None:
    load_demo()
    harbor = Practice.objects.get(name=HARBOR)
    records = list(MedicineRecord.objects.filter(engagement__practice=harbor, pack="oregon_psilocybin"))
    assert len(records) == 2
    zone = reports.zone_of(harbor)
    quarters = {(r.started_at.astimezone(zone).year, (r.started_at.astimezone(zone).month - 1) // 3 + 1)
                for r in records}
    for year, number in quarters:
        quarter = reports.quarter_of(harbor, year, number)
        inside = [r for r in records if quarter.start <= r.started_at < quarter.end]
        engagements = {r.engagement_id for r in inside}
        opted_out = {e for e in engagements
                     if StateData.objects.filter(engagement_id=e).order_by("-created", "-id").first().opted_out}

        clients = list(csv.reader(io.StringIO(reports.oregon_clients(harbor, quarter).csv())))
        assert clients[0] == ["reference", *ITEMS]
        assert sorted(row[0] for row in clients[1:]) == sorted(f"E{e}" for e in engagements - opted_out)
        text = reports.oregon_clients(harbor, quarter).csv()
        for person in harbor.memberships.select_related("user"):
            assert person.user.name not in text and person.user.email not in text

        summary = {(row[0], row[1]): row[2] for row in csv.reader(io.StringIO(
            reports.oregon_summary(harbor, quarter).csv()))}
        assert summary[("clients served", "clients with an administration session in the quarter")] == str(
            len(engagements))
        assert summary[("clients who opted out of client data", "counted above, left out of the client data")] == str(
            len(opted_out))
        assert summary[("individual administration sessions", "")] == str(len(inside))
