"""Forms of the medicine app: they collect input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.medicine.models import StateData
from cocreate.medicine.oregon_data import QUESTIONS


class StateDataForm(forms.Form):
    """Oregon's client data questions, each optional, and the opt-out of all of them."""

    opted_out = forms.BooleanField(
        label=_("I opt out: report none of this about me"), required=False,
        help_text=_("If you tick this, any answers below are not kept."))

    def __init__(self, data: Any = None, *, latest: StateData | None = None) -> None:
        initial: dict[str, Any] = {"opted_out": latest.opted_out} if latest else {}
        for q in QUESTIONS:
            if latest is not None:
                initial[q.key] = getattr(latest, q.key)
        super().__init__(data, initial=initial)
        for q in QUESTIONS:
            if q.many:
                self.fields[q.key] = forms.MultipleChoiceField(label=str(q.asked), choices=q.choices, required=False,
                                                               widget=forms.CheckboxSelectMultiple)
            else:
                self.fields[q.key] = forms.ChoiceField(label=str(q.asked), choices=[("", _("(no answer)")), *q.choices],
                                                       required=False)

    def answers(self) -> dict[str, Any]:
        return {q.key: self.cleaned_data.get(q.key) or ([] if q.many else "") for q in QUESTIONS}
