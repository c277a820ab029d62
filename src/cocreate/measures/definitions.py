"""The instrument definition format, and loading it from TOML files. Pure Python: no Django here.

A definition file describes one questionnaire: its items and response options, how it is scored (sum or mean,
subscales, reverse-keyed items, the missing-item rule), severity bands, the parameters of the reliable change
index and the clinical cutoff, risk rules, LOINC codes, its licence and its published source. The format is
documented field by field in docs/instruments.md. A malformed file fails loading with the file and the field
named: ``phq9.toml: bands[2].min: ...``.

Besides definition files, a practice's directory may hold wording files (``<key>.wording.toml``): the item
wording of a shipped instrument whose terms do not let cocreate ship it, added by a practice that holds the
licence. See `load_all`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SHIPPED_DIR = Path(__file__).parent / "instruments"
WORDING_SUFFIX = ".wording.toml"


class DefinitionError(Exception):
    """A definition file that cannot be used; the message names the file and the field."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Strict):
    value: int
    label: str = Field(min_length=1)
    loinc: str | None = Field(None, pattern=r"^LA[0-9]+-[0-9]$")  # LOINC's answer code, where LOINC has one


class Item(Strict):
    id: str = Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_]+$")
    text: str | None = None  # None where the licence does not let us ship the wording
    options: tuple[Option, ...] | None = None  # None: the instrument's default options
    # Required items must be answered when they are asked, and they make up the total. An optional item
    # (required = false) may be left out and never counts towards the total.
    required: bool = True
    reverse: bool = False  # reverse-keyed: scored as (lowest + highest - value) of its own options
    loinc: str | None = None
    # Asked only when every named (earlier) item was asked and answered with the given value.
    show_if: dict[str, int] | None = None


class Subscale(Strict):
    key: str = Field(min_length=1, pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)
    items: tuple[str, ...] = Field(min_length=1)
    method: Literal["sum", "mean"] = "sum"
    # With the instrument's missing rule "prorate": the fewest answered items that still give a (prorated)
    # subscale score. None: every asked item of the subscale must be answered.
    min_answered: int | None = Field(None, ge=1)


class Scoring(Strict):
    method: Literal["sum", "mean", "none"] = "sum"  # "none": no total (a screener)
    multiplier: float = Field(1.0, gt=0)  # e.g. WHO-5: raw score x 4 gives a percentage
    # What happens when required items are left unanswered: "invalid" gives no total; "prorate" scales the
    # answered items up to the full length when at least `min_answered` required items are answered.
    missing: Literal["prorate", "invalid"] = "invalid"
    min_answered: int | None = Field(None, ge=1)


class Band(Strict):
    min: float
    max: float
    label: str = Field(min_length=1)
    severity: int = Field(ge=0)  # 0 = none; higher = more severe (or, for higher-is-better scales, lower)
    explanation: str = ""  # plain words for the client


class Change(Strict):
    """The reliable change index (Jacobson & Truax 1991): either a published threshold in points, or the
    reliability and standard deviation it is computed from; the clinical cutoff; response and remission."""

    threshold: float | None = Field(None, gt=0)
    reliability: float | None = Field(None, gt=0, lt=1)
    sd: float | None = Field(None, gt=0)
    # Caseness: for higher-is-worse scales a score at or above it is in the clinical range; for
    # higher-is-better scales a score at or below it is.
    cutoff: float | None = None
    response_drop: float | None = Field(None, gt=0, le=1)  # e.g. 0.5: a 50 % fall from the first score
    response_points: float | None = Field(None, gt=0)  # e.g. PCL-5: 5 points better than the first score
    remission_below: float | None = None
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_way(self) -> Change:
        if self.threshold is None and (self.reliability is None or self.sd is None):
            raise ValueError("give either threshold, or both reliability and sd")
        if self.threshold is not None and (self.reliability is not None or self.sd is not None):
            raise ValueError("give either threshold, or reliability and sd, not both")
        return self


class Risk(Strict):
    """A risk rule: any listed item, when asked, answered above `above`."""

    items: tuple[str, ...] = Field(min_length=1)
    above: int = 0
    reason: str = Field(min_length=1)  # for the care team: what the answer was


class AllianceWatch(Strict):
    """What else the alliance watch flags, for an alliance measure: any answer (as scored) at or below
    `low_at_or_below` raises an alliance flag naming the item, besides a fall from the client's own baseline."""

    low_at_or_below: int | None = None


class Source(Strict):
    citation: str = Field(min_length=1)
    url: str = ""


class Licence(Strict):
    name: str = Field(min_length=1)
    # True: the definition carries the item wording. False: the wording is left out (the terms do not let it
    # be shipped); a practice that holds the licence adds it with a wording file.
    items_shipped: bool
    terms: str = ""
    wording: str = ""  # set when a practice's wording file supplied the wording: the licence it holds


class Loinc(Strict):
    panel: str | None = None
    total: str | None = None


class Instrument(Strict):
    key: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    version: str = "1"
    title: str = Field(min_length=1)
    short_title: str = Field(min_length=1, max_length=30)
    about: str = ""  # one plain sentence for the client: what it asks about
    stem: str = ""  # the instruction shown above the items
    higher_is: Literal["worse", "better"] = "worse"
    # True for a measure of the working alliance (WAI-SR, a practice's SRS): a fall is an alliance flag, not a
    # deterioration, and the client is thanked for the feedback rather than shown a score.
    alliance: bool = False
    # Optional, for an alliance measure: answers low enough to flag on their own (session feedback: 4 of 10).
    alliance_watch: AllianceWatch | None = None
    options: tuple[Option, ...] = ()
    items: tuple[Item, ...] = Field(min_length=1)
    scoring: Scoring = Scoring()
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    change: Change | None = None
    risk: tuple[Risk, ...] = ()
    loinc: Loinc = Loinc()
    licence: Licence
    source: Source

    def options_of(self, item: Item) -> tuple[Option, ...]:
        return item.options or self.options

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def scored(self) -> bool:
        return self.scoring.method != "none"

    def score_range(self) -> tuple[float, float] | None:
        """The lowest and highest total the instrument can give (None for a screener without a total)."""
        if not self.scored:
            return None
        low, high, _step = _raw_range(self)
        m = self.scoring.multiplier
        return low * m, high * m

    def possible_totals(self) -> list[float]:
        """Every total `scoring.score` can give, prorated totals included: whole raw points times the
        multiplier for sum scoring, means to two decimals (times the multiplier) for mean scoring."""
        if not self.scored:
            return []
        low, high, step = _raw_range(self)
        count = round((high - low) / step)
        m = self.scoring.multiplier
        return sorted({round(round(low + k * step, 2) * m, 2) for k in range(count + 1)})

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        problems = _problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _raw_range(instrument: Instrument) -> tuple[float, float, float]:
    """Lowest and highest raw total (before the multiplier) and the step between possible totals."""
    mean = instrument.scoring.method == "mean"
    lows, highs = [], []
    for item in (i for i in instrument.items if i.required):
        values = [o.value for o in instrument.options_of(item)]
        low, high = min(values), max(values)
        if item.show_if and not mean:  # a follow-up that is not asked adds nothing to a sum
            low, high = min(low, 0), max(high, 0)
        lows.append(low)
        highs.append(high)
    if mean:
        return float(min(lows)), float(max(highs)), 0.01
    return float(sum(lows)), float(sum(highs)), 1.0


def _problems(instrument: Instrument) -> list[str]:
    """Every inconsistency in a definition, each as 'field: problem'."""
    problems: list[str] = []
    ids = [i.id for i in instrument.items]
    seen: set[str] = set()
    for n, item in enumerate(instrument.items):
        where = f"items[{n}]"
        if item.id in seen:
            problems.append(f"{where}.id: item id {item.id!r} is used twice")
        options = instrument.options_of(item)
        if not options:
            problems.append(f"{where}.options: item {item.id} has no options and the instrument has no default "
                            "options")
        values = [o.value for o in options]
        if len(set(values)) != len(values):
            problems.append(f"{where}.options: item {item.id} has two options with the same value")
        if instrument.licence.items_shipped and not item.text:
            problems.append(f"{where}.text: item {item.id} has no text although licence.items_shipped is true")
        if not instrument.licence.items_shipped and item.text:
            problems.append(f"{where}.text: item {item.id} has text although licence.items_shipped is false "
                            "(the wording may not be shipped)")
        for other, value in (item.show_if or {}).items():
            if other not in seen:
                problems.append(f"{where}.show_if: item {item.id} depends on {other!r}, which is not an earlier "
                                "item")
                continue
            earlier = instrument.item(other)
            if earlier is not None and value not in {o.value for o in instrument.options_of(earlier)}:
                problems.append(f"{where}.show_if: {value} is not one of the answers to item {other}")
        seen.add(item.id)

    known = set(ids)
    keys = [s.key for s in instrument.subscales]
    for n, sub in enumerate(instrument.subscales):
        unknown = [i for i in sub.items if i not in known]
        if unknown:
            problems.append(f"subscales[{n}].items: unknown item ids {unknown}")
        if len(set(sub.items)) != len(sub.items):
            problems.append(f"subscales[{n}].items: an item is listed twice")
        if keys.count(sub.key) > 1:
            problems.append(f"subscales[{n}].key: subscale key {sub.key!r} is used twice")
        if sub.min_answered is not None and sub.min_answered > len(sub.items):
            problems.append(f"subscales[{n}].min_answered: more than the {len(sub.items)} items of the subscale")
    for n, risk in enumerate(instrument.risk):
        for item_id in risk.items:
            listed = instrument.item(item_id)
            if listed is None:
                problems.append(f"risk[{n}].items: unknown item id {item_id!r}")
            elif (options := instrument.options_of(listed)) and risk.above >= max(o.value for o in options):
                problems.append(f"risk[{n}].above: no answer to item {item_id} is above {risk.above}")

    problems += _watch_problems(instrument)

    rule = instrument.scoring
    required = [i for i in instrument.items if i.required]
    if not required:
        problems.append("items: at least one item must be required")
    if rule.missing == "prorate":
        if rule.method == "none":
            problems.append("scoring.missing: an instrument without a total cannot prorate")
        elif rule.min_answered is None:
            problems.append("scoring.min_answered: give the fewest answered items that may be prorated")
        elif rule.min_answered >= len(required):
            problems.append(f"scoring.min_answered: must be below the {len(required)} required items to prorate")
    elif rule.min_answered is not None and rule.min_answered != len(required):
        problems.append('scoring.min_answered: with missing = "invalid" every required item must be answered; '
                        'leave min_answered out or use missing = "prorate"')
    for n, sub in enumerate(instrument.subscales):
        if sub.min_answered is not None and sub.min_answered < len(sub.items) and rule.missing != "prorate":
            problems.append(f'subscales[{n}].min_answered: prorating a subscale needs scoring.missing = "prorate"')

    if not instrument.scored:
        if instrument.bands:
            problems.append("bands: an instrument without a total (scoring.method = \"none\") has no bands")
        if instrument.change is not None:
            problems.append("change: an instrument without a total (scoring.method = \"none\") has no change")
    if problems:
        return problems  # the ranges below assume the items are sound
    problems += _band_problems(instrument)
    if instrument.change is not None and instrument.change.cutoff is not None:
        low, high = instrument.score_range() or (0.0, 0.0)
        if not low <= instrument.change.cutoff <= high:
            problems.append(f"change.cutoff: {instrument.change.cutoff} is outside the possible scores "
                            f"{low:g} to {high:g}")
    return problems


def _watch_problems(instrument: Instrument) -> list[str]:
    """An alliance watch belongs to an alliance measure whose higher answers are better, and its threshold lies
    within every item's answers: some answer is low, and some is not."""
    watch = instrument.alliance_watch
    if watch is None:
        return []
    if not instrument.alliance:
        return ["alliance_watch: only an alliance measure (alliance = true) has an alliance watch"]
    if instrument.higher_is != "better":
        return ['alliance_watch: low answers are flagged only where higher is better (higher_is = "better")']
    if watch.low_at_or_below is None:
        return []
    problems = []
    for n, item in enumerate(instrument.items):
        values = [o.value for o in instrument.options_of(item)]
        if values and not min(values) <= watch.low_at_or_below < max(values):
            problems.append(f"alliance_watch.low_at_or_below: {watch.low_at_or_below} must be at least the lowest "
                            f"answer and below the highest answer of every item (items[{n}] goes from "
                            f"{min(values)} to {max(values)})")
            break
    return problems


def _band_problems(instrument: Instrument) -> list[str]:
    """Bands may not overlap, and every possible total falls in exactly one band (no gaps)."""
    if not instrument.bands:
        return []
    problems: list[str] = []
    for n, band in enumerate(instrument.bands):
        if band.min > band.max:
            problems.append(f"bands[{n}].max: below its min")
    ordered = sorted(instrument.bands, key=lambda b: b.min)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.max >= after.min:
            problems.append(f"bands: {before.label!r} and {after.label!r} overlap")
    if problems:
        return problems
    totals = instrument.possible_totals()
    eps = 1e-9
    uncovered = [t for t in totals if not any(b.min - eps <= t <= b.max + eps for b in instrument.bands)]
    if uncovered:
        shown = ", ".join(f"{t:g}" for t in uncovered[:5]) + (" ..." if len(uncovered) > 5 else "")
        problems.append(f"bands: the possible scores {shown} fall in no band")
    for n, band in enumerate(instrument.bands):
        if not any(band.min - eps <= t <= band.max + eps for t in totals):
            problems.append(f"bands[{n}]: {band.label!r} holds no possible score")
    return problems


class Wording(Strict):
    """A practice's wording file: the wording of a shipped instrument that is shipped without it."""

    key: str = Field(min_length=1)
    licence: str = Field(min_length=1)  # what licence or permission the practice holds for this wording
    stem: str | None = None
    items: dict[str, str]
    options: dict[int, str] = {}  # answer labels by value (the instrument's default options)


def _where(loc: Iterable[object]) -> str:
    """A pydantic location as a reader of the file would write it: items[3].options."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(error: Any) -> str:
    msg = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    where = _where(error["loc"])
    return f"{where}: {msg}" if where else msg  # a whole-definition check names its own fields


def parse(data: dict[str, object], origin: str) -> Instrument:
    try:
        return Instrument.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(e) for e in exc.errors())
        raise DefinitionError(f"{origin}: {problems}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{path}: not valid TOML ({exc})") from None


def load_file(path: Path) -> Instrument:
    instrument = parse(_read_toml(path), str(path))
    if path.stem != instrument.key:
        raise DefinitionError(f"{path}: key: {instrument.key!r} must match the file name ({path.stem!r})")
    return instrument


def _definition_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.toml") if not p.name.endswith(WORDING_SUFFIX))


def load_dir(directory: Path) -> dict[str, Instrument]:
    """The definition files in a directory, by key (wording files are left to `load_all`)."""
    return {i.key: i for i in (load_file(p) for p in _definition_files(directory))}


def apply_wording(instrument: Instrument, path: Path) -> Instrument:
    """The instrument with the wording from a practice's wording file; refused unless it gives the text of
    every item, and only for an instrument shipped without its wording."""
    data = _read_toml(path)
    try:
        wording = Wording.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(f"{path}: " + "; ".join(_describe(e) for e in exc.errors())) from None
    expected = path.name.removesuffix(WORDING_SUFFIX)
    if wording.key != expected:
        raise DefinitionError(f"{path}: key: {wording.key!r} must match the file name ({expected!r})")
    if instrument.licence.items_shipped:
        raise DefinitionError(f"{path}: key: {instrument.key!r} already carries its wording")
    ids = [i.id for i in instrument.items]
    missing = [i for i in ids if i not in wording.items]
    unknown = [i for i in wording.items if i not in ids]
    if missing or unknown:
        parts = ([f"no text for items {missing}"] if missing else []) + (
            [f"{unknown} are not items of {instrument.key}"] if unknown else [])
        raise DefinitionError(f"{path}: items: " + "; ".join(parts))
    values = {o.value for o in instrument.options}
    stray = [v for v in wording.options if v not in values]
    if stray:
        raise DefinitionError(f"{path}: options: {stray} are not answer values of {instrument.key}")
    merged = instrument.model_dump()
    for item in merged["items"]:
        item["text"] = wording.items[item["id"]]
    merged["options"] = [{**o, "label": wording.options.get(o["value"], o["label"])} for o in merged["options"]]
    if wording.stem is not None:
        merged["stem"] = wording.stem
    merged["licence"] = {**merged["licence"], "items_shipped": True, "wording": wording.licence}
    return parse(merged, str(path))


def load_all(extra_dir: Path | None = None) -> dict[str, Instrument]:
    """The shipped instruments, then a practice's own: its definition files (which may not replace a shipped
    one) and its wording files (``<key>.wording.toml``, the licensed wording of an instrument shipped
    without it)."""
    instruments = load_dir(SHIPPED_DIR)
    if extra_dir is None:
        return instruments
    if not extra_dir.is_dir():
        raise DefinitionError(f"{extra_dir}: not a directory (COCREATE_INSTRUMENTS_DIR)")
    for key, instrument in load_dir(extra_dir).items():
        if key in instruments:
            raise DefinitionError(f"{extra_dir / (key + '.toml')}: key: {key!r} is a shipped instrument; give "
                                  f"your definition another key, or add licensed wording as {key}{WORDING_SUFFIX}")
        instruments[key] = instrument
    for path in sorted(extra_dir.glob("*" + WORDING_SUFFIX)):
        key = path.name.removesuffix(WORDING_SUFFIX)
        if key not in instruments:
            raise DefinitionError(f"{path}: key: {key!r} is not an instrument")
        instruments[key] = apply_wording(instruments[key], path)
    return instruments
