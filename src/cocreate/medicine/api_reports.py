"""A practice's quarterly state reports through the API, as JSON: the CSV's columns and rows (see
docs/medicine.md, "State reports"). For the practice's facilitators and admins; anyone else gets 404."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from ninja import P, QueryEx, Router, Schema

from cocreate.accounts.current import request_user
from cocreate.accounts.schemas import ErrorOut
from cocreate.accounts.selectors import practice_for
from cocreate.medicine import reports

router = Router(tags=["reports"])
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class StateReportOut(Schema):
    report: str
    title: str
    practice_id: int
    year: int
    quarter: int
    time_zone: str
    first_day: date
    last_day: date
    filename: str
    columns: list[str]
    rows: list[list[str]]
    csv: str


@router.get("/practices/{practice_id}/reports/{report}", response={200: StateReportOut, **ERRORS})
def state_report(
    request: HttpRequest, practice_id: int, report: str,
    year: QueryEx[int | None, P(ge=reports.FIRST_YEAR, le=reports.LAST_YEAR,
                                description="The year; with `quarter`. Neither: the last complete quarter.")] = None,
    quarter: QueryEx[int | None, P(ge=1, le=4, description="The quarter, 1 to 4, in the practice's time zone.")
                     ] = None,
) -> object:
    """One of `oregon-clients`, `oregon-summary`, `colorado-log` for a quarter: its columns and rows, and the same
    as CSV text. No row names anyone."""
    practice = practice_for(request_user(request), practice_id, roles=reports.READERS)
    if report not in reports.REPORTS:
        raise Http404
    if year is None and quarter is None:
        period = reports.last_complete(practice)
    else:
        period = reports.quarter_of(practice, "" if year is None else year, "" if quarter is None else quarter)
    found = reports.report(practice, report, period)
    return {"report": found.key, "title": found.title, "practice_id": practice.pk, "year": period.year,
            "quarter": period.number, "time_zone": period.zone.key, "first_day": period.start.date(),
            "last_day": period.last_day, "filename": found.filename, "columns": found.columns, "rows": found.rows,
            "csv": found.csv()}
