"""The document kinds: what each holds (a pydantic schema), who must agree, and which fields are consent.

Field titles and help are marked for translation with gettext_noop and translated where they are shown.
A schema validates content from the web form, the API and the database alike; `context` carries what only
the engagement knows (its medicine sessions, the practice's modalities).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from cocreate.agreements.models import DocumentKind
from cocreate.care.models import Kind

Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
ShortRequired = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
LongRequired = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
TEXTAREA: dict[str, Any] = {"widget": "textarea"}
MAX_ROWS = 30


class Level(models.TextChoices):
    YES = "yes", _("Yes")
    ASK_FIRST = "ask_first", _("Ask me first")
    NO = "no", _("No")


LEVEL_RANK = {Level.NO.value: 0, Level.ASK_FIRST.value: 1, Level.YES.value: 2}


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Just begun")
    PROGRESSING = "progressing", _("Moving")
    REACHED = "reached", _("Reached")
    SET_ASIDE = "set_aside", _("Set aside for now")


class Chooser(models.TextChoices):
    CLIENT = "client", _("The client chooses")
    FACILITATOR = "facilitator", _("The facilitators choose")
    TOGETHER = "together", _("We choose together")


class MusicMode(models.TextChoices):
    PLAYLIST = "playlist", _("A playlist")
    SILENCE = "silence", _("Silence")
    MIXED = "mixed", _("Music with stretches of silence")


class SensoryItem(models.TextChoices):
    EYE_SHADES = "eye_shades", _("Eye shades")
    HEADPHONES = "headphones", _("Headphones")
    BLANKETS = "blankets", _("Blankets")
    WEIGHTED_BLANKET = "weighted_blanket", _("Weighted blanket")
    SCENTS = "scents", _("Scents")
    CUSHIONS = "cushions", _("Cushions")


class Guideline(models.TextChoices):
    WELCOME = "welcome", _("Welcome")
    ASK_FIRST = "ask_first", _("Ask first")
    AVOID = "avoid", _("Please avoid")


class Content(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class Goal(Content):
    words: LongRequired = Field(title=N_("The goal, in the client's words"), json_schema_extra=TEXTAREA)
    why: Long = Field("", title=N_("Why it matters"), json_schema_extra=TEXTAREA)
    noticing: Long = Field("", title=N_("How we will both notice progress"), json_schema_extra=TEXTAREA)
    status: GoalStatus = Field(GoalStatus.OPEN, title=N_("Where it stands"))


class SessionIntention(Content):
    session_id: int | None = Field(None, title=N_("For the medicine session"),
                                   description=N_("Leave empty for the next medicine session."))
    intention: LongRequired = Field(title=N_("Intention"), json_schema_extra=TEXTAREA)

    @field_validator("session_id")
    @classmethod
    def _own_session(cls, value: int | None, info: ValidationInfo) -> int | None:
        sessions = (info.context or {}).get("medicine_sessions")
        if value is not None and sessions is not None and value not in sessions:
            raise ValueError("choose one of this engagement's medicine sessions")
        return value


class IntentionsContent(Content):
    goals: list[Goal] = Field(default_factory=list, max_length=MAX_ROWS, title=N_("Goals"))
    session_intentions: list[SessionIntention] = Field(
        default_factory=list, max_length=MAX_ROWS, title=N_("Intentions for a medicine session"))

    @model_validator(mode="after")
    def _something(self) -> IntentionsContent:
        if not self.goals and not self.session_intentions:
            raise ValueError("write at least one goal or intention")
        return self


class ModalityChoice(Content):
    modality: ShortRequired = Field(title=N_("Modality"), description=N_("From the practice's library."))
    reason: LongRequired = Field(title=N_("Why this modality"), json_schema_extra=TEXTAREA)

    @field_validator("modality")
    @classmethod
    def _in_library(cls, value: str, info: ValidationInfo) -> str:
        known = (info.context or {}).get("modalities")
        if known is not None and value not in known:
            raise ValueError("choose a modality from the practice's library")
        return value


class ModalityContent(Content):
    modalities: list[ModalityChoice] = Field(min_length=1, max_length=10, title=N_("Modalities"))


class TopicGuideline(Content):
    topic: ShortRequired = Field(title=N_("Topic"))
    guideline: Guideline = Field(Guideline.WELCOME, title=N_("During the session"))


class SettingContent(Content):
    decor: Long = Field("", title=N_("Decor"), json_schema_extra=TEXTAREA)
    seating: Short = Field("", title=N_("Seating or lying"))
    lighting: Short = Field("", title=N_("Lighting"))
    music_chooser: Chooser = Field(Chooser.TOGETHER, title=N_("Who chooses the music"))
    music_mode: MusicMode = Field(MusicMode.PLAYLIST, title=N_("Music or silence"))
    playlist: Long = Field("", title=N_("Playlist"), description=N_("A link or the pieces, if any."),
                           json_schema_extra=TEXTAREA)
    sensory_items: list[SensoryItem] = Field(default_factory=list, max_length=10, title=N_("Sensory items"))
    sensory_other: Short = Field("", title=N_("Other sensory items"))
    cultural: Long = Field("", title=N_("Culturally specific or spiritual objects and practices"),
                           json_schema_extra=TEXTAREA)
    people_present: Short = Field("", title=N_("Who is present"))
    topics: list[TopicGuideline] = Field(default_factory=list, max_length=MAX_ROWS,
                                         title=N_("Topics during the medicine session"))

    @field_validator("sensory_items")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


TOUCH_ITEMS: tuple[str, ...] = ("hand_holding", "hand_on_shoulder", "hug", "hands_on_feet", "bodywork")


class TouchConsentContent(Content):
    hand_holding: Level = Field(Level.NO, title=N_("Hand-holding"))
    hand_on_shoulder: Level = Field(Level.NO, title=N_("Hand on shoulder"))
    hug: Level = Field(Level.NO, title=N_("Hug"))
    hands_on_feet: Level = Field(Level.NO, title=N_("Hands on feet"))
    bodywork: Level = Field(Level.NO, title=N_("Focused bodywork"))
    stop_signal: ShortRequired = Field(title=N_("The signal that means stop"),
                                       description=N_("A word or gesture that ends any touch at once."))
    notes: Long = Field("", title=N_("Anything else about touch"), json_schema_extra=TEXTAREA)


class Contact(Content):
    name: ShortRequired = Field(title=N_("Name"))
    relation: Short = Field("", title=N_("Who they are"))
    phone: Short = Field("", title=N_("Phone"))


class SafetyContent(Content):
    warning_signs: Long = Field("", title=N_("Warning signs"), json_schema_extra=TEXTAREA)
    what_helps: Long = Field("", title=N_("What helps"), json_schema_extra=TEXTAREA)
    contacts: list[Contact] = Field(default_factory=list, max_length=MAX_ROWS, title=N_("Who to contact"))
    crisis_lines: Long = Field("", title=N_("Crisis lines"), json_schema_extra=TEXTAREA)
    support_person_after: Short = Field("", title=N_("Support person after the session"))

    @model_validator(mode="after")
    def _something(self) -> SafetyContent:
        if not (self.warning_signs or self.what_helps or self.contacts or self.crisis_lines):
            raise ValueError("write at least warning signs, what helps, a contact or a crisis line")
        return self


class TransportContent(Content):
    driver: ShortRequired = Field(title=N_("Who takes the client home"))
    driver_phone: Short = Field("", title=N_("Their phone"))
    pickup: ShortRequired = Field(title=N_("When and where they pick the client up"))
    destination: Short = Field("", title=N_("Where to"))
    notes: Long = Field("", title=N_("Anything else"), json_schema_extra=TEXTAREA)


class ActionStep(Content):
    step: ShortRequired = Field(title=N_("What the client will do"))
    when: Short = Field("", title=N_("By when, or how often"))
    support: Short = Field("", title=N_("What support would help"))


class IntegrationPlanContent(Content):
    steps: list[ActionStep] = Field(min_length=1, max_length=MAX_ROWS, title=N_("Action steps"))
    review: Long = Field("", title=N_("When we look at it again"), json_schema_extra=TEXTAREA)


class ClosingSummaryContent(Content):
    worked_on: Long = Field("", title=N_("What we worked on"), json_schema_extra=TEXTAREA)
    changed: Long = Field("", title=N_("What changed"), json_schema_extra=TEXTAREA)
    takes_with: Long = Field("", title=N_("What the client takes with them"),
                             description=N_("Practices, insights, people: what goes on after the work ends."),
                             json_schema_extra=TEXTAREA)
    watch_for: Long = Field("", title=N_("What to watch for"),
                            description=N_("Signs that things are getting harder again."), json_schema_extra=TEXTAREA)
    next: Long = Field("", title=N_("Where to turn next"),
                       description=N_("People, services or places, if the need comes back."),
                       json_schema_extra=TEXTAREA)

    @model_validator(mode="after")
    def _something(self) -> ClosingSummaryContent:
        if not (self.worked_on or self.changed or self.takes_with or self.watch_for or self.next):
            raise ValueError("write at least one part of the summary")
        return self


class FeeContent(Content):
    tier: ShortRequired = Field(title=N_("Fee tier"), description=N_(
        "From the practice's sliding scale. The client chooses their own tier; no documents are asked for."),
        json_schema_extra={"empty": N_("The practice has not set up its sliding scale yet, so there is no tier to "
                                       "choose. Its admins set the tiers on the practice's fees page.")})
    note: Long = Field("", title=N_("Anything else about the fee"), json_schema_extra=TEXTAREA)

    @field_validator("tier")
    @classmethod
    def _offered(cls, value: str, info: ValidationInfo) -> str:
        offered = ((info.context or {}).get("choices") or {}).get("tier")
        if offered is not None and value not in offered:
            raise ValueError("choose one of the practice's fee tiers")
        return value


def _modalities_changed(old: dict[str, Any] | None, new: dict[str, Any]) -> bool:
    before = {m["modality"] for m in (old or {}).get("modalities", [])}
    return bool(before) and before != {m["modality"] for m in new.get("modalities", [])}


BOTH = frozenset({Kind.PSYCHOTHERAPY.value, Kind.PSYCHEDELIC_ASSISTED.value})
PAT = frozenset({Kind.PSYCHEDELIC_ASSISTED.value})


@dataclass(frozen=True)
class KindSpec:
    kind: DocumentKind
    schema: type[Content]
    description: str
    engagement_kinds: frozenset[str]
    whole_team: bool = False  # agreed only when every care-team member accepts (else one is enough)
    consent_items: tuple[str, ...] = ()  # Level fields anyone may narrow alone, at once
    needs_note: Callable[[dict[str, Any] | None, dict[str, Any]], bool] | None = None
    needs_note_message: str = ""
    empty_message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    after_close: bool = False  # still written once the engagement has closed (a closed one's others stay as they are)

    @property
    def label(self) -> str:
        return str(self.kind.label)

    @property
    def is_consent(self) -> bool:
        return bool(self.consent_items)


KINDS: dict[str, KindSpec] = {
    spec.kind.value: spec
    for spec in (
        KindSpec(DocumentKind.INTENTIONS, IntentionsContent, N_(
            "What the client wants from this work, in their own words, and intentions for medicine sessions."),
            BOTH, whole_team=True),
        KindSpec(DocumentKind.MODALITY, ModalityContent, N_(
            "The ways of working chosen together, each with its reason. A switch records why."), BOTH,
            needs_note=_modalities_changed, needs_note_message=N_("Say why the modality changes.")),
        KindSpec(DocumentKind.SETTING, SettingContent, N_(
            "The room, the music, the objects and who is there, and which topics are welcome."), PAT,
            whole_team=True),
        KindSpec(DocumentKind.TOUCH_CONSENT, TouchConsentContent, N_(
            "Which kinds of touch are welcome. The client may withdraw or narrow consent at any moment, alone; "
            "widening it needs everyone's acceptance."), PAT, whole_team=True, consent_items=TOUCH_ITEMS,
            empty_message=N_("No touch agreement is in force, so no touch is offered.")),
        KindSpec(DocumentKind.SAFETY, SafetyContent, N_(
            "Warning signs, what helps, who to contact, and who is there after the session."), BOTH,
            whole_team=True),
        KindSpec(DocumentKind.TRANSPORT, TransportContent, N_(
            "Who takes the client home after a medicine session, and when. Deviations are recorded beside it."),
            PAT),
        # One facilitator's acceptance is enough, as for the modality plan: the steps are the client's to carry
        # out, and waiting on every member of a dyad would only slow down what the client chose to do.
        KindSpec(DocumentKind.INTEGRATION_PLAN, IntegrationPlanContent, N_(
            "Action steps agreed together: what the client will do, by when, and what support would help. The "
            "client's acceptance and one facilitator's are enough, because the steps are the client's to carry out; "
            "the client checks in on each step as it goes."), BOTH),
        # Written as the work ends, so also after it has: a client who ended at once may still write it together.
        KindSpec(DocumentKind.CLOSING_SUMMARY, ClosingSummaryContent, N_(
            "Written together as the work ends: what we worked on, what changed, what the client takes with them, "
            "what to watch for and where to turn next. It can still be written after the engagement has closed."),
            BOTH, after_close=True),
        # The client proposes the tier they choose; one facilitator's acceptance is enough, as a fee is between the
        # client and the practice, not each member of a team. Either side may propose a change later.
        KindSpec(DocumentKind.FEE, FeeContent, N_(
            "The fee tier from the practice's sliding scale. The client chooses their own tier, with no documents "
            "asked for; the client's acceptance and one facilitator's are enough, and either may propose a change "
            "later. The fee in force is shown on each session."), BOTH),
    )
}


def kinds_for(engagement_kind: str) -> list[KindSpec]:
    return [spec for spec in KINDS.values() if engagement_kind in spec.engagement_kinds]


def kind_of(engagement_kind: str, kind: str) -> KindSpec:
    """The kind's spec, or 404 when there is no such kind or it does not belong to this kind of engagement."""
    spec = KINDS.get(kind)
    if spec is None or engagement_kind not in spec.engagement_kinds:
        raise Http404
    return spec


def narrows(spec: KindSpec, old: dict[str, Any], new: dict[str, Any]) -> bool:
    """True when `new` lowers at least one consent item and changes nothing else."""
    if not spec.is_consent:
        return False
    lowered = False
    for key in set(old) | set(new):
        if key in spec.consent_items:
            before, after = LEVEL_RANK[old.get(key, Level.NO)], LEVEL_RANK[new.get(key, Level.NO)]
            if after > before:
                return False
            lowered = lowered or after < before
        elif old.get(key) != new.get(key):
            return False
    return lowered


# The same words as the client reads them: a shared document speaks of "the client" to the care team and of "you"
# to the client (keys are the English source strings; the page swaps a title or description it finds here).
CLIENT_WORDS: dict[str, str] = {
    "The goal, in the client's words": N_("The goal, in your words"),
    "Who takes the client home": N_("Who takes you home"),
    "When and where they pick the client up": N_("When and where they pick you up"),
    "The client chooses": N_("You choose"),
    "What the client will do": N_("What you will do"),
    "What the client wants from this work, in their own words, and intentions for medicine sessions.": N_(
        "What you want from this work, in your own words, and your intentions for medicine sessions."),
    "Which kinds of touch are welcome. The client may withdraw or narrow consent at any moment, alone; widening it "
    "needs everyone's acceptance.": N_(
        "Which kinds of touch are welcome. You may withdraw or narrow your consent at any moment, on your own; "
        "widening it needs everyone's acceptance."),
    "Who takes the client home after a medicine session, and when. Deviations are recorded beside it.": N_(
        "Who takes you home after a medicine session, and when. Anything that went differently is noted beside "
        "it."),
    "Action steps agreed together: what the client will do, by when, and what support would help. The client's "
    "acceptance and one facilitator's are enough, because the steps are the client's to carry out; the client "
    "checks in on each step as it goes.": N_(
        "Action steps we agree together: what you will do, by when, and what support would help. "
        "Your acceptance and one facilitator's are enough, because the steps are yours to carry out; you check in "
        "on each step as it goes."),
    "What the client takes with them": N_("What you take with you"),
    "The practice has not set up its sliding scale yet, so there is no tier to choose. Its admins set the tiers on "
    "the practice's fees page.": N_(
        "The practice has not set up its sliding scale yet, so there is no tier for you to choose. You can come "
        "back to this once it has; your care team can tell you more."),
    "From the practice's sliding scale. The client chooses their own tier; no documents are asked for.": N_(
        "From the practice's sliding scale. You choose your own tier; no documents are asked for."),
    "The fee tier from the practice's sliding scale. The client chooses their own tier, with no documents asked "
    "for; the client's acceptance and one facilitator's are enough, and either may propose a change later. The fee "
    "in force is shown on each session.": N_(
        "Your fee tier from the practice's sliding scale. You choose your own tier, and no documents are asked for. "
        "Your acceptance and one facilitator's are enough, and either of you may propose a change later. The fee "
        "in force is shown on each session."),
    "Written together as the work ends: what we worked on, what changed, what the client takes with them, what to "
    "watch for and where to turn next. It can still be written after the engagement has closed.": N_(
        "Written together as the work ends: what we worked on, what changed, what you take with you, what to watch "
        "for and where to turn next. It can still be written after the engagement has closed."),
}

