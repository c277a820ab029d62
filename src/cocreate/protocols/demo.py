"""The demo's screening, forms and check-ins, written through the same services a person uses."""

from __future__ import annotations

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Practice, User
from cocreate.care.models import Engagement
from cocreate.protocols import services
from cocreate.protocols.screening import questions
from cocreate.protocols.selectors import current_form, pack_of


def choose_pack(actor: User, practice: Practice, pack: str) -> None:
    services.practice_pack_set(actor=actor, practice=practice, pack=pack)


def move_to(actor: User, engagement: Engagement, pack: str, reason: str) -> None:
    services.engagement_pack_change(actor=actor, access=engagement_access(actor, engagement), pack=pack,
                                    reason=reason)


def screened(client: User, clinician: User, engagement: Engagement, rationale: str,
             yes: dict[str, str] | None = None) -> None:
    """The client answers every question (no, unless named in `yes`, with its detail) and the clinician
    decides: eligible."""
    yes = yes or {}
    pack = pack_of(engagement)
    answers = {}
    for q in questions(pack):
        if q.type == "yes_no":
            answers[q.key] = {"answer": "yes", "detail": yes[q.key]} if q.key in yes else {"answer": "no"}
        else:
            answers[q.key] = {"answer": yes.get(q.key, "")}
    services.screening_submit(actor=client, access=engagement_access(client, engagement), answers=answers)
    services.screening_decide(actor=clinician, access=engagement_access(clinician, engagement),
                              outcome="eligible", rationale=rationale)


def forms_acknowledged(client: User, engagement: Engagement) -> None:
    pack = pack_of(engagement)
    for form in pack.forms:
        shown = current_form(engagement.practice, pack, form.key)
        services.form_respond(actor=client, access=engagement_access(client, engagement), form=form.key,
                              version=shown.number, choice="acknowledged")


def checked_in(client: User, engagement: Engagement, how: str, readiness: str = "ready") -> None:
    services.checkin_submit(actor=client, access=engagement_access(client, engagement), readiness=readiness,
                            how_i_am=how, sleep="well")
