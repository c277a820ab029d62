"""The ranking rule of the public page's matching, pure (no Django): what a person asked for against what each
facilitator lists, with every reason met and not met.

The rule: each facilitator gets one point per thing asked for that they meet (each language, each modality, each
time of week, the fee tier, each word about identity or lived experience). They are ordered by points, most first,
then by name; those taking no new clients come after everyone who is, in the same order among themselves. Nobody is
left out, and every reason is given, met or not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Free-text lists ("Portuguese, English and Spanish", "IFS; EMDR / somatic therapy") are split on these.
_SEPARATORS = re.compile(r"\s*(?:,|;|/|\band\b|\n)\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
# Words too common to say anything about a person; shorter than two letters are ignored too.
STOPWORDS = frozenset({"and", "or", "the", "of", "an", "in", "on", "with", "who", "is", "am", "my", "to", "for",
                       "me", "someone", "person", "are", "be", "as", "at", "by", "it", "that", "this"})
WORDS_MAX = 10  # at most this many words count; more are ignored


def split_terms(text: str) -> list[str]:
    """"Portuguese, English and Spanish" -> ["Portuguese", "English", "Spanish"]: trimmed, empty parts dropped,
    the first spelling of each (compared case-insensitively) kept."""
    seen: dict[str, str] = {}
    for part in _SEPARATORS.split(text or ""):
        part = part.strip(" .\t")
        if part and part.casefold() not in seen:
            seen[part.casefold()] = part
    return list(seen.values())


def words_of(text: str) -> list[str]:
    """The words of what a person typed, lower-cased, without stopwords or one-letter words, at most WORDS_MAX."""
    found: list[str] = []
    for word in _WORD.findall((text or "").casefold()):
        if len(word) > 1 and word not in STOPWORDS and word not in found:
            found.append(word)
    return found[:WORDS_MAX]


def _has_word(text: str, word: str) -> bool:
    return word in set(_WORD.findall(text.casefold()))


@dataclass(frozen=True)
class Wish:
    """What matters to the person: each may be empty."""

    languages: Sequence[str] = ()
    modalities: Sequence[str] = ()
    times: Sequence[str] = ()
    tier: int | None = None
    words: str = ""

    @property
    def empty(self) -> bool:
        return not (self.languages or self.modalities or self.times or self.tier is not None or words_of(self.words))


@dataclass(frozen=True)
class Candidate:
    key: int
    name: str
    languages: Sequence[str] = ()
    modalities: Sequence[str] = ()
    times: Iterable[str] = ()
    tiers: Iterable[int] = ()
    own_words: str = ""  # positionality and lived experience, in their words
    taking_clients: bool = True


@dataclass(frozen=True)
class Reason:
    """One thing asked for: `kind` is language, modality, time, tier or word; `value` what was asked; `met`."""

    kind: str
    value: str | int
    met: bool


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    points: int
    reasons: list[Reason] = field(default_factory=list)

    @property
    def met(self) -> list[Reason]:
        return [r for r in self.reasons if r.met]

    @property
    def unmet(self) -> list[Reason]:
        return [r for r in self.reasons if not r.met]


def reasons_for(candidate: Candidate, wish: Wish) -> list[Reason]:
    """Every thing asked for, in the order asked, each met or not by this candidate."""
    languages = {term.casefold() for term in candidate.languages}
    modalities = {term.casefold() for term in candidate.modalities}
    times, tiers = set(candidate.times), set(candidate.tiers)
    reasons = [Reason("language", v, v.casefold() in languages) for v in _unique(wish.languages)]
    reasons += [Reason("modality", v, v.casefold() in modalities) for v in _unique(wish.modalities)]
    reasons += [Reason("time", v, v in times) for v in _unique(wish.times)]
    if wish.tier is not None:
        reasons.append(Reason("tier", wish.tier, wish.tier in tiers))
    reasons += [Reason("word", w, _has_word(candidate.own_words, w)) for w in words_of(wish.words)]
    return reasons


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        value = value.strip()
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())


def rank(candidates: Iterable[Candidate], wish: Wish) -> list[Ranked]:
    """Everyone, ordered: taking new clients first; then most points; then name (case-insensitive); then key."""
    ranked = []
    for candidate in candidates:
        reasons = reasons_for(candidate, wish)
        ranked.append(Ranked(candidate, sum(1 for r in reasons if r.met), reasons))
    return sorted(ranked, key=lambda r: (not r.candidate.taking_clients, -r.points, r.candidate.name.casefold(),
                                         r.candidate.key))
