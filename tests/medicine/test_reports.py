"""The quarterly state reports: Oregon's client data (exactly the rule's items, no one named, opt-outs left out and
counted), Oregon's counts checked against the database, quarters in the practice's time zone, Colorado's
administration-session log, and who may read them on the web and through the API."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from cocreate.accounts.models import User
from cocreate.agreements.models import Revision
from cocreate.medicine import reports
from cocreate.medicine.models import Entry, MedicineRecord, StateData
from cocreate.medicine.state_data import state_data_set
from cocreate.protocols.models import ScreeningDecision
from tests.api_helpers import Api
from tests.care.test_query_counts import query_count
from tests.conftest import World, make_user
from tests.medicine.report_helpers import (
    COLORADO,
    OREGON,
    adverse,
    dose,
    held,
    in_los_angeles,
    local,
    log,
    oregon_quarter,
)
from tests.protocols.gate_helpers import access, agree, open_engagement

# The items ORS 475A.372 (2)(a) and OAR 333-333-4910 (2) name: race, ethnicity, preferred spoken and written
# languages, disability status, sexual orientation, gender identity, income, age, county of residence, and the
# reasons for seeking services.
OREGON_COLUMNS = ["reference", "race", "ethnicity", "preferred languages (spoken and written)", "disability",
                  "sexual orientation", "gender identity", "income", "age", "county of residence",
                  "reasons for seeking services"]


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def q1(world: World) -> reports.Quarter:
    return reports.quarter_of(world.practice, 2025, 1)


def no_one_named(text: str) -> None:
    for user in User.objects.all():
        assert user.name not in text and user.email not in text, user.name


def test_the_oregon_client_data_has_exactly_the_rules_items_and_no_one_named(world: World) -> None:
    q = oregon_quarter(world)
    text = reports.oregon_clients(world.practice, q1(world)).csv()
    found = rows(text)
    assert found[0] == OREGON_COLUMNS
    assert [r[0] for r in found[1:]] == [f"E{q.dana.pk}", f"E{q.quill.pk}"]
    quill = dict(zip(found[0], found[2], strict=True))
    assert quill == {"reference": f"E{q.quill.pk}", "race": "Asian; White", "ethnicity": "Not Hispanic or Latino/a/x",
                     "preferred languages (spoken and written)": "English; Korean", "disability": "None of these",
                     "sexual orientation": "Bisexual", "gender identity": "Woman", "income": "prefer not to say",
                     "age": "35 to 44", "county of residence": "Multnomah",
                     "reasons for seeking services": "Depression; Grief or loss"}
    assert set(found[1][1:]) == {"not answered"}  # dana gave nothing: she is reported, with nothing
    no_one_named(text)


def test_a_client_who_opted_out_has_no_row_and_is_counted(world: World) -> None:
    q = oregon_quarter(world)
    text = reports.oregon_clients(world.practice, q1(world)).csv()
    assert f"E{q.tamsin.pk}" not in text and "Lane" not in text
    summary = {(r[0], r[1]): r[2] for r in rows(reports.oregon_summary(world.practice, q1(world)).csv())[1:]}
    assert summary[("clients who opted out of client data", "counted above, left out of the client data")] == "1"
    assert summary[("client data: county of residence", "Multnomah")] == "1"
    assert ("client data: county of residence", "Lane") not in summary


def test_the_oregon_counts_are_those_of_the_database(world: World) -> None:
    oregon_quarter(world)
    start, end = local(2025, 1, 1), local(2025, 4, 1)
    records = MedicineRecord.objects.filter(engagement__practice=world.practice, pack=OREGON,
                                            started_at__gte=start, started_at__lt=end)
    decisions = ScreeningDecision.objects.filter(
        outcome__in=["not_eligible_now", "refer"], at__gte=start, at__lt=end, response__pack=OREGON,
        response__engagement__practice=world.practice)
    standing = Entry.objects.filter(record__in=records, kind="adverse").exclude(
        pk__in=Entry.objects.filter(corrects__isnull=False).values("corrects"))
    clients = records.values("engagement__client").distinct().count()
    opted_out = StateData.objects.filter(engagement__in=records.values("engagement"), opted_out=True).count()
    expected = {
        ("clients served", "clients with an administration session in the quarter"): clients,
        ("clients who opted out of client data", "counted above, left out of the client data"): opted_out,
        ("individual administration sessions", ""): records.count(),
        ("group administration sessions", "cocreate records individual sessions only"): 0,
        ("people denied services", ""): decisions.values("response__engagement__client").distinct().count(),
        **{("adverse events recorded", f"severity: {s}"): standing.filter(data__severity=s).count()
           for s in ("mild", "moderate", "severe")},
        **{("adverse reactions needing emergency services or medical care (OAR 333-333-1010)", f"severity: {s}"):
           standing.filter(data__severity=s, data__needed_medical_care=True).count()
           for s in ("mild", "moderate", "severe")},
        ("adverse reactions needing emergency services or medical care (OAR 333-333-1010)", "total"):
            standing.filter(data__needed_medical_care=True).count(),
    }
    summary = {(r[0], r[1]): r[2] for r in rows(reports.oregon_summary(world.practice, q1(world)).csv())[1:]}
    assert {k: summary[k] for k in expected} == {k: str(v) for k, v in expected.items()}
    # And the world is the one meant: three clients, four sessions, two denied, the corrected event once.
    assert (clients, records.count(), opted_out) == (3, 4, 1)
    assert [summary[("adverse events recorded", f"severity: {s}")] for s in ("mild", "moderate", "severe")] == [
        "2", "1", "1"]
    assert summary[("average administration sessions per client", "")] == "1.33"
    assert summary[("period", "2025-01-01 to 2025-03-31 (America/Los_Angeles)")] == ""


def test_people_denied_are_counted_by_outcome_and_by_the_reasons_raised(world: World) -> None:
    oregon_quarter(world)
    summary = {(r[0], r[1]): r[2] for r in rows(reports.oregon_summary(world.practice, q1(world)).csv())[1:]}
    assert summary[("people denied services", "")] == "2"
    assert summary[("people denied services", "outcome: Not eligible now")] == "1"
    assert summary[("people denied services", "outcome: Referred elsewhere")] == "1"
    lithium = [k for k in summary if k[0] == "people denied services" and "lithium" in k[1]]
    assert len(lithium) == 1 and summary[lithium[0]] == "1"
    assert summary[("people denied services", f"reason: {reports.NO_FLAG}")] == "1"


def test_a_quarter_is_counted_in_the_practices_time_zone(world: World) -> None:
    q = oregon_quarter(world)
    late = MedicineRecord.objects.get(engagement=q.dana, started_at=local(2025, 3, 31, 23, 30))
    assert late.started_at.astimezone(ZoneInfo("UTC")).month == 4  # in UTC it is already April
    for year, number, refs in ((2025, 1, {f"E{q.dana.pk}", f"E{q.quill.pk}"}), (2025, 2, {f"E{q.odile.pk}"}),
                               (2024, 4, {f"E{q.odile.pk}"})):
        found = rows(reports.oregon_clients(world.practice, reports.quarter_of(world.practice, year, number)).csv())
        assert {r[0] for r in found[1:]} == refs, (year, number)
    assert reports.last_complete(world.practice, local(2025, 4, 1, 0, 30)).number == 1
    assert str(reports.last_complete(world.practice, local(2025, 1, 1, 0, 30))) == "2024 Q4"


@pytest.mark.parametrize("year,quarter", [(2025, 0), (2025, 5), ("20x5", 1), (1999, 1), ("", 2), (True, 1)])
def test_a_bad_year_or_quarter_is_refused_with_a_message(world: World, year: object, quarter: object) -> None:
    with pytest.raises(ValidationError) as refused:
        reports.quarter_of(world.practice, year, quarter)
    assert refused.value.messages


def test_the_colorado_log_has_one_row_per_session_and_no_words_of_the_client(world: World) -> None:
    in_los_angeles(world)
    client = make_user("wren", world.practice, "client")
    engagement = open_engagement(world, client, COLORADO)
    first = held(world, engagement, local(2025, 2, 10, 9, 0), pack=COLORADO)
    log(world, first, "dose", dose(20, lot="PSI-7"), minutes=5)
    log(world, first, "dose", dose(10, lot="PSI-7", supplemental=True), minutes=95)
    log(world, first, "adverse", adverse("moderate", needed_medical_care=True))
    second = held(world, engagement, local(2025, 3, 12, 13, 15), pack=COLORADO, minutes=360)
    wrong = log(world, second, "dose", dose(30, product="=cmd|' /C calc'!A0"), minutes=5)
    log(world, second, "dose", dose(25, product="=cmd|' /C calc'!A0"), minutes=6, corrects=wrong)
    log(world, second, "adverse", adverse("mild"))
    held(world, engagement, local(2025, 4, 2, 9, 0), pack=COLORADO)  # the next quarter
    # The intention for the first session is agreed before it; a later agreement, before the second, names none.
    words = "To meet my grief with kindness"
    one = agree(world, engagement, "intentions", {"session_intentions": [{"session_id": first.session_id,
                                                                          "intention": words}]})
    Revision.objects.filter(pk=one.pk).update(settled_at=local(2025, 2, 1))
    two = agree(world, engagement, "intentions", {"goals": [{"words": "Sleep through the night"}]})
    Revision.objects.filter(pk=two.pk).update(settled_at=local(2025, 3, 1))

    text = reports.colorado_log(world.practice, q1(world)).csv()
    found = rows(text)
    assert found[0] == ["reference", "session date", "start time", "end time", "single or split dose", "product ids",
                        "amounts given (mg)", "dose times", "intention on file",
                        "adverse reaction needing medical care"]
    assert found[1:] == [
        [f"E{engagement.pk}-S{first.session_id}", "2025-02-10", "09:00", "13:00", "split", "PSI-7; PSI-7", "20; 10",
         "09:05; 10:35", "yes", "yes"],
        [f"E{engagement.pk}-S{second.session_id}", "2025-03-12", "13:15", "19:15", "single",
         "'=cmd|' /C calc'!A0", "25", "13:21", "no", "no"],
    ]
    assert words not in text and "Sleep" not in text
    no_one_named(text)


def test_only_the_practices_facilitators_and_admins_read_the_reports_on_the_web(world: World) -> None:
    oregon_quarter(world)
    url = f"/practices/{world.practice.pk}/reports/"
    for who in (world.alice, world.carl, world.fay):
        page = world.client_for(who).get(url + "?year=2025&quarter=1")
        assert page.status_code == 200 and "State reports" in page.content.decode()
        download = world.client_for(who).get(url + "oregon-clients.csv?year=2025&quarter=1")
        assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
        assert download["Content-Disposition"] == 'attachment; filename="oregon-clients-2025-q1.csv"'
        assert rows(download.content.decode())[0] == OREGON_COLUMNS
    for who in (world.dana, world.gus, world.olga, world.oscar):
        assert world.client_for(who).get(url).status_code == 404
        assert world.client_for(who).get(url + "oregon-summary.csv?year=2025&quarter=1").status_code == 404
    assert world.client_for(world.olga).get(f"/practices/{world.other_practice.pk}/reports/").status_code == 200
    assert world.client_for(world.alice).get(url + "no-such-report.csv").status_code == 404


@pytest.mark.parametrize("query", ["?year=2025&quarter=5", "?year=abc&quarter=1", "?year=2025", "?quarter=0",
                                   "?year=99999999999999999999&quarter=1"])
def test_a_bad_quarter_on_the_web_is_a_400_with_a_message(world: World, query: str) -> None:
    base = f"/practices/{world.practice.pk}/reports/"
    for url in (base, base + "colorado-log.csv"):
        response = world.client_for(world.alice).get(url + query)
        assert response.status_code == 400 and 'role="alert"' in response.content.decode(), url


def test_the_reports_page_is_linked_from_the_practice_for_its_staff_only(world: World) -> None:
    link = f"/practices/{world.practice.pk}/reports/"
    assert link in world.client_for(world.fay).get(f"/practices/{world.practice.pk}/").content.decode()
    page = world.client_for(world.gus).get(f"/practices/{world.practice.pk}/")
    assert link not in page.content.decode()


def test_the_api_gives_each_report_to_the_practices_staff_only(world: World) -> None:
    q = oregon_quarter(world)
    path = f"/practices/{world.practice.pk}/reports/oregon-clients?year=2025&quarter=1"
    body = Api.as_user(world.carl).get(path).json()
    assert body["columns"] == OREGON_COLUMNS and [r[0] for r in body["rows"]] == [f"E{q.dana.pk}", f"E{q.quill.pk}"]
    assert (body["year"], body["quarter"], body["time_zone"]) == (2025, 1, "America/Los_Angeles")
    assert rows(body["csv"])[1:] == body["rows"]
    for who in (world.dana, world.gus, world.olga):
        assert Api.as_user(who).get(path).status_code == 404
    assert Api.as_user(world.alice).get(f"/practices/{world.practice.pk}/reports/nothing?year=2025&quarter=1"
                                        ).status_code == 404
    for bad in ("year=2025&quarter=5", "year=1999&quarter=1", "year=x&quarter=1"):
        response = Api.as_user(world.alice).get(f"/practices/{world.practice.pk}/reports/oregon-summary?{bad}")
        assert response.status_code == 422 and response.json()["errors"]
    only_year = Api.as_user(world.alice).get(f"/practices/{world.practice.pk}/reports/colorado-log?year=2025")
    assert only_year.status_code == 400 and "quarter" in only_year.json()["errors"]
    latest = Api.as_user(world.fay).get(f"/practices/{world.practice.pk}/reports/colorado-log").json()
    assert latest["rows"] == [] and latest["quarter"] in (1, 2, 3, 4)


@pytest.mark.parametrize("report", ["oregon-clients", "oregon-summary", "colorado-log"])
def test_a_report_runs_the_same_queries_however_many_sessions_it_counts(world: World, report: str) -> None:
    in_los_angeles(world)
    url = f"/practices/{world.practice.pk}/reports/{report}.csv?year=2025&quarter=1"
    client = world.client_for(world.alice)

    def more(n: int) -> None:
        for i in range(n):
            person = make_user(f"client{report}{n}{i}", world.practice, "client")
            pack = COLORADO if report == "colorado-log" else OREGON
            engagement = open_engagement(world, person, pack)
            if pack == OREGON:
                state_data_set(actor=person, access=access(person, engagement), race=["white"], county="lane")
            else:
                agree(world, engagement, "intentions", {"goals": [{"words": "Rest"}]})
            record = held(world, engagement, local(2025, 2, 1 + i, 10, 0), pack=pack)
            log(world, record, "dose", dose(20, lot="L-1"), minutes=5)
            log(world, record, "adverse", adverse("mild", needed_medical_care=True))

    more(1)
    small, _sql = query_count(client, url)
    more(6)
    large, sql = query_count(client, url)
    assert large == small, "\n".join(sql)
