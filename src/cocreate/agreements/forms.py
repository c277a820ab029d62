"""The small forms around shared documents; the documents' own forms are built from their schemas (fields.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.agreements.services import NOTE_MAX


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])
    comment = forms.CharField(label=_("Comment"), required=False, max_length=NOTE_MAX, widget=forms.Textarea(
        attrs={"rows": 2}), help_text=_("Needed when you decline, so the others can respond."))


class DeviationForm(forms.Form):
    occurred_at = forms.DateTimeField(label=_("When it happened"),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    description = forms.CharField(label=_("What went differently"), max_length=NOTE_MAX,
                                  widget=forms.Textarea(attrs={"rows": 2}))
