"""A kind's schema seen as form fields: parsing a posted form, errors by form name, differences, showing content."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from pydantic import ValidationError as PydanticError

from cocreate.agreements.fields import diff, errors_by_name, errors_by_path, parse, shown, specs, with_choices
from cocreate.agreements.kinds import KINDS, IntentionsContent, SettingContent, TouchConsentContent
from tests.agreements.helpers import querydict_of, sample

INTENTIONS = specs(IntentionsContent)
TOUCH = specs(TouchConsentContent)


def _posted(**pairs: Any) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in pairs.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def _errors(schema: Any, content: dict[str, Any]) -> PydanticError:
    with pytest.raises(PydanticError) as caught:
        schema.model_validate(content)
    return caught.value


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_round_trips_through_its_form(kind: str) -> None:
    spec = KINDS[kind]
    fields = specs(spec.schema)
    content = spec.schema.model_validate(sample(fields)).model_dump(mode="json")
    assert content, kind

    parsed = parse(fields, querydict_of(fields, content))

    assert spec.schema.model_validate(parsed) == spec.schema.model_validate(content)
    assert spec.schema.model_validate(parsed).model_dump(mode="json") == content


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_shows_each_value_it_holds(kind: str) -> None:
    fields = specs(KINDS[kind].schema)
    content = KINDS[kind].schema.model_validate(sample(fields, seed=1)).model_dump(mode="json")
    for item in shown(fields, content):
        if item.spec.is_group:
            assert [[cell.value for cell in row] for row in item.rows] == [
                [row[c.name] for c in item.spec.children] for row in content[item.name]]
        else:
            assert item.value == content[item.name], item.name


def test_parse_drops_blank_group_rows_and_renumbers_the_rest() -> None:
    data = _posted(**{
        "goals-0-words": "Sleep through the night", "goals-0-status": "open",
        "goals-1-words": "   ", "goals-1-why": "", "goals-1-status": "reached",  # a choice alone is not a row
        "goals-7-words": "Call my sister", "goals-7-why": "We lost touch", "goals-7-status": "open",
        "session_intentions-2-session_id": "", "session_intentions-2-intention": "Meet the fear",
        "session_intentions-3-session_id": "12", "session_intentions-3-intention": "",
    })

    content = parse(INTENTIONS, data)

    assert [g["words"] for g in content["goals"]] == ["Sleep through the night", "Call my sister"]
    assert content["goals"][1]["why"] == "We lost touch"
    assert content["session_intentions"] == [{"session_id": None, "intention": "Meet the fear"}]
    model = IntentionsContent.model_validate(content)
    assert [g.words for g in model.goals] == ["Sleep through the night", "Call my sister"]


def test_parse_reads_numbers_choices_and_checkboxes() -> None:
    data = _posted(**{"sensory_items": ["eye_shades", "blankets"], "music_chooser": "client", "seating": "Mat",
                      "topics-0-topic": "My father", "topics-0-guideline": "ask_first"})
    content = parse(specs(SettingContent), data)
    assert content["sensory_items"] == ["eye_shades", "blankets"]
    assert content["music_chooser"] == "client"
    assert content["topics"] == [{"topic": "My father", "guideline": "ask_first"}]
    assert content["decor"] == ""  # a field not posted reads as empty, not missing

    numbers = parse(INTENTIONS, _posted(**{"session_intentions-0-session_id": " 31 ",
                                           "session_intentions-0-intention": "Rest",
                                           "session_intentions-1-session_id": "x1",
                                           "session_intentions-1-intention": "Play"}))
    assert [s["session_id"] for s in numbers["session_intentions"]] == [31, "x1"]  # "x1" is left for the schema
    assert "session_intentions-1-session_id" in errors_by_name(_errors(IntentionsContent, numbers))


def test_parse_reads_no_more_rows_than_a_group_holds() -> None:
    data = _posted(**{f"goals-{i}-words": f"goal {i}" for i in range(40)})
    goals = parse(INTENTIONS, data)["goals"]
    assert len(goals) == 32  # 30 allowed, and the two blank rows a form shows: the schema says "at most 30"
    assert errors_by_name(_errors(IntentionsContent, {"goals": goals})) == {"goals": ["At most 30."]}


def test_errors_by_name_maps_each_location_to_its_form_name() -> None:
    errors = errors_by_name(_errors(IntentionsContent, {"goals": [{"words": "ok"}, {"words": " ", "status": "x"}]}))
    assert errors == {"goals-1-words": ["Fill this in."], "goals-1-status": ["Choose one of the options."]}

    whole = errors_by_name(_errors(IntentionsContent, {"goals": [], "session_intentions": []}))
    assert whole == {"__all__": ["Write at least one goal or intention."]}

    touch = errors_by_name(_errors(TouchConsentContent, {"hug": "maybe", "notes": "n" * 4001, "colour": "red"}))
    assert touch == {
        "hug": ["Choose one of the options."],
        "stop_signal": ["Fill this in."],
        "notes": ["Keep this under 4000 characters."],
        "colour": ["This field is not part of the document."],
    }


def test_errors_by_path_uses_dotted_paths() -> None:
    errors = errors_by_path(_errors(IntentionsContent, {"goals": [{"words": ""}]}))
    assert errors == {"goals.0.words": ["Fill this in."]}
    assert errors_by_path(_errors(IntentionsContent, {})) == {"__all__": ["Write at least one goal or intention."]}


def test_shown_keeps_what_was_typed_beside_its_errors() -> None:
    data = _posted(**{"goals-0-words": "", "goals-0-why": "Because I am tired", "goals-0-status": "open",
                      "hug": "yes"})
    content = parse(INTENTIONS, data)
    errors = errors_by_name(_errors(IntentionsContent, content))

    items = {item.name: item for item in shown(INTENTIONS, content, errors, blank_rows=2)}

    goals = items["goals"]
    assert len(goals.rows) == 3  # the row typed, then two blank rows to add more
    words, why = goals.rows[0][0], goals.rows[0][1]
    assert (words.name, words.value, words.errors) == ("goals-0-words", "", ["Fill this in."])
    assert (why.name, why.value, why.errors) == ("goals-0-why", "Because I am tired", [])
    assert all(cell.value == "" for cell in goals.rows[2])

    touch = {item.name: item for item in shown(TOUCH, {"stop_signal": "  ", "notes": "Only my hands"},
                                               {"stop_signal": ["Fill this in."]})}
    assert touch["notes"].value == "Only my hands"
    assert touch["stop_signal"].errors == ["Fill this in."]
    assert touch["notes"].errors == []


def test_shown_collects_errors_about_a_group_as_a_whole() -> None:
    items = {item.name: item for item in shown(INTENTIONS, {"goals": []},
                                               {"goals": ["At most 30."], "goals-3": ["Not valid."]})}
    assert items["goals"].errors == ["At most 30.", "Not valid."]
    assert items["goals"].is_empty


def test_shown_displays_choices_by_their_labels() -> None:
    items = {item.name: item for item in shown(specs(SettingContent), {
        "sensory_items": ["eye_shades", "weighted_blanket"], "music_chooser": "together", "lighting": ""})}
    assert items["sensory_items"].display == "Eye shades, Weighted blanket"
    assert items["music_chooser"].display == "We choose together"
    assert items["lighting"].is_empty


def test_diff_reports_added_changed_and_removed_fields_with_their_labels() -> None:
    before = {"goals": [{"words": "Sleep", "why": "Tired", "status": "open"},
                        {"words": "Run", "why": "", "status": "open"}]}
    after = {"goals": [{"words": "Sleep well", "why": "", "status": "progressing"}],
             "session_intentions": [{"session_id": None, "intention": "Meet the fear"}]}

    changes = {c.path: c for c in diff(INTENTIONS, before, after)}

    assert {p: (c.kind, c.label, c.before, c.after) for p, c in changes.items()} == {
        "goals.0.words": ("changed", "Goals 1 · The goal, in the client's words", "Sleep", "Sleep well"),
        "goals.0.status": ("changed", "Goals 1 · Where it stands", "Just begun", "Moving"),
        "goals.0.why": ("removed", "Goals 1 · Why it matters", "Tired", ""),
        "goals.1.words": ("removed", "Goals 2 · The goal, in the client's words", "Run", ""),
        "goals.1.status": ("removed", "Goals 2 · Where it stands", "Just begun", ""),
        "session_intentions.0.intention": ("added", "Intentions for a medicine session 1 · Intention", "",
                                           "Meet the fear"),
    }


def test_diff_of_a_new_document_lists_every_field_as_added() -> None:
    changes = diff(TOUCH, None, {"hug": "ask_first", "hand_holding": "no", "stop_signal": "Red card"})
    assert [(c.path, c.kind, c.after) for c in changes] == [
        ("hand_holding", "added", "No"), ("hug", "added", "Ask me first"), ("stop_signal", "added", "Red card")]
    assert diff(TOUCH, {"hug": "yes"}, {"hug": "yes"}) == []


def test_with_choices_gives_free_fields_their_options() -> None:
    filled = with_choices(INTENTIONS, {"session_id": [("", "—"), ("5", "2030-01-01 10:00")]})
    session_id = next(s for s in filled if s.name == "session_intentions").children[0]
    assert session_id.widget == "number-select"
    assert session_id.label_of("5") == "2030-01-01 10:00"
