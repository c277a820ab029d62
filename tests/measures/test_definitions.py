"""Definition files are checked when they load: a malformed one fails with the file and the field named."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocreate.measures.definitions import DefinitionError, load_all, load_dir, load_file, parse

GOOD = """\
key = "mood"
title = "A mood check"
short_title = "Mood"
options = [{ value = 0, label = "No" }, { value = 1, label = "Sometimes" }, { value = 2, label = "Often" }]
items = [
  { id = "a", text = "Felt low?" },
  { id = "b", text = "Felt tense?" },
  { id = "c", text = "Slept badly?" },
]

[[bands]]
min = 0
max = 2
label = "Low"
severity = 0

[[bands]]
min = 3
max = 6
label = "High"
severity = 1

[change]
threshold = 2
cutoff = 3
source = "Made up for a test."

[licence]
name = "Test"
items_shipped = true

[source]
citation = "Nobody 2024."
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(DefinitionError) as caught:
        load_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), "the message names the file"
    return message


def test_a_good_definition_loads(tmp_path: Path) -> None:
    instrument = load_file(write(tmp_path, "mood.toml", GOOD))
    assert instrument.key == "mood" and [i.id for i in instrument.items] == ["a", "b", "c"]
    assert instrument.score_range() == (0.0, 6.0)


CASES: dict[str, tuple[str, str, str]] = {
    # name: (old text, new text, what the message must name)
    "missing key": ('title = "A mood check"\n', "", "title: Field required"),
    "unknown field": ('short_title = "Mood"\n', 'short_title = "Mood"\ncolour = "blue"\n',
                      "colour: Extra inputs are not permitted"),
    "unknown item field": ('{ id = "b", text = "Felt tense?" }', '{ id = "b", text = "Felt tense?", weight = 2 }',
                           "items[1].weight: Extra inputs are not permitted"),
    "duplicate item ids": ('{ id = "c", text', '{ id = "a", text', "items[2].id: item id 'a' is used twice"),
    "overlapping bands": ("min = 3\nmax = 6", "min = 2\nmax = 6", "bands: 'Low' and 'High' overlap"),
    "a gap between bands": ("min = 3\nmax = 6", "min = 4\nmax = 6", "bands: the possible scores 3 fall in no band"),
    "a band outside the range": ("severity = 1\n", 'severity = 1\n\n[[bands]]\nmin = 7\nmax = 9\nlabel = "Beyond"\n'
                                 "severity = 2\n", "bands[2]: 'Beyond' holds no possible score"),
    "item text missing while shipped": ('{ id = "b", text = "Felt tense?" }', '{ id = "b" }',
                                        "items[1].text: item b has no text although licence.items_shipped is true"),
    "item text present while not shipped": ("items_shipped = true", "items_shipped = false",
                                            "items[0].text: item a has text although licence.items_shipped is false"),
    "wrong type": ("threshold = 2", 'threshold = "two"', "change.threshold: Input should be a valid number"),
    "change without its parameters": ("threshold = 2\n", "", "change: give either threshold, or both reliability"),
    "cutoff outside the range": ("cutoff = 3", "cutoff = 30", "change.cutoff: 30.0 is outside the possible scores"),
    "follow-up on a later item": ('{ id = "a", text = "Felt low?" }', '{ id = "a", text = "Felt low?", show_if = '
                                  '{ "c" = 1 } }', "items[0].show_if: item a depends on 'c', which is not an earlier"),
    "follow-up on an impossible answer": ('{ id = "c", text = "Slept badly?" }', '{ id = "c", text = "Slept badly?",'
                                          ' show_if = { "a" = 7 } }', "items[2].show_if: 7 is not one of the answers"),
    "prorating without a minimum": ("[change]", '[scoring]\nmissing = "prorate"\n\n[change]',
                                    "scoring.min_answered: give the fewest answered items"),
    "a risk rule that cannot fire": ("[licence]", '[[risk]]\nitems = ["a"]\nabove = 2\nreason = "x"\n\n[licence]',
                                     "risk[0].above: no answer to item a is above 2"),
    "a risk rule on an unknown item": ("[licence]", '[[risk]]\nitems = ["z"]\nreason = "x"\n\n[licence]',
                                       "risk[0].items: unknown item id 'z'"),
    "a subscale of unknown items": ("[change]", '[[subscales]]\nkey = "s"\nlabel = "S"\nitems = ["a", "q"]\n\n'
                                    "[change]", "subscales[0].items: unknown item ids ['q']"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_definition_names_the_file_and_the_field(tmp_path: Path, case: str) -> None:
    old, new, expected = CASES[case]
    assert old in GOOD, "the case edits the good definition"
    message = refused(write(tmp_path, "mood.toml", GOOD.replace(old, new, 1)))
    assert expected in message


def test_bad_toml_syntax_is_reported_with_the_line(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "mood.toml", GOOD.replace('title = "A mood check"', 'title = "A mood check')))
    assert "not valid TOML" in message and "line 2" in message


def test_the_key_must_match_the_file_name(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "moods.toml", GOOD))
    assert "key: 'mood' must match the file name ('moods')" in message


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    text = GOOD.replace('{ id = "c", text', '{ id = "a", text').replace(
        "[licence]", '[[risk]]\nitems = ["z"]\nreason = "x"\n\n[licence]')
    message = refused(write(tmp_path, "mood.toml", text))
    assert message.endswith("items[2].id: item id 'a' is used twice; risk[0].items: unknown item id 'z'")


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "mood.toml"
    path.write_bytes(b"\xff\xfe not utf-8")
    assert "cannot be read" in refused(path)


def test_a_directory_loads_every_definition_but_leaves_wording_files_alone(tmp_path: Path) -> None:
    write(tmp_path, "mood.toml", GOOD)
    write(tmp_path, "mood.wording.toml", "not even toml =")
    assert list(load_dir(tmp_path)) == ["mood"]


def test_a_missing_practice_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="not a directory"):
        load_all(tmp_path / "nowhere")


def test_parse_names_its_origin() -> None:
    with pytest.raises(DefinitionError, match=r"^from the API: key: Field required"):
        parse({"title": "T"}, "from the API")
