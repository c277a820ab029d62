"""What each kind of timeline entry holds (a pydantic schema per kind), the physiological ranges outside which a
vital sign is refused as a typing mistake, and the alert thresholds against which it is flagged."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Said = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]

EMOTIONS = ("calm", "joy", "grief", "fear", "anger", "awe", "love", "confusion", "relief", "sadness")
HELPED = ("breath", "music_change", "eyeshade_off", "walk", "water", "break", "grounding_words", "blanket")
TOUCH_KINDS = ("hand_holding", "hand_on_shoulder", "hug", "hands_on_feet", "bodywork")


class Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dose(Data):
    substance: Said
    product: Short = ""  # product name or id
    lot: Short = ""  # product or lot id
    source: Short = ""  # the licensee or source, where the protocol asks for it
    amount: Decimal = Field(gt=0, lt=10000, decimal_places=2)
    unit: Literal["mg"]  # the protocols' dosing tables are in milligrams: any other unit is refused
    route: Literal["oral", "sublingual", "intranasal", "intramuscular", "intravenous"] = "oral"
    supplemental: bool = False  # a supplemental (secondary) dose, with its own time


class Words(Data):
    said: Said  # quoted as the client said it


class Emotion(Data):
    emotions: tuple[Literal["calm", "joy", "grief", "fear", "anger", "awe", "love", "confusion", "relief",
                            "sadness"], ...] = ()
    text: Text = ""

    @model_validator(mode="after")
    def _something(self) -> Emotion:
        if not self.emotions and not self.text:
            raise ValueError("choose an emotion or write one")
        return self


class Helped(Data):
    what: tuple[Literal["breath", "music_change", "eyeshade_off", "walk", "water", "break", "grounding_words",
                        "blanket"], ...] = ()
    text: Text = ""

    @model_validator(mode="after")
    def _something(self) -> Helped:
        if not self.what and not self.text:
            raise ValueError("choose what helped or write it")
        return self


class Music(Data):
    text: Said


class Note(Data):
    text: Said


class Vitals(Data):
    # Outside these ranges a value is a typing mistake, not a reading: it is refused, not flagged.
    systolic: int | None = Field(None, ge=50, le=260)
    diastolic: int | None = Field(None, ge=20, le=180)
    heart_rate: int | None = Field(None, ge=20, le=250)
    temperature_c: Decimal | None = Field(None, ge=30, le=44, decimal_places=1)
    spo2: int | None = Field(None, ge=50, le=100)
    recheck_at: str = ""  # set by the server when a value is out of range: "HH:MM", in the page's words

    @model_validator(mode="after")
    def _consistent(self) -> Vitals:
        if (self.systolic is None) != (self.diastolic is None):
            raise ValueError("give blood pressure as both numbers, systolic and diastolic")
        if self.systolic is not None and self.diastolic is not None and self.diastolic >= self.systolic:
            raise ValueError("the diastolic pressure must be below the systolic")
        if all(v is None for v in (self.systolic, self.heart_rate, self.temperature_c, self.spo2)):
            raise ValueError("give at least one vital sign")
        return self


class Touch(Data):
    kind: Literal["hand_holding", "hand_on_shoulder", "hug", "hands_on_feet", "bodywork"]
    client_said_yes: bool | None = None  # for "ask me first": did the client just say yes?
    consent_number: int | None = Field(None, ge=1, le=1_000_000)  # the agreement the page showed at that second


class Adverse(Data):
    what: Said
    severity: Literal["mild", "moderate", "severe"]
    # Oregon's definition of an adverse behavioural or medical reaction (OAR 333-333-1010): one that needed
    # emergency services or care from a medical provider. Reported to the state.
    needed_medical_care: bool = False
    # Oregon reports behavioural and medical reactions apart (OAR 333-333-1010 (3), (4)).
    reaction: Literal["medical", "behavioural", "both"] = "medical"
    action: Said  # what was done
    outcome: Text = ""
    follow_up: Text = ""


SCHEMAS: dict[str, type[Data]] = {
    "dose": Dose, "words": Words, "emotion": Emotion, "helped": Helped, "music": Music, "note": Note,
    "vitals": Vitals, "touch": Touch, "adverse": Adverse,
}


@dataclass(frozen=True)
class Threshold:
    field: str
    label: str
    low: Decimal | None
    high: Decimal | None


# Alert thresholds: cocreate's defaults for adults at rest, to be set by each practice's clinical lead; a value
# outside them alerts everyone present and asks for a recheck.
THRESHOLDS = (
    Threshold("systolic", "Systolic blood pressure", Decimal(90), Decimal(160)),
    Threshold("diastolic", "Diastolic blood pressure", Decimal(50), Decimal(100)),
    Threshold("heart_rate", "Heart rate", Decimal(50), Decimal(120)),
    Threshold("temperature_c", "Temperature", Decimal("35.5"), Decimal("38.0")),
    Threshold("spo2", "SpO2", Decimal(94), None),
)


def out_of_range(vitals: Vitals) -> list[str]:
    """The readings outside the alert thresholds, in words: "Heart rate 134 (above 120)"."""
    found = []
    for t in THRESHOLDS:
        value: Any = getattr(vitals, t.field)
        if value is None:
            continue
        if t.low is not None and value < t.low:
            found.append(f"{t.label} {value} (below {t.low})")
        elif t.high is not None and value > t.high:
            found.append(f"{t.label} {value} (above {t.high})")
    return found
