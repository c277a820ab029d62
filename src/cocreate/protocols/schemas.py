"""API shapes of the protocols app: packs as they are offered, a practice's protocol and form texts, and an
engagement's protocol, forms, screening, readiness check-ins and readiness gate."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from cocreate.care.schemas import PersonOut
from cocreate.protocols.screening import DETAIL_MAX, TEXT_MAX
from cocreate.schemas import DB_INT_MAX, In, StrictIn

KEY_MAX = 40  # the longest key a pack, requirement, form or question may have
ANSWERS_MAX = 100

AckChoiceIn = Literal["acknowledged", "declined", "withdrawn"]
OutcomeIn = Literal["eligible", "eligible_with_conditions", "not_eligible_now", "refer"]
ReadinessIn = Literal["ready", "talk_first", "postpone"]
SleepIn = Literal["", "well", "so_so", "poorly"]
ActIn = Literal["phase", "schedule", "start"]


# The packs on offer.

class ProtocolSourceOut(Schema):
    citation: str = Field(description="The regulation, protocol or practice rule a rule comes from.")
    url: str


class ProtocolPhaseOut(Schema):
    key: str
    next: list[str] = Field(description="The phases an engagement in this one may move to.")
    session_kinds: list[str] = Field(description="The kinds of session planned in this phase.")


class ProtocolRequirementOut(Schema):
    key: str
    kind: str
    label: str = Field(description="What is required, in plain words both the client and the care team read.")
    acts: list[str] = Field(description="What it is checked before: phase (moving into the medicine phase), "
                                        "schedule (scheduling a medicine session), start (beginning one).")
    regulatory: bool = Field(description="True: the law's or the protocol's own rule, never set aside. False: the "
                                         "practice's own rule, which a clinician may set aside with a reason.")
    source: ProtocolSourceOut
    params: dict[str, Any] = Field(description="The kind's settings, e.g. {\"document\": \"safety\"}.")


class DosingRowOut(Schema):
    from_mg: Decimal
    to_mg: Decimal
    minutes: int
    repeat_minutes: int | None


class DosingOut(Schema):
    substance: str
    repeat_within_days: int
    rows: list[DosingRowOut] = Field(description="The minimum length of a session by planned dose.")
    source: ProtocolSourceOut


class ScreeningQuestionOut(Schema):
    key: str
    questionnaire: str
    text: str
    type: str = Field(description="yes_no or text.")
    detail: str = Field(description="For yes/no: the follow-up asked when the answer is yes.")
    required: bool


class ScreeningRuleOut(Schema):
    question: str
    answer: str = Field(description="The answer that raises the flag.")
    severity: str = Field(description="not_eligible, judgement or discussion.")
    reason: str
    source: ProtocolSourceOut


class ProtocolScreeningOut(Schema):
    questionnaires: list[str]
    questions: list[ScreeningQuestionOut]
    rules: list[ScreeningRuleOut]


class ProtocolFormOut(Schema):
    key: str
    title: str
    source: ProtocolSourceOut


class ProtocolOfferOut(Schema):
    session_kind: str
    label: str
    source: ProtocolSourceOut


class ProtocolOut(Schema):
    key: str
    version: str
    title: str
    summary: str
    engagement_kind: str
    editable: bool = Field(description="True: a starting point a practice copies to write its own rules.")
    source: ProtocolSourceOut
    phases: list[ProtocolPhaseOut]
    requirements: list[ProtocolRequirementOut]
    dosing: DosingOut | None
    screening: ProtocolScreeningOut | None
    forms: list[ProtocolFormOut]
    offers_after_medicine: list[ProtocolOfferOut]


# A practice's protocol and its texts of the forms.

class PracticePackIn(StrictIn):
    pack: str = Field(max_length=KEY_MAX, description="A psychedelic-assisted protocol's key (GET /protocols).")


class PracticeProtocolOut(Schema):
    practice_id: int
    pack: str = Field(description="The protocol new psychedelic-assisted engagements of the practice run under.")
    version: str
    title: str
    summary: str


class FormPublishIn(StrictIn):
    title: str = Field(max_length=200)
    body: str = Field(max_length=50_000, description="The text clients read and acknowledge.")


class ProtocolFormTextOut(Schema):
    key: str
    title: str
    version: int = Field(description="1 is the protocol's starting text; each text the practice publishes adds one.")
    body: str
    source: str
    published: datetime | None = Field(description="When this version was put in place; none for the starting text "
                                                   "nobody has read yet.")


# An engagement's protocol.

class PackChangeIn(StrictIn):
    pack: str = Field(max_length=KEY_MAX, description="A protocol for this kind of engagement (GET /protocols).")
    reason: str = Field(max_length=2000, description="Why the protocol changes; kept in the history, read by all.")


class PackHistoryOut(Schema):
    pack: str
    version: str
    reason: str
    actor: PersonOut
    at: datetime


class EngagementProtocolOut(Schema):
    pack: str
    version: str
    title: str
    summary: str
    history: list[PackHistoryOut] = Field(description="The protocols the engagement ran under, newest first.")


# Forms the client acknowledges.

class AcknowledgementIn(StrictIn):
    version: int = Field(ge=1, le=DB_INT_MAX, description="The version the client read (GET .../forms).")
    choice: AckChoiceIn


class AcknowledgementOut(Schema):
    version: int
    choice: str
    actor: PersonOut
    at: datetime


class EngagementFormOut(Schema):
    key: str
    title: str
    version: int
    body: str
    source: str
    state: str = Field(description='"" (not read yet), acknowledged, declined, withdrawn, or outdated (a newer '
                                   "version waits to be read).")
    acknowledgements: list[AcknowledgementOut] = Field(description="Every choice on this form, newest first.")


# Screening.

class ScreeningAnswerIn(StrictIn):
    answer: str = Field(default="", max_length=TEXT_MAX, description="yes or no, or words for a text question.")
    detail: str = Field(default="", max_length=DETAIL_MAX, description="For a yes: the follow-up's answer.")


AnswerText = Annotated[str, Field(max_length=TEXT_MAX)]


class ScreeningAnswersIn(StrictIn):
    answers: dict[str, ScreeningAnswerIn | AnswerText] = Field(max_length=ANSWERS_MAX, description=(
        'Question key -> answer, e.g. {"lithium_30d": "no", "current_treatment": {"answer": "yes", "detail": '
        '"weekly therapy"}}. Every required question is answered each time: a changed set re-opens the screening.'))
    with_client: bool = Field(default=False, description="The care team enters answers only with the client, as "
                                                         "the client gives them: say so with true.")

    @field_validator("answers")
    @classmethod
    def _readable(cls, value: dict[str, ScreeningAnswerIn | str]) -> dict[str, ScreeningAnswerIn | str]:
        for key, answer in value.items():
            if len(key) > KEY_MAX:
                raise ValueError(f"a question key has at most {KEY_MAX} characters")
            if "\x00" in key or (isinstance(answer, str) and "\x00" in answer):
                raise ValueError("must not contain NUL characters")
        return value


class ScreeningFlagOut(Schema):
    question: str
    asked: str
    answer: str
    severity: str = Field(description="not_eligible, judgement or discussion; the most serious first.")
    severity_words: str
    reason: str
    source: str


class ScreeningDecisionIn(StrictIn):
    outcome: OutcomeIn
    rationale: str = Field(max_length=4000, description="Why, in words the client reads.")
    conditions: str = Field(default="", max_length=4000, description="Needed for eligible_with_conditions.")
    response_id: int | None = Field(default=None, ge=1, le=DB_INT_MAX, description=(
        "The answers decided on; when given and no longer the latest, the decision is refused."))


class ScreeningDecisionOut(Schema):
    id: int
    outcome: str
    rationale: str
    conditions: str
    clinician: PersonOut
    at: datetime


class ScreeningResponseOut(Schema):
    id: int
    pack: str
    answers: dict[str, dict[str, str]]
    flags: list[ScreeningFlagOut]
    entered_by: PersonOut
    with_client: bool
    created: datetime
    decisions: list[ScreeningDecisionOut] = Field(description="Newest first.")


class ScreeningOut(Schema):
    pack: str
    questions: list[ScreeningQuestionOut]
    latest: ScreeningResponseOut | None
    flags: list[ScreeningFlagOut] = Field(description="What the protocol's rules raised on the latest answers.")
    decision: ScreeningDecisionOut | None = Field(description="The decision on the latest answers, if any.")
    earlier: list[ScreeningResponseOut] = Field(description="Earlier sets of answers, newest first.")


# Readiness check-ins.

class CheckinIn(StrictIn):
    readiness: ReadinessIn
    how_i_am: str = Field(default="", max_length=4000)
    sleep: SleepIn = ""
    anything_new: str = Field(default="", max_length=4000, description="Medication, health, life events.")
    questions: str = Field(default="", max_length=4000)
    session_id: int | None = Field(default=None, ge=1, le=DB_INT_MAX, description="The session it is before.")


class CheckinOut(Schema):
    id: int
    readiness: str
    sleep: str
    how_i_am: str
    anything_new: str
    questions: str
    session_id: int | None
    created: datetime


# The readiness gate.

class GateQueryIn(In):
    act: ActIn = Field(default="phase", description="phase (the default): moving into the medicine phase; "
                       "schedule: scheduling a medicine session; start: beginning one (give session_id).")
    session_id: int | None = Field(default=None, ge=1, le=DB_INT_MAX,
                                   description="With act=start: the medicine session to begin.")
    starts_at: datetime | None = Field(default=None, description="With act=schedule: the planned start.")
    duration_minutes: int | None = Field(default=None, ge=5, le=24 * 60,
                                         description="With act=schedule and starts_at: the planned length.")
    planned_dose_mg: Decimal | None = Field(default=None, gt=0, lt=10000, decimal_places=2,
                                            description="With act=schedule and starts_at: the planned dose.")


class GateItemOut(Schema):
    key: str
    label: str
    kind: str
    met: bool
    ok: bool = Field(description="Met, or (a practice's own rule) set aside.")
    state: str = Field(description="Where it stands, in words.")
    set_aside: str = Field(description='"Set aside by <name>: <reason>", or "".')
    regulatory: bool
    source: str
    url: str = Field(description="The page where it is done (a path on this site).")


class GateOut(Schema):
    pack: str
    act: str
    open: bool = Field(description="True when every item is ok.")
    items: list[GateItemOut]


class SetAsideIn(StrictIn):
    requirement: str = Field(max_length=KEY_MAX, description="A requirement's key that is not regulatory.")
    reason: str = Field(max_length=2000, description="Why, in words the client reads.")


class SetAsideOut(Schema):
    id: int
    pack: str
    requirement: str
    reason: str
    clinician: PersonOut
    at: datetime
