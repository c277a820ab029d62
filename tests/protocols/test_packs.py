"""Protocol packs and screening questionnaires are data checked when they load: the shipped files load, every rule
names its source, the vocabulary is care's and agreements', and a malformed file is refused with its file, line and
field named, by the loader and by `cocreate check`."""

from __future__ import annotations

import typing
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from hypothesis import given
from hypothesis import strategies as st

from cocreate.agreements.kinds import TOUCH_ITEMS
from cocreate.agreements.models import DocumentKind
from cocreate.care.models import Kind, Phase, SessionKind
from cocreate.protocols import packs, registry
from cocreate.protocols.packs import Dosing, Pack, PackError, load_all, load_pack

SHIPPED = {"colorado_natural_medicine", "mdma_research", "oregon_psilocybin", "psychedelic_general", "psychotherapy"}
QUESTIONNAIRES = {"general", "oregon_client_information"}

GOOD = """\
# A practice's own pack, small enough to read in a test.
key = "mine"
version = "1"
title = "Our own rules"
summary = "A pack for a test."
engagement_kind = "psychedelic_assisted"
source = { citation = "A test" }

[[phases]]
key = "consultation"
next = ["preparation", "closed"]
session_kinds = ["consultation"]

[[phases]]
key = "preparation"
next = ["medicine", "closed"]
session_kinds = ["preparation", "medicine"]

[[phases]]
key = "medicine"
next = ["closed"]
session_kinds = ["medicine"]

[[phases]]
key = "closed"

[[requirements]]
key = "consent"
kind = "form"
form = "consent"
label = "Consent acknowledged"
source = { citation = "Practice rule" }

[[requirements]]
key = "ready"
kind = "readiness"
within_days = 7
label = "Ready in the last week"
source = { citation = "Practice rule" }

[[requirements]]
key = "long_enough"
kind = "dose_duration"
label = "Long enough for the dose"
acts = ["schedule", "start"]
source = { citation = "Practice rule" }

[dosing]
substance = "psilocybin"
source = { citation = "A test" }
rows = [
  { from_mg = 0, to_mg = 2.5, minutes = 60 },
  { from_mg = 2.5, to_mg = 10, minutes = 120 },
]

[screening]
questionnaires = ["general"]

[[screening.rules]]
question = "lithium_30d"
severity = "not_eligible"
reason = "Not within 30 days of lithium."
source = { citation = "Practice rule" }

[[forms]]
key = "consent"
title = "Consent"
source = { citation = "Practice rule" }
text = \"\"\"
What this work is.
\"\"\"
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def changed(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, f"{old!r} is not in the text exactly once"
    return text.replace(old, new)


def line_of(text: str, needle: str, occurrence: int = 0) -> int:
    """The (1-based) line on which `needle` appears for the `occurrence`-th time."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence]


def refused(directory: Path, name: str, text: str) -> str:
    """Loading the file (beside the shipped packs and questionnaires) fails; the message starts with its name."""
    write(directory, name, text)
    with pytest.raises(PackError) as caught:
        load_all(directory)
    message = str(caught.value)
    assert message.startswith(f"{name}: line "), message
    return message


def literals(annotation: Any) -> set[str]:
    """Every value of the `Literal`s inside a type (`tuple[Literal[...], ...] | None` included)."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    return set().union(*(literals(a) for a in typing.get_args(annotation)))


# -- the shipped files -------------------------------------------------------------------------------------------


def test_every_shipped_pack_and_questionnaire_loads() -> None:
    found, questionnaires = load_all()
    assert set(found) == SHIPPED
    assert set(questionnaires) == QUESTIONNAIRES


def test_the_test_directory_loads_beside_the_shipped_files() -> None:
    assert set(registry.packs()) == SHIPPED | {"test_open"}
    assert registry.check_packs() == []


def test_a_good_pack_loads_from_a_practice_directory(tmp_path: Path) -> None:
    found, _questionnaires = load_all(write(tmp_path, "mine.toml", GOOD).parent)
    mine = found["mine"]
    assert [p.key for p in mine.phases] == ["consultation", "preparation", "medicine", "closed"]
    assert [r.key for r in mine.requirements_for("phase")] == ["consent", "ready"]
    assert [r.key for r in mine.requirements_for("start")] == ["consent", "ready", "long_enough"]


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_rule_of_a_shipped_pack_names_its_source(key: str) -> None:
    pack = load_all()[0][key]
    citations = [pack.source.citation]
    citations += [r.source.citation for r in pack.requirements]
    citations += [r.source.citation for r in (pack.screening.rules if pack.screening else ())]
    citations += [f.source.citation for f in pack.forms]
    citations += [o.source.citation for o in pack.offers_after_medicine]
    citations += [pack.dosing.source.citation] if pack.dosing else []
    assert all(c.strip() for c in citations), citations


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_a_practice_rule_is_never_marked_regulatory(key: str) -> None:
    pack = load_all()[0][key]
    assert not [r.key for r in pack.requirements if r.regulatory and r.source.citation.startswith("Practice rule")]


def test_the_pack_a_practice_copies_has_no_rule_that_cannot_be_set_aside() -> None:
    general = load_all()[0]["psychedelic_general"]
    assert general.editable
    assert general.requirements
    assert not [r.key for r in general.requirements if r.regulatory]


def test_every_shipped_questionnaire_names_its_source() -> None:
    for questionnaire in load_all()[1].values():
        assert questionnaire.source.citation.strip()


# -- the vocabulary is care's and agreements' -------------------------------------------------------------------


def test_the_vocabulary_is_the_models_choices() -> None:
    assert tuple(Phase.values) == packs.PHASES
    assert tuple(SessionKind.values) == packs.SESSION_KINDS
    assert tuple(DocumentKind.values) == packs.DOCUMENTS
    assert TOUCH_ITEMS == packs.TOUCH_KINDS
    assert tuple(Kind.values) == packs.ENGAGEMENT_KINDS


def test_the_format_uses_the_vocabulary() -> None:
    phase, requirement = packs.PhaseRule.model_fields, packs.Requirement.model_fields
    assert literals(phase["key"].annotation) == set(packs.PHASES)
    assert literals(phase["session_kinds"].annotation) == set(packs.SESSION_KINDS)
    assert literals(requirement["document"].annotation) == set(packs.DOCUMENTS)
    assert literals(requirement["allowed"].annotation) == set(packs.TOUCH_KINDS)
    # A medicine session is not a step towards a medicine session: it is not counted as held.
    assert literals(requirement["session_kind"].annotation) == set(packs.SESSION_KINDS) - {"medicine"}
    assert literals(Pack.model_fields["engagement_kind"].annotation) == set(packs.ENGAGEMENT_KINDS)


# -- a malformed file is refused with its file, line and field --------------------------------------------------


def test_an_unknown_phase_is_refused_naming_file_line_and_field(tmp_path: Path) -> None:
    text = changed('key = "preparation"\nnext', 'key = "trance"\nnext')
    text = changed('next = ["preparation", "closed"]', 'next = ["trance", "closed"]', text)
    message = refused(tmp_path, "mine.toml", text)
    assert text.splitlines()[14] == 'key = "trance"'
    assert message.startswith("mine.toml: line 15: phases[1].key: Input should be 'consultation', 'screening', ")
    with pytest.raises(PackError, match=r"^mine\.toml: line 15: phases\[1\]\.key: "):  # the same through load_pack
        load_pack(tmp_path / "mine.toml", {})


def test_an_unknown_next_phase_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed('next = ["closed"]', 'next = ["integration", "closed"]')
    message = refused(tmp_path, "mine.toml", text)
    assert message == f"mine.toml: line {line_of(text, 'integration')}: phases[2].next: unknown phase 'integration'"


def test_a_course_not_starting_with_a_consultation_is_refused_with_the_line_of_its_phases(tmp_path: Path) -> None:
    text = changed('[[phases]]\nkey = "consultation"\nnext = ["preparation", "closed"]\nsession_kinds = '
                   '["consultation"]\n\n', "")
    message = refused(tmp_path, "mine.toml", text)
    assert message.startswith(f"mine.toml: line {line_of(text, '[[phases]]')}: phases: the first phase is "
                              "consultation")


def test_a_requirement_without_a_source_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed('within_days = 7\nlabel = "Ready in the last week"\nsource = { citation = "Practice rule" }\n',
                   'within_days = 7\nlabel = "Ready in the last week"\n')
    message = refused(tmp_path, "mine.toml", text)
    assert message == f"mine.toml: line {line_of(text, '[[requirements]]', 1)}: requirements[1].source: Field required"


def test_a_requirement_without_its_parameter_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed("within_days = 7\n", "")
    message = refused(tmp_path, "mine.toml", text)
    assert message == (f"mine.toml: line {line_of(text, '[[requirements]]', 1)}: requirements[1]: a readiness "
                       "requirement needs within_days")


def test_a_requirement_on_a_form_the_pack_lacks_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed('form = "consent"', 'form = "waiver"')
    message = refused(tmp_path, "mine.toml", text)
    assert message == f"mine.toml: line {line_of(text, 'waiver')}: requirements[0].form: no form 'waiver' in this " \
                      "pack's forms"


def test_a_dosing_table_with_a_gap_is_refused_naming_the_row(tmp_path: Path) -> None:
    text = changed("{ from_mg = 2.5, to_mg = 10, minutes = 120 }", "{ from_mg = 5, to_mg = 10, minutes = 120 }")
    message = refused(tmp_path, "mine.toml", text)
    assert message == (f"mine.toml: line {line_of(text, 'from_mg = 5')}: dosing: rows[1] starts at 5 mg, but the "
                       "table must continue from 2.5 mg with no gap or overlap")


def test_a_dosing_table_must_start_at_nothing(tmp_path: Path) -> None:
    text = changed("{ from_mg = 0, to_mg = 2.5", "{ from_mg = 1, to_mg = 2.5")
    message = refused(tmp_path, "mine.toml", text)
    assert message.startswith(f"mine.toml: line {line_of(text, 'from_mg = 1')}: dosing: rows[0] starts at 1 mg")


def test_a_key_not_matching_the_file_name_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, "ours.toml", GOOD)
    assert message == f"ours.toml: line {line_of(GOOD, 'mine')}: key: 'mine' must match the file name ('ours')"


def test_a_shipped_key_is_not_taken_twice(tmp_path: Path) -> None:
    shipped = packs.SHIPPED_PACKS / "psychedelic_general.toml"
    message = refused(tmp_path, "psychedelic_general.toml", shipped.read_text(encoding="utf-8"))
    assert message == (f"psychedelic_general.toml: line {line_of(shipped.read_text(encoding='utf-8'), 'key = ')}: "
                       "key: 'psychedelic_general' is already a pack")


def test_a_rule_on_a_question_not_asked_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed('question = "lithium_30d"', 'question = "favourite_colour"')
    message = refused(tmp_path, "mine.toml", text)
    assert message == (f"mine.toml: line {line_of(text, 'favourite_colour')}: screening.rules[0].question: "
                       "'favourite_colour' is not asked by the pack's questionnaires")


def test_a_rule_on_a_question_of_another_questionnaire_is_refused(tmp_path: Path) -> None:
    # Oregon's form asks about a mushroom allergy; the general questionnaire, which this pack uses, does not.
    text = changed('question = "lithium_30d"', 'question = "mushroom_allergy"')
    assert "screening.rules[0].question: 'mushroom_allergy' is not asked" in refused(tmp_path, "mine.toml", text)


def test_an_unknown_questionnaire_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed('questionnaires = ["general"]', 'questionnaires = ["intake"]')
    message = refused(tmp_path, "mine.toml", text)
    assert message == f"mine.toml: line {line_of(text, 'intake')}: screening.questionnaires: no questionnaire 'intake'"


def test_a_practice_questionnaire_is_read_from_its_screening_directory(tmp_path: Path) -> None:
    (tmp_path / "screening").mkdir()
    write(tmp_path / "screening", "intake.toml", 'key = "intake"\ntitle = "Intake"\nsource = { citation = "Ours" }\n\n'
                                                 '[[questions]]\nkey = "favourite_colour"\ntext = "Blue?"\n')
    text = changed('questionnaires = ["general"]', 'questionnaires = ["general", "intake"]')
    text = changed('question = "lithium_30d"', 'question = "favourite_colour"', text)
    write(tmp_path, "mine.toml", text)
    assert load_all(tmp_path)[0]["mine"].screening is not None


def test_a_form_text_that_looks_like_a_table_does_not_shift_the_lines(tmp_path: Path) -> None:
    # The free text of a form is text, not TOML: a line in it that reads like a header or a key changes nothing.
    text = changed("What this work is.\n", "What this work is.\n[[requirements]]\nkey = the words\n")
    text += '\n[[forms]]\nkey = "second"\ntitle = "Second"\ntext = "No source"\n'
    message = refused(tmp_path, "mine.toml", text)
    assert message == f"mine.toml: line {line_of(text, '[[forms]]', 1)}: forms[1].source: Field required"


def test_a_misspelt_field_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed("within_days = 7", "within_dayz = 7")
    message = refused(tmp_path, "mine.toml", text)
    assert message == (f"mine.toml: line {line_of(text, 'within_dayz')}: requirements[1].within_dayz: Extra inputs "
                       "are not permitted")


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "mine.toml", GOOD.replace('title = "Our own rules"', 'title = "Our own rules'))
    with pytest.raises(PackError, match=r"mine\.toml: not valid TOML"):
        load_all(tmp_path)


# -- cocreate check ---------------------------------------------------------------------------------------------


def test_check_reports_a_broken_pack_naming_the_file(tmp_path: Path, settings: Any) -> None:
    write(tmp_path, "mine.toml", changed('key = "preparation"\nnext', 'key = "trance"\nnext'))
    settings.COCREATE_PROTOCOLS_DIR = str(tmp_path)
    [error] = registry.check_packs()
    assert error.id == "protocols.E001"
    assert error.msg.startswith("mine.toml: line 15: phases[1].key: ")  # line 15 holds key = "trance"
    with pytest.raises(SystemCheckError) as caught:
        call_command("check")
    assert "protocols.E001" in str(caught.value)
    assert "mine.toml: line 15: phases[1].key" in str(caught.value)


def test_check_passes_a_good_practice_directory(tmp_path: Path, settings: Any) -> None:
    write(tmp_path, "mine.toml", GOOD)
    settings.COCREATE_PROTOCOLS_DIR = str(tmp_path)
    assert registry.check_packs() == []


def test_check_reports_a_missing_directory(tmp_path: Path, settings: Any) -> None:
    settings.COCREATE_PROTOCOLS_DIR = str(tmp_path / "nowhere")
    [error] = registry.check_packs()
    assert error.id == "protocols.E001"
    assert "not a directory (COCREATE_PROTOCOLS_DIR)" in error.msg


def test_a_copy_of_the_general_pack_with_its_own_key_is_a_practice_pack(tmp_path: Path, settings: Any) -> None:
    # The steps of docs/protocols.md: copy psychedelic_general.toml, give it a key matching its new file name.
    text = (packs.SHIPPED_PACKS / "psychedelic_general.toml").read_text(encoding="utf-8")
    write(tmp_path, "juniper.toml", changed('key = "psychedelic_general"', 'key = "juniper"', text))
    settings.COCREATE_PROTOCOLS_DIR = str(tmp_path)
    assert registry.check_packs() == []
    assert load_all(tmp_path)[0]["juniper"].engagement_kind == "psychedelic_assisted"


# -- Oregon's minimum session length by dose --------------------------------------------------------------------


@cache
def oregon() -> Dosing:
    dosing = load_all()[0]["oregon_psilocybin"].dosing
    assert dosing is not None
    return dosing


@pytest.mark.parametrize(("dose", "repeat", "minutes"), [
    ("0", False, 60),
    ("1", False, 60),
    ("1", True, 30),
    ("2.49", True, 30),
    ("2.5", False, 60),
    ("2.5", True, 60),
    ("4.99", False, 60),
    ("5", False, 120),
    ("9.99", False, 120),
    ("10", False, 240),
    ("24.99", False, 240),
    ("25", False, 300),
    ("34.9", False, 300),
    ("35", False, 360),
    ("35", True, 360),
    ("50", False, 360),
    ("50.01", False, None),
    ("120", True, None),
])
def test_oregon_minimum_minutes(dose: str, repeat: bool, minutes: int | None) -> None:
    assert oregon().minimum_minutes(Decimal(dose), repeat=repeat) == minutes


def test_oregon_table_ends_at_50_mg_and_counts_a_repeat_within_a_year() -> None:
    assert oregon().max_mg == Decimal(50)
    assert oregon().repeat_within_days == 365


@given(st.decimals(min_value=0, max_value=50, places=3), st.decimals(min_value=0, max_value=50, places=3),
       st.booleans())
def test_oregon_minimum_minutes_is_defined_and_never_falls_as_the_dose_rises(a: Decimal, b: Decimal,
                                                                              repeat: bool) -> None:
    low, high = sorted((a, b))
    shorter, longer = (oregon().minimum_minutes(d, repeat=repeat) for d in (low, high))
    first_time = oregon().minimum_minutes(low, repeat=False)
    assert shorter is not None
    assert longer is not None
    assert first_time is not None
    assert shorter <= longer
    assert shorter <= first_time  # a repeat session is never held to a longer minimum
