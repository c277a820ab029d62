"""Receipts and monthly statements as PDF: for one session (practice, client, date and kind, tier, fee agreed,
paid, from the reciprocity fund, still to pay, and a receipt number), and for one engagement's month.

They name no one but the client and the practice: money from the fund is "from the reciprocity fund", and what a
client paid beyond their fee is "of which $X went to the reciprocity fund". Rendered with WeasyPrint from a template,
fetching nothing (as the integration worksheet is).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from cocreate.equity.fees import Fees, Line
from cocreate.integration.worksheet import NothingFetched


def _row(fees: Fees, line: Line) -> dict[str, Any]:
    return {"line": line, "fee": fees.money(line.fee), "paid": fees.money(line.paid),
            "subsidy": fees.money(line.subsidy), "to_pay": fees.money(line.to_pay),
            "to_fund": fees.money(line.to_fund) if line.to_fund else "",
            "number": line.receipt_number,
            "payments": [(p, fees.money(abs(p.amount))) for p in line.payments]}


def receipt_pdf(fees: Fees, line: Line) -> bytes:
    return _pdf("equity/receipt.html", {"fees": fees, "r": _row(fees, line), "issued": timezone.localdate()})


def statement_pdf(fees: Fees, month: date) -> bytes:
    rows = [_row(fees, line) for line in fees.lines]
    totals = {
        "fee": fees.money(sum(line.fee or 0 for line in fees.lines)),
        "paid": fees.money(sum(line.paid for line in fees.lines)),
        "subsidy": fees.money(sum(line.subsidy for line in fees.lines)),
        "to_pay": fees.money(sum(line.to_pay for line in fees.lines)),
        "to_fund": fees.money(sum(line.to_fund for line in fees.lines)),
        "any_to_fund": any(line.to_fund for line in fees.lines),
    }
    return _pdf("equity/receipt_statement.html", {"fees": fees, "rows": rows, "totals": totals, "month": month,
                                                   "issued": timezone.localdate()})


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, {**context, "lang": translation.get_language() or "en"})
    return bytes(HTML(string=html, base_url=None, url_fetcher=NothingFetched()).write_pdf(pdf_tags=True))
