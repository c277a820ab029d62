"""The protocol pack format, and loading packs and screening questionnaires from TOML files.

A pack states how a course of care runs under one protocol or regulation: its phases and the moves between them,
the session kinds of each phase, what must hold before the medicine phase, a medicine session's scheduling or its
start (agreements in force, forms acknowledged, screening decided, timing, the minimum length by dose ...), its
screening rules and the forms a client acknowledges. Every rule names its source. A malformed file fails loading
with the file, the line and the field named: ``oregon.toml: line 40: requirements[3].source: Field required``.
The format is documented in docs/protocols.md.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cocreate.protocols.toml_lines import line_index, line_of

SHIPPED_PACKS = Path(__file__).parent / "packs"
SHIPPED_QUESTIONNAIRES = Path(__file__).parent / "screening"

# The vocabulary a pack may use (checked against care's and agreements' choices by the tests).
PHASES = ("consultation", "screening", "therapy", "preparation", "medicine", "integration", "closed")
SESSION_KINDS = ("consultation", "preparation", "medicine", "integration", "psychotherapy")
DOCUMENTS = ("intentions", "modality", "setting", "touch_consent", "safety", "transport", "integration_plan",
             "closing_summary", "fee")
TOUCH_KINDS = ("hand_holding", "hand_on_shoulder", "hug", "hands_on_feet", "bodywork")
ENGAGEMENT_KINDS = ("psychotherapy", "psychedelic_assisted")

Act = Literal["phase", "schedule", "start"]  # move into the medicine phase; schedule a medicine session; begin one
Severity = Literal["not_eligible", "judgement", "discussion"]
Key = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")


class PackError(Exception):
    """A pack or questionnaire file that cannot be used; the message names the file, the line and the field."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    citation: str = Field(min_length=1)
    url: str = ""

    def __str__(self) -> str:
        return self.citation


class PhaseRule(Strict):
    key: Literal["consultation", "screening", "therapy", "preparation", "medicine", "integration", "closed"]
    next: tuple[str, ...] = ()
    session_kinds: tuple[Literal["consultation", "preparation", "medicine", "integration", "psychotherapy"], ...] = ()


RequirementKind = Literal[
    "screening",  # the latest screening decided eligible (or eligible with conditions)
    "agreement",  # `document` in force
    "touch_within",  # the touch consent in force allows no kind outside `allowed`
    "form",  # the practice's current version of `form` acknowledged
    "sessions_held",  # at least `count` sessions of `session_kind` held
    "no_risk_flag",  # no unresolved risk answer on a questionnaire
    "measure",  # `instrument` answered within `within_days`
    "readiness",  # the latest readiness check-in is "ready", within `within_days` (before the session, for start)
    "preparation_window",  # a preparation session from `max_days` (calendar days) to `min_hours` before the first
    "dose_duration",  # a planned dose within the pack's dosing table, and at least its minimum length
    "care_team_size",  # at least `min_size` facilitators on the care team
    "medicine_spacing",  # at least `min_days` between medicine sessions
]

_PARAMS: dict[str, tuple[str, ...]] = {
    "agreement": ("document",), "touch_within": ("allowed",), "form": ("form",),
    "sessions_held": ("session_kind", "count"), "measure": ("instrument", "within_days"),
    "readiness": ("within_days",), "preparation_window": ("min_hours", "max_days"),
    "care_team_size": ("min_size",), "medicine_spacing": ("min_days",),
}
_OPTIONAL = ("document", "allowed", "form", "session_kind", "count", "instrument", "within_days", "min_hours",
             "max_days", "min_size", "min_days")


class Requirement(Strict):
    key: str = Key
    kind: RequirementKind
    label: str = Field(min_length=1, max_length=200)  # what is required, in plain words both sides read
    acts: tuple[Act, ...] = ("phase", "schedule", "start")
    # True: the rule is the law or the protocol's own and cannot be set aside. False: the practice's own rule,
    # which a named clinician may set aside with a reason the client reads.
    regulatory: bool = False
    source: Source
    document: Literal["intentions", "modality", "setting", "touch_consent", "safety", "transport",
                      "integration_plan", "closing_summary", "fee"] | None = None
    allowed: tuple[Literal["hand_holding", "hand_on_shoulder", "hug", "hands_on_feet", "bodywork"], ...] | None = None
    form: str | None = None
    session_kind: Literal["consultation", "preparation", "integration", "psychotherapy"] | None = None
    count: int | None = Field(None, ge=1, le=20)
    instrument: str | None = None
    within_days: int | None = Field(None, ge=1, le=365)
    min_hours: int | None = Field(None, ge=0, le=24 * 365)
    max_days: int | None = Field(None, ge=1, le=3650)
    min_size: int | None = Field(None, ge=1, le=10)
    min_days: int | None = Field(None, ge=1, le=365)

    @model_validator(mode="after")
    def _params(self) -> Requirement:
        wanted = _PARAMS.get(self.kind, ())
        missing = [p for p in wanted if getattr(self, p) is None]
        extra = [p for p in _OPTIONAL if p not in wanted and getattr(self, p) is not None]
        if missing:
            raise ValueError(f"a {self.kind} requirement needs {', '.join(missing)}")
        if extra:
            raise ValueError(f"a {self.kind} requirement takes no {', '.join(extra)}")
        if self.kind in ("preparation_window", "dose_duration", "medicine_spacing") and "phase" in self.acts:
            raise ValueError(f"a {self.kind} requirement concerns a session: its acts are schedule and start")
        return self


class DurationRow(Strict):
    """From `from_mg` (inclusive) to `to_mg` (exclusive; inclusive on the last row), at least `minutes` long."""

    from_mg: Decimal = Field(ge=0)
    to_mg: Decimal = Field(gt=0)
    minutes: int = Field(ge=5, le=24 * 60)
    # A shorter minimum for a repeat session within `repeat_within_days` of an earlier one, where the rule has one.
    repeat_minutes: int | None = Field(None, ge=5, le=24 * 60)


class Dosing(Strict):
    substance: str = Field(min_length=1)
    repeat_within_days: int = Field(365, ge=1, le=3650)
    rows: tuple[DurationRow, ...] = Field(min_length=1)
    source: Source

    @property
    def max_mg(self) -> Decimal:
        return self.rows[-1].to_mg

    @model_validator(mode="after")
    def _no_gaps(self) -> Dosing:
        expected = Decimal("0")
        for i, row in enumerate(self.rows):
            if row.from_mg != expected:
                # No "; " in the message: the loader splits a message into its problems there.
                raise ValueError(f"rows[{i}] starts at {row.from_mg} mg, but the table must continue from {expected} "
                                 "mg with no gap or overlap")
            if row.to_mg <= row.from_mg:
                raise ValueError(f"rows[{i}] ends at or before it starts")
            expected = row.to_mg
        return self

    def minimum_minutes(self, dose_mg: Decimal, *, repeat: bool) -> int | None:
        """The shortest session allowed for this dose (None: above the table, so not allowed at all)."""
        for i, row in enumerate(self.rows):
            last = i == len(self.rows) - 1
            if row.from_mg <= dose_mg < row.to_mg or (last and dose_mg == row.to_mg):
                return row.repeat_minutes if repeat and row.repeat_minutes else row.minutes
        return None


class ScreeningRule(Strict):
    question: str = Key
    answer: str = "yes"  # the answer that raises the flag
    severity: Severity
    reason: str = Field(min_length=1, max_length=500)  # plain words: the client reads it
    source: Source


class Screening(Strict):
    questionnaires: tuple[str, ...] = Field(min_length=1)
    rules: tuple[ScreeningRule, ...] = ()


class FormSpec(Strict):
    key: str = Key
    title: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)  # the starting text; each practice words its own version
    source: Source


class Offer(Strict):
    """Something the care team must offer after each medicine session (the client may decline it)."""

    session_kind: Literal["integration"]
    label: str = Field(min_length=1)
    source: Source


class Pack(Strict):
    key: str = Key
    version: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=1, max_length=120)
    summary: str = Field(min_length=1)
    engagement_kind: Literal["psychotherapy", "psychedelic_assisted"]
    editable: bool = False  # True: the starting point a practice copies to write its own rules
    source: Source
    phases: tuple[PhaseRule, ...] = Field(min_length=2)
    requirements: tuple[Requirement, ...] = ()
    dosing: Dosing | None = None
    screening: Screening | None = None
    forms: tuple[FormSpec, ...] = ()
    offers_after_medicine: tuple[Offer, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Pack:
        problems = _problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def phase(self, key: str) -> PhaseRule | None:
        return next((p for p in self.phases if p.key == key), None)

    def requirements_for(self, act: str) -> list[Requirement]:
        return [r for r in self.requirements if act in r.acts]

    def form(self, key: str) -> FormSpec | None:
        return next((f for f in self.forms if f.key == key), None)

    @property
    def has_medicine(self) -> bool:
        return self.phase("medicine") is not None


def _problems(pack: Pack) -> list[str]:
    problems: list[str] = []
    keys = [p.key for p in pack.phases]
    if len(set(keys)) != len(keys):
        problems.append("phases: a phase is listed twice")
    if keys[0] != "consultation" or "closed" not in keys:
        problems.append("phases: the first phase is consultation, and closed is one of them")
    for i, phase in enumerate(pack.phases):
        for target in phase.next:
            if target not in keys:
                problems.append(f"phases[{i}].next: unknown phase {target!r}")
    if pack.engagement_kind == "psychotherapy" and "medicine" in keys:
        problems.append("phases: a psychotherapy pack has no medicine phase")
    seen = set()
    for i, req in enumerate(pack.requirements):
        if req.key in seen:
            problems.append(f"requirements[{i}].key: {req.key!r} is used twice")
        seen.add(req.key)
        if req.kind == "form" and pack.form(req.form or "") is None:
            problems.append(f"requirements[{i}].form: no form {req.form!r} in this pack's forms")
        if req.kind == "dose_duration" and pack.dosing is None:
            problems.append(f"requirements[{i}]: a dose_duration requirement needs the pack's dosing table")
        if req.kind == "screening" and pack.screening is None:
            problems.append(f"requirements[{i}]: a screening requirement needs the pack's screening")
    if pack.requirements and not pack.has_medicine:
        problems.append("requirements: a pack without a medicine phase has nothing to require them for")
    return problems


class Question(Strict):
    key: str = Key
    text: str = Field(min_length=1, max_length=500)  # asked of the client, in plain words
    type: Literal["yes_no", "text"] = "yes_no"
    detail: str = ""  # for yes/no: the follow-up asked when the answer is yes ("Which ones?")
    required: bool = True


class Questionnaire(Strict):
    key: str = Key
    title: str = Field(min_length=1)
    intro: str = ""
    questions: tuple[Question, ...] = Field(min_length=1)
    source: Source


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"{path}: cannot be read ({exc})") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: not valid TOML ({exc})") from None


_MESSAGE_PATH = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?")


def _message_path(message: str) -> tuple[str | int, ...]:
    """The field a whole-model message names at its start ("requirements[3].form: ..."), as a location."""
    match = _MESSAGE_PATH.match(message)
    if not match:
        return ()
    name, index, field = match.groups()
    return tuple(p for p in (name, int(index) if index is not None else None, field) if p is not None)


def _describe(path: Path, text: str, exc: ValidationError) -> str:
    index = line_index(text)
    parts = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        for problem in message.split("; "):
            full = loc + _message_path(problem)
            where = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
            line = line_of(index, full) or 1
            parts.append(f"line {line}: {where + ': ' if where else ''}{problem}")
    return f"{path.name}: " + "; ".join(parts)


def _load(path: Path, model: type[Pack] | type[Questionnaire]) -> Any:
    data, text = _read(path)
    try:
        loaded = model.model_validate(data)
    except ValidationError as exc:
        raise PackError(_describe(path, text, exc)) from None
    if loaded.key != path.stem:
        line = line_of(line_index(text), ("key",)) or 1
        raise PackError(f"{path.name}: line {line}: key: {loaded.key!r} must match the file name ({path.stem!r})")
    return loaded


def _line(path: Path, loc: tuple[str | int, ...]) -> int:
    """The line of `loc` in a file the loader has already read."""
    return line_of(line_index(path.read_text(encoding="utf-8")), loc) or 1


def load_pack(path: Path, questionnaires: dict[str, Questionnaire]) -> Pack:
    pack: Pack = _load(path, Pack)
    if pack.screening:
        asked: set[str] = set()
        for key in pack.screening.questionnaires:
            if key not in questionnaires:
                line = _line(path, ("screening", "questionnaires"))
                raise PackError(f"{path.name}: line {line}: screening.questionnaires: no questionnaire {key!r}")
            asked |= {q.key for q in questionnaires[key].questions}
        for i, rule in enumerate(pack.screening.rules):
            if rule.question not in asked:
                line = _line(path, ("screening", "rules", i, "question"))
                raise PackError(f"{path.name}: line {line}: screening.rules[{i}].question: {rule.question!r} is not "
                                "asked by the pack's questionnaires")
    return pack


def _files(directories: Iterable[Path]) -> list[Path]:
    return [p for d in directories for p in sorted(d.glob("*.toml"))]


def load_all(extra_dir: Path | None = None) -> tuple[dict[str, Pack], dict[str, Questionnaire]]:
    """The shipped packs and questionnaires, and a practice's own from `extra_dir` (its `*.toml` packs and its
    `screening/*.toml` questionnaires). A key may not be used twice."""
    if extra_dir is not None and not extra_dir.is_dir():
        raise PackError(f"{extra_dir}: not a directory (COCREATE_PROTOCOLS_DIR)")
    pack_dirs = [SHIPPED_PACKS] + ([extra_dir] if extra_dir else [])
    questionnaire_dirs = [SHIPPED_QUESTIONNAIRES] + ([extra_dir / "screening"] if extra_dir else [])
    questionnaires: dict[str, Questionnaire] = {}
    for path in _files(d for d in questionnaire_dirs if d.is_dir()):
        found: Questionnaire = _load(path, Questionnaire)
        if found.key in questionnaires:
            raise PackError(f"{path.name}: line {_line(path, ('key',))}: key: {found.key!r} is already a questionnaire")
        questionnaires[found.key] = found
    packs: dict[str, Pack] = {}
    for path in _files(pack_dirs):
        pack = load_pack(path, questionnaires)
        if pack.key in packs:
            raise PackError(f"{path.name}: line {_line(path, ('key',))}: key: {pack.key!r} is already a pack")
        packs[pack.key] = pack
    return packs, questionnaires
