"""An entry in words, as the timeline shows it to the care team and, afterwards, to the client."""

from __future__ import annotations

from typing import Any

from cocreate.medicine.consent import WORDS

NAMES = {
    "calm": "calm", "joy": "joy", "grief": "grief", "fear": "fear", "anger": "anger", "awe": "awe", "love": "love",
    "confusion": "confusion", "relief": "relief", "sadness": "sadness", "breath": "breathing",
    "music_change": "a change of music", "eyeshade_off": "eyeshade off", "walk": "a short walk", "water": "water",
    "break": "a break", "grounding_words": "grounding words", "blanket": "a blanket",
}
LEVELS = {"yes": "consent: yes", "ask_first": "consent: ask first", "no": "consent: no"}


def _listed(keys: Any, text: str) -> str:
    words = [NAMES.get(str(k), str(k)) for k in keys or ()]
    return ", ".join([*words, text] if text else words)


def describe(kind: str, data: dict[str, Any], *, to_client: bool = False) -> str:  # noqa: C901 - a line per kind
    """The entry in words; `to_client` addresses the client as "you" where the line speaks of them."""
    if kind == "dose":
        extra = " · ".join(x for x in (data.get("product", ""), data.get("lot", ""), data.get("source", "")) if x)
        what = "Supplemental dose" if data.get("supplemental") else "Dose"
        return f"{what}: {data['substance']} {data['amount']} {data['unit']}, {data['route']}" + (
            f" ({extra})" if extra else "")
    if kind == "words":
        return f"“{data['said']}”"
    if kind == "emotion":
        return "Feeling: " + _listed(data.get("emotions"), data.get("text", ""))
    if kind == "helped":
        return "What helped: " + _listed(data.get("what"), data.get("text", ""))
    if kind == "music":
        return f"Music: {data['text']}"
    if kind == "note":
        return str(data["text"])
    if kind == "vitals":
        parts = []
        if data.get("systolic") is not None:
            parts.append(f"BP {data['systolic']}/{data['diastolic']}")
        if data.get("heart_rate") is not None:
            parts.append(f"HR {data['heart_rate']}")
        if data.get("temperature_c") is not None:
            parts.append(f"Temp {data['temperature_c']} °C")
        if data.get("spo2") is not None:
            parts.append(f"SpO2 {data['spo2']}%")
        line = "Vital signs: " + ", ".join(parts)
        if data.get("out_of_range"):
            line += " — out of range: " + "; ".join(data["out_of_range"]) + ". Recheck due."
        return line
    if kind == "touch":
        touch = WORDS.get(data["kind"], data["kind"])
        if data.get("client_said_yes") is False:
            who = "you" if to_client else "the client"
            return f"Touch offered ({touch}); {who} said no, so none was given"
        asked = ((" — you were asked and said yes" if to_client else " — the client was asked and said yes")
                 if data.get("client_said_yes") else "")
        return f"Touch: {touch} ({LEVELS.get(data.get('consent', ''), '')}){asked}"
    if kind == "adverse":
        care = " — needed emergency services or medical care" if data.get("needed_medical_care") else ""
        reaction = {"medical": "medical", "behavioural": "behavioural", "both": "medical and behavioural"}.get(
            data.get("reaction", "medical"), "medical")
        return f"Adverse event ({reaction}, {data['severity']}{care}): {data['what']}. Done: {data['action']}" + (
            f". Outcome: {data['outcome']}" if data.get("outcome") else "")
    return str(data)
