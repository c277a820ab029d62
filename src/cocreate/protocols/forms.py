"""Forms of the protocols app: they collect input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cocreate.protocols.models import Outcome, Readiness, Sleep
from cocreate.protocols.packs import Pack, Question
from cocreate.protocols.screening import DETAIL_MAX, TEXT_MAX, questions

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ScreeningForm(forms.Form):
    """One field per question of the pack's questionnaires (and a detail box for yes/no questions that ask one)."""

    def __init__(self, pack: Pack, data: Any = None, *, initial_answers: dict[str, Any] | None = None,
                 for_team: bool = False, readers: str = "") -> None:
        super().__init__(data)
        self.questions: list[Question] = questions(pack)
        answers = initial_answers or {}
        for q in self.questions:
            given = answers.get(q.key, {})
            if q.type == "yes_no":
                self.fields[q.key] = forms.ChoiceField(label=q.text, choices=YES_NO, widget=forms.RadioSelect,
                                                       required=q.required, initial=given.get("answer"))
                if q.detail:
                    self.fields[f"{q.key}__detail"] = forms.CharField(
                        label=q.detail, required=False, max_length=DETAIL_MAX, initial=given.get("detail", ""),
                        help_text=format_lazy("{} {}", _("If your answer is yes."), readers))
            else:
                self.fields[q.key] = forms.CharField(label=q.text, required=q.required, max_length=TEXT_MAX,
                                                     widget=forms.Textarea(attrs={"rows": 2}),
                                                     initial=given.get("answer", ""), help_text=readers)
        if for_team:
            self.fields["with_client"] = forms.BooleanField(
                label=_("I am entering these answers with the client, as they give them"), required=True)

    def answers(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {q.key: {"answer": data.get(q.key) or "", "detail": data.get(f"{q.key}__detail") or ""}
                for q in self.questions}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(label=_("Why, in words the client will read"), max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(label=_("Conditions (for “eligible, with conditions”)"), max_length=4000,
                                 required=False, widget=forms.Textarea(attrs={"rows": 2}))
    response_id = forms.IntegerField(widget=forms.HiddenInput)


class CheckinForm(forms.Form):
    readiness = forms.ChoiceField(label=_("How ready do you feel?"), choices=Readiness.choices,
                                  widget=forms.RadioSelect)
    how_i_am = forms.CharField(label=_("How are you today? (optional)"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    sleep = forms.ChoiceField(label=_("How have you been sleeping? (optional)"), required=False,
                              choices=[("", _("Rather not say")), *Sleep.choices])
    anything_new = forms.CharField(
        label=_("Anything new since we last met? (optional)"), required=False, max_length=4000,
        help_text=_("A new medicine, a change in your health, something happening in your life."),
        widget=forms.Textarea(attrs={"rows": 2}))
    questions = forms.CharField(label=_("Questions you would like to ask (optional)"), required=False,
                                max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class PackChangeForm(forms.Form):
    pack = forms.ChoiceField(label=_("Protocol"))
    reason = forms.CharField(label=_("Why the protocol changes (kept in the history)"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SetAsideForm(forms.Form):
    requirement = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reason = forms.CharField(label=_("Why this rule is set aside, in words the client will read"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PracticePackForm(forms.Form):
    pack = forms.ChoiceField(label=_("Protocol for new psychedelic-assisted engagements"))


class FormTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text clients read and acknowledge"), max_length=50_000,
                           widget=forms.Textarea(attrs={"rows": 12}))
