"""The ranking rule, pure: points per thing met, then name; not taking new clients last; every reason given."""

from __future__ import annotations

from cocreate.equity.matching import Candidate, Wish, rank, split_terms, words_of

ANA = Candidate(1, "Ana", languages=["Portuguese", "English"], modalities=["IFS", "somatic therapy"],
                times=["weekday_evening"], tiers=[10], own_words="I am a queer immigrant parent.")
BEN = Candidate(2, "Ben", languages=["Spanish"], modalities=["EMDR"], times=["weekday_daytime"], tiers=[10, 11])
CAL = Candidate(3, "Cal", languages=["English"], modalities=["CBT"], times=["weekend"], tiers=[11])


def names(ranked: list) -> list[str]:
    return [r.candidate.name for r in ranked]


def test_split_terms_on_commas_semicolons_and_slash() -> None:
    assert split_terms("Portuguese, English and Spanish") == ["Portuguese", "English", "Spanish"]
    assert split_terms(" IFS; EMDR / somatic therapy ,, ") == ["IFS", "EMDR", "somatic therapy"]
    assert split_terms("English, english") == ["English"]
    assert split_terms("") == []


def test_no_preferences_is_alphabetical_with_no_reasons() -> None:
    ranked = rank([CAL, BEN, ANA], Wish())
    assert names(ranked) == ["Ana", "Ben", "Cal"]
    assert all(r.points == 0 and r.reasons == [] for r in ranked)
    assert Wish().empty


def test_one_point_per_thing_met_most_first() -> None:
    ranked = rank([CAL, BEN, ANA], Wish(languages=["portuguese"], modalities=["IFS"], times=["weekday_evening"]))
    assert names(ranked) == ["Ana", "Ben", "Cal"]
    assert ranked[0].points == 3
    assert [(r.kind, r.met) for r in ranked[0].reasons] == [("language", True), ("modality", True), ("time", True)]
    assert [r.met for r in ranked[1].reasons] == [False, False, False]


def test_ties_fall_back_to_name_case_insensitively() -> None:
    zed = Candidate(4, "zed", languages=["English"])
    ranked = rank([zed, CAL], Wish(languages=["English"]))
    assert names(ranked) == ["Cal", "zed"]
    assert [r.points for r in ranked] == [1, 1]


def test_not_taking_clients_comes_last_whatever_the_points() -> None:
    full = Candidate(5, "Aaron", languages=["Spanish"], taking_clients=False)
    ranked = rank([full, BEN, CAL], Wish(languages=["Spanish"]))
    assert names(ranked) == ["Ben", "Cal", "Aaron"]
    assert ranked[-1].points == 1


def test_unknown_values_are_simply_unmet_by_everyone() -> None:
    ranked = rank([ANA, BEN], Wish(languages=["Klingon"], times=["never"], tier=999))
    assert all(r.points == 0 and len(r.unmet) == 3 for r in ranked)
    assert names(ranked) == ["Ana", "Ben"]


def test_tier_counts_when_they_have_room() -> None:
    ranked = rank([ANA, BEN, CAL], Wish(tier=11))
    assert names(ranked) == ["Ben", "Cal", "Ana"]


def test_words_match_whole_words_case_insensitively() -> None:
    ranked = rank([BEN, ANA], Wish(words="Queer, PARENT; grant"))
    assert names(ranked) == ["Ana", "Ben"]
    ana = ranked[0]
    assert [(r.value, r.met) for r in ana.reasons] == [("queer", True), ("parent", True), ("grant", False)]
    # "grant" is inside "immigrant" but is not a whole word there
    assert ana.points == 2


def test_words_drop_stopwords_and_repeats() -> None:
    assert words_of("I am a Queer and queer person") == ["queer"]


def test_repeated_choices_count_once() -> None:
    ranked = rank([ANA], Wish(languages=["English", "english", " "]))
    assert ranked[0].points == 1
