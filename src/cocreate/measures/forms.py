"""Forms of the measures pages: assigning, recording a follow-up, wording crisis resources. The questionnaire
itself is drawn from its definition (views.py), not a Django form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.measures.models import Schedule


class AssignForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"))
    schedule = forms.ChoiceField(label=_("When"), choices=Schedule.choices, initial=Schedule.ONCE)
    session_kinds = forms.MultipleChoiceField(
        label=_("Sessions of these kinds"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("For 'before' or 'after every session'."))
    every_nth = forms.IntegerField(label=_("After every n-th session"), min_value=1, max_value=20, initial=1,
                                   required=False, help_text=_("1: after every session; 3: after every third."))
    every_days = forms.IntegerField(label=_("Every how many days"), min_value=1, max_value=365, required=False,
                                    help_text=_("For 'every N days', e.g. 7 for weekly."))
    offsets_days = forms.CharField(label=_("Days after each medicine session"), required=False, max_length=100,
                                   help_text=_("For 'days after each medicine session', e.g. 1, 7, 30."))
    expires_after_days = forms.IntegerField(label=_("Open for how many days"), min_value=1, max_value=90,
                                            initial=7)

    def clean_offsets_days(self) -> list[int]:
        raw = self.cleaned_data.get("offsets_days", "")
        parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        if not all(p.isascii() and p.isdigit() and len(p) <= 3 for p in parts):
            raise forms.ValidationError(_("Write whole numbers of days separated by commas, e.g. 1, 7, 30."))
        return [int(p) for p in parts]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["session_kinds"] = list(data.get("session_kinds") or [])
        data["every_nth"] = data.get("every_nth") or 1
        return data


class ResolveForm(forms.Form):
    action = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("For example: called the client the same day, safety plan reviewed."))
    private_note = forms.CharField(label=_("Private note (optional)"), max_length=2000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class CrisisForm(forms.Form):
    text = forms.CharField(label=_("Crisis resources shown to clients"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Shown at once to a client whose answers suggest risk. One line each."))
