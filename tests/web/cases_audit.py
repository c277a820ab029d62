"""URL/persona matrix rows for retention: a practice's facilitators and admins read how long records are kept (its
admins set it, a facilitator's write is 403); everyone else 404."""

from __future__ import annotations

from tests.web.matrix import STAFF, Case, practice

AUDIT_CASES: dict[str, Case] = {
    "practices/<int:practice_id>/retention/": Case(practice, STAFF),
    "api/v1/practices/<practice_id>/retention": Case(practice, STAFF, body=lambda w: {"years": 10}),
}
