"""The questions of Oregon's client data collection (SB 303: ORS 475A.372; OAR 333-333-4910) and the answers each
offers, in one place for the model, the service, the client's page and the reports.

The law names what is collected: race, ethnicity, preferred spoken and written languages, disability status, sexual
orientation, gender identity, income, age, county of residence, and the reasons a client seeks services. The
Oregon Health Authority prescribes its own "303 Client Data Form" (with categories from its REALD and SOGI
standards); the answers here are cocreate's plain-language version of those questions, for the practice to carry
over to the authority's form. Check them against the form in use. Every question is optional and offers "I'd rather
not say"; nothing here is free text, so nothing a client types can identify them in a report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OREGON = "oregon_psilocybin"  # the pack whose engagements are asked
PREFER_NOT = "prefer_not"
PREFER_NOT_LABEL = _("I'd rather not say")
NOT_ANSWERED = "not answered"  # in a report: the client left the question empty


class Ethnicity(models.TextChoices):
    HISPANIC = "hispanic_latino", _("Hispanic or Latino/a/x")
    NOT_HISPANIC = "not_hispanic_latino", _("Not Hispanic or Latino/a/x")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class Income(models.TextChoices):
    UNDER_25 = "under_25k", _("Under $25,000 a year")
    FROM_25 = "25k_50k", _("$25,000 to $49,999")
    FROM_50 = "50k_75k", _("$50,000 to $74,999")
    FROM_75 = "75k_100k", _("$75,000 to $99,999")
    FROM_100 = "100k_150k", _("$100,000 to $149,999")
    FROM_150 = "150k_plus", _("$150,000 or more")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


class Age(models.TextChoices):
    # Oregon's psilocybin services are for people aged 21 and over.
    FROM_21 = "21_24", _("21 to 24")
    FROM_25 = "25_34", _("25 to 34")
    FROM_35 = "35_44", _("35 to 44")
    FROM_45 = "45_54", _("45 to 54")
    FROM_55 = "55_64", _("55 to 64")
    FROM_65 = "65_74", _("65 to 74")
    FROM_75 = "75_plus", _("75 or older")
    PREFER_NOT = PREFER_NOT, PREFER_NOT_LABEL


_COUNTIES = ("Baker", "Benton", "Clackamas", "Clatsop", "Columbia", "Coos", "Crook", "Curry", "Deschutes", "Douglas",
             "Gilliam", "Grant", "Harney", "Hood River", "Jackson", "Jefferson", "Josephine", "Klamath", "Lake",
             "Lane", "Lincoln", "Linn", "Malheur", "Marion", "Morrow", "Multnomah", "Polk", "Sherman", "Tillamook",
             "Umatilla", "Union", "Wallowa", "Wasco", "Washington", "Wheeler", "Yamhill")
# Oregon's 36 counties, then "outside Oregon" (the rule asks for the county "if applicable").
COUNTIES: list[tuple[str, str | Promise]] = [
    *[(name.lower().replace(" ", "_"), name) for name in _COUNTIES],
    ("outside_oregon", _("I live outside Oregon")), (PREFER_NOT, PREFER_NOT_LABEL)]

RACES: list[tuple[str, str | Promise]] = [
    ("american_indian_alaska_native", _("American Indian or Alaska Native")),
    ("asian", _("Asian")),
    ("black_african_american", _("Black or African American")),
    ("middle_eastern_north_african", _("Middle Eastern or North African")),
    ("native_hawaiian_pacific_islander", _("Native Hawaiian or Pacific Islander")),
    ("white", _("White")),
    ("another_race", _("Another race")),
    (PREFER_NOT, PREFER_NOT_LABEL),
]
LANGUAGES: list[tuple[str, str | Promise]] = [
    ("english", _("English")), ("spanish", _("Spanish")), ("vietnamese", _("Vietnamese")),
    ("mandarin", _("Chinese (Mandarin)")), ("cantonese", _("Chinese (Cantonese)")), ("russian", _("Russian")),
    ("ukrainian", _("Ukrainian")), ("korean", _("Korean")), ("arabic", _("Arabic")), ("somali", _("Somali")),
    ("japanese", _("Japanese")), ("tagalog", _("Tagalog")), ("asl", _("American Sign Language")),
    ("another_language", _("Another language")), (PREFER_NOT, PREFER_NOT_LABEL),
]
DISABILITIES: list[tuple[str, str | Promise]] = [
    ("hearing", _("Deaf, or serious difficulty hearing")),
    ("seeing", _("Blind, or serious difficulty seeing")),
    ("cognition", _("Serious difficulty concentrating, remembering or making decisions")),
    ("mobility", _("Serious difficulty walking or climbing stairs")),
    ("self_care", _("Difficulty dressing or bathing")),
    ("independent_living", _("Difficulty doing errands alone")),
    ("another_disability", _("Another disability or long-term condition")),
    ("none", _("None of these")),
    (PREFER_NOT, PREFER_NOT_LABEL),
]
ORIENTATIONS: list[tuple[str, str | Promise]] = [
    ("straight", _("Straight or heterosexual")), ("gay", _("Gay")), ("lesbian", _("Lesbian")),
    ("bisexual", _("Bisexual")), ("pansexual", _("Pansexual")), ("asexual", _("Asexual")), ("queer", _("Queer")),
    ("questioning", _("Questioning or unsure")), ("another_orientation", _("Another orientation")),
    (PREFER_NOT, PREFER_NOT_LABEL),
]
GENDERS: list[tuple[str, str | Promise]] = [
    ("woman", _("Woman")), ("man", _("Man")), ("non_binary", _("Non-binary")), ("transgender", _("Transgender")),
    ("two_spirit", _("Two-Spirit")), ("agender", _("Agender")), ("genderqueer", _("Genderqueer or genderfluid")),
    ("questioning", _("Questioning or unsure")), ("another_gender", _("Another gender")),
    (PREFER_NOT, PREFER_NOT_LABEL),
]
REASONS: list[tuple[str, str | Promise]] = [
    ("depression", _("Depression")), ("anxiety", _("Anxiety")), ("trauma", _("Trauma or PTSD")),
    ("grief", _("Grief or loss")), ("end_of_life", _("Facing the end of life")),
    ("substance_use", _("Alcohol, tobacco or other substance use")), ("pain", _("Chronic pain")),
    ("wellbeing", _("Wellbeing or personal growth")), ("spiritual", _("Spiritual or religious exploration")),
    ("relationships", _("Relationships")), ("curiosity", _("Curiosity")), ("another_reason", _("Another reason")),
    (PREFER_NOT, PREFER_NOT_LABEL),
]


@dataclass(frozen=True)
class Question:
    key: str  # the field of StateData
    column: str  # the report's column: plain words, as the rule names the item
    asked: str | Promise  # as the client reads it
    choices: list[tuple[str, str | Promise]]
    many: bool  # the client may tick several


QUESTIONS: tuple[Question, ...] = (
    Question("race", "race", _("Your race (tick all that apply)"), RACES, True),
    Question("ethnicity", "ethnicity", _("Your ethnicity"), list(Ethnicity.choices), False),
    Question("languages", "preferred languages (spoken and written)",
             _("The languages you prefer to speak and read (tick all that apply)"), LANGUAGES, True),
    Question("disability", "disability", _("Disability (tick all that apply)"), DISABILITIES, True),
    Question("sexual_orientation", "sexual orientation", _("Your sexual orientation (tick all that apply)"),
             ORIENTATIONS, True),
    Question("gender_identity", "gender identity", _("Your gender identity (tick all that apply)"), GENDERS, True),
    Question("income", "income", _("Your household's income before tax"), list(Income.choices), False),
    Question("age", "age", _("Your age"), list(Age.choices), False),
    Question("county", "county of residence", _("The county you live in"), COUNTIES, False),
    Question("reasons", "reasons for seeking services",
             _("Why you are seeking psilocybin services (tick all that apply)"), REASONS, True),
)
BY_KEY = {q.key: q for q in QUESTIONS}
SINGLE_MAX = 30  # the longest code of a single answer (the model's column width)


def words(question: Question, value: Any) -> str:
    """An answer as the client chose it, in the form's words ("" when left empty)."""
    codes = (value or []) if question.many else ([value] if value else [])
    labels = dict(question.choices)
    return "; ".join(str(labels.get(code, code)) for code in codes)
