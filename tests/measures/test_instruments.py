"""The shipped instruments: each loads, carries its published structure, source and terms; a practice's own
definitions and licensed wording are added from its directory, never over a shipped instrument."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cocreate.measures.definitions import SHIPPED_DIR, DefinitionError, Instrument, load_all, load_dir, load_file
from cocreate.measures.scoring import score

DOCS = Path(__file__).resolve().parents[2] / "docs" / "instruments.md"
EXPECTED = {"phq9", "gad7", "pcl5", "cssrs_screener", "who5", "wai_sr", "session_feedback"}


def shipped(key: str) -> Instrument:
    return load_dir(SHIPPED_DIR)[key]


@pytest.mark.parametrize("path", sorted(SHIPPED_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_definition_loads_and_cites_its_source_and_terms(path: Path) -> None:
    instrument = load_file(path)
    assert instrument.source.citation and instrument.licence.name and instrument.licence.terms
    header = path.read_text(encoding="utf-8").split("\nkey = ")[0]
    assert "Source" in header and "Terms of use" in header, "the header comment cites source and terms"
    if instrument.change is not None:
        assert instrument.change.source
    if instrument.licence.items_shipped:
        assert all(i.text for i in instrument.items)
    else:
        assert not any(i.text for i in instrument.items)


def test_the_issue_s_instruments_are_all_shipped() -> None:
    assert set(load_all()) == EXPECTED


@pytest.mark.parametrize(("key", "items", "low", "high", "higher_is"), [
    ("phq9", 9, 0, 27, "worse"),
    ("gad7", 7, 0, 21, "worse"),
    ("pcl5", 20, 0, 80, "worse"),
    ("who5", 5, 0, 100, "better"),
    ("wai_sr", 12, 12, 60, "better"),
])
def test_published_structure(key: str, items: int, low: float, high: float, higher_is: str) -> None:
    instrument = shipped(key)
    assert len(instrument.items) == items and all(i.required for i in instrument.items)
    assert instrument.score_range() == (low, high) and instrument.higher_is == higher_is
    # PHQ-9 and GAD-7 are prorated with at most two items left out (NHS Data Dictionary); the others need all.
    prorate = {"phq9": 7, "gad7": 5}
    assert instrument.scoring.missing == ("prorate" if key in prorate else "invalid")
    assert instrument.scoring.min_answered == prorate.get(key)


def test_loinc_codes_are_the_checked_ones() -> None:
    phq9, gad7, cssrs = shipped("phq9"), shipped("gad7"), shipped("cssrs_screener")
    assert (phq9.loinc.panel, phq9.loinc.total) == ("44249-1", "44261-6")
    assert [i.loinc for i in phq9.items] == ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2",
                                             "44252-5", "44253-3", "44260-8"]
    assert (gad7.loinc.panel, gad7.loinc.total) == ("69737-5", "70274-6")
    assert [i.loinc for i in gad7.items] == ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8",
                                             "69736-7"]
    assert cssrs.loinc.panel == "93373-9" and cssrs.loinc.total is None
    for key in ("pcl5", "who5", "wai_sr"):
        instrument = shipped(key)
        assert instrument.loinc.panel is None and not any(i.loinc for i in instrument.items), "none invented"


def test_cssrs_screener_shape() -> None:
    cssrs = shipped("cssrs_screener")
    assert not cssrs.scored and cssrs.bands == () and cssrs.change is None
    assert [o.value for o in cssrs.options] == [0, 1]
    assert {i.id: i.show_if for i in cssrs.items if i.show_if} == {
        "3": {"2": 1}, "4": {"2": 1}, "5": {"2": 1}, "6b": {"6": 1}}
    assert [r.items for r in cssrs.risk] == [("4", "5"), ("6b",)]


def test_wai_sr_subscales_and_withheld_wording() -> None:
    wai = shipped("wai_sr")
    assert {s.key: s.items for s in wai.subscales} == {
        "task": ("1", "2", "10", "12"), "bond": ("3", "5", "7", "9"), "goal": ("4", "6", "8", "11")}
    assert not wai.licence.items_shipped and not any(i.reverse for i in wai.items)
    assert wai.bands == () and wai.change is None


def test_pcl5_clusters_cover_every_item_once() -> None:
    pcl5 = shipped("pcl5")
    listed = [i for s in pcl5.subscales for i in s.items]
    assert sorted(listed, key=int) == [str(n) for n in range(1, 21)]
    assert pcl5.bands == ()


# --- a practice's own directory ------------------------------------------------------------------------------


def docs_examples() -> dict[str, str]:
    """The TOML examples in docs/instruments.md, by the file name on their first line."""
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    examples = {}
    for block in blocks:
        name = re.match(r"# (\S+\.toml)", block)
        assert name is not None, "each example starts with its file name"
        examples[name.group(1)] = block
    return examples


def test_the_documented_examples_load_as_a_practice_directory(tmp_path: Path) -> None:
    examples = docs_examples()
    assert set(examples) == {"ors.toml", "wai_sr.wording.toml"}
    for name, text in examples.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    instruments = load_all(tmp_path)
    assert set(instruments) == EXPECTED | {"ors"}
    ors = instruments["ors"]
    assert not ors.licence.items_shipped and ors.score_range() == (0, 40)
    result = score(ors, {"1": 6, "2": 5, "3": 7, "4": 6})
    assert result.total == 24 and result.band is not None and result.band.label == "Below the clinical cutoff"


def test_a_practice_definition_is_added_beside_the_shipped_ones(tmp_path: Path) -> None:
    (tmp_path / "ors.toml").write_text(docs_examples()["ors.toml"], encoding="utf-8")
    instruments = load_all(tmp_path)
    assert "ors" in instruments and set(instruments) >= EXPECTED
    assert load_all() == {k: v for k, v in instruments.items() if k != "ors"}, "the shipped ones are unchanged"


def test_a_practice_definition_may_not_replace_a_shipped_one(tmp_path: Path) -> None:
    text = (SHIPPED_DIR / "phq9.toml").read_text(encoding="utf-8").replace('title = "Patient', 'title = "My')
    (tmp_path / "phq9.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"phq9\.toml: key: 'phq9' is a shipped instrument"):
        load_all(tmp_path)


def test_a_broken_practice_definition_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "ors.toml").write_text(docs_examples()["ors.toml"].replace("max = 24", "max = 25"), "utf-8")
    with pytest.raises(DefinitionError, match=r"ors\.toml: bands: .* overlap"):
        load_all(tmp_path)


def test_licensed_wording_is_merged_into_the_shipped_instrument(tmp_path: Path) -> None:
    (tmp_path / "wai_sr.wording.toml").write_text(docs_examples()["wai_sr.wording.toml"], encoding="utf-8")
    wai = load_all(tmp_path)["wai_sr"]
    assert wai.licence.items_shipped and wai.licence.wording.startswith("Permission from the Society")
    assert [i.text for i in wai.items] == [f"(item {n} from your licensed form)" for n in range(1, 13)]
    assert [o.label for o in wai.options] == [f"(answer {n})" for n in range(1, 6)]
    assert wai.stem.startswith("(the instructions")
    shipped_wai = shipped("wai_sr")
    assert (wai.subscales, wai.scoring, wai.key) == (shipped_wai.subscales, shipped_wai.scoring, shipped_wai.key)


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace('12 = "(item 12 from your licensed form)"\n', ""), r"items: no text for items \['12'\]"),
    (lambda t: t.replace("[options]", '13 = "extra"\n\n[options]'), r"items: \['13'\] are not items of wai_sr"),
    (lambda t: t.replace('5 = "(answer 5)"', '6 = "(answer 6)"'), r"options: \[6\] are not answer values"),
    (lambda t: t.replace('licence = "Permission from the Society for Psychotherapy Research, letter of '
                         '2025-01-15"\n', ""), "licence: Field required"),
    (lambda t: t.replace('key = "wai_sr"', 'key = "who5"'), "key: 'who5' must match the file name"),
])
def test_a_wording_file_must_be_complete_and_match(tmp_path: Path, change: object, message: str) -> None:
    text = docs_examples()["wai_sr.wording.toml"]
    assert callable(change)
    (tmp_path / "wai_sr.wording.toml").write_text(change(text), encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"wai_sr\.wording\.toml: " + message):
        load_all(tmp_path)


def test_wording_is_refused_for_an_instrument_that_has_it_or_does_not_exist(tmp_path: Path) -> None:
    text = docs_examples()["wai_sr.wording.toml"]
    (tmp_path / "who5.wording.toml").write_text(text.replace('key = "wai_sr"', 'key = "who5"'), "utf-8")
    with pytest.raises(DefinitionError, match="'who5' already carries its wording"):
        load_all(tmp_path)
    (tmp_path / "who5.wording.toml").unlink()
    (tmp_path / "beck.wording.toml").write_text(text.replace('key = "wai_sr"', 'key = "beck"'), "utf-8")
    with pytest.raises(DefinitionError, match="'beck' is not an instrument"):
        load_all(tmp_path)
