"""Screening answers checked against a pack's questions, and the flags its rules raise. Pure Python."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cocreate.protocols import registry
from cocreate.protocols.packs import Pack, Question

DETAIL_MAX = 2000
TEXT_MAX = 4000
SEVERITY_ORDER = {"not_eligible": 0, "judgement": 1, "discussion": 2}
SEVERITY_WORDS = {
    "not_eligible": "Not eligible under this protocol",
    "judgement": "Needs a clinician's judgement",
    "discussion": "For discussion",
}


def questions(pack: Pack) -> list[Question]:
    return [q for questionnaire, _keys in registry.questions_of(pack) for q in questionnaire.questions]


def clean_answers(pack: Pack, answers: Any) -> dict[str, dict[str, str]]:
    """{question: {"answer": "yes" | "no" | text, "detail": text}}; every error names its question."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Send the answers as an object keyed by question.")})
    asked = questions(pack)
    if not asked:
        raise ValidationError({"__all__": _("This protocol has no screening questions.")})
    known = {q.key for q in asked}
    unknown = sorted(str(k) for k in answers if k not in known)
    errors: dict[str, str] = {}
    if unknown:
        errors["answers"] = _("Unknown questions: %(keys)s.") % {"keys": ", ".join(unknown[:5])}
    cleaned: dict[str, dict[str, str]] = {}
    for q in asked:
        raw = answers.get(q.key)
        if isinstance(raw, str):
            raw = {"answer": raw}
        if raw is None or raw == {}:
            raw = {"answer": ""}
        if not isinstance(raw, dict):
            errors[q.key] = _("Give an answer and, if you like, a detail.")
            continue
        answer, detail = raw.get("answer", ""), raw.get("detail", "")
        if not isinstance(answer, str) or not isinstance(detail, str):
            errors[q.key] = _("Answers are words.")
            continue
        answer, detail = answer.strip(), detail.strip()
        if q.type == "yes_no" and answer not in ("yes", "no", ""):
            errors[q.key] = _("Answer yes or no.")
        elif not answer and q.required:
            errors[q.key] = _("Please answer this question.")
        elif len(answer) > TEXT_MAX or len(detail) > DETAIL_MAX:
            errors[q.key] = _("Keep the answer under %(max)d characters.") % {"max": TEXT_MAX}
        else:
            cleaned[q.key] = {"answer": answer, "detail": detail} if detail else {"answer": answer}
    if errors:
        raise ValidationError(errors)
    return cleaned


def flags_for(pack: Pack, answers: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """The flags the pack's rules raise on these answers, the most serious first; each keeps its reason and source,
    as shown at the time."""
    if pack.screening is None:
        return []
    text = {q.key: q.text for q in questions(pack)}
    raised = [
        {"question": rule.question, "asked": text.get(rule.question, rule.question),
         "answer": answers[rule.question]["answer"], "severity": rule.severity,
         "severity_words": SEVERITY_WORDS[rule.severity], "reason": rule.reason, "source": rule.source.citation}
        for rule in pack.screening.rules
        if rule.question in answers and answers[rule.question]["answer"] == rule.answer
    ]
    return sorted(raised, key=lambda f: SEVERITY_ORDER[f["severity"]])
