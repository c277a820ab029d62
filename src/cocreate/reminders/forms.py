"""Forms of the reminders app: they read what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.reminders.offsets import OffsetError, parse

PRACTICE, OWN = "practice", "own"


class OffsetsField(forms.CharField):
    """Times before a session, typed as "48h, 2h": cleaned to minutes, the earliest first."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", _("Minutes, hours or days before, like 48h, 2h or 30m; at most four."))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            return parse(text or "")
        except OffsetError as exc:
            raise forms.ValidationError(str(exc)) from None


class PreferenceForm(forms.Form):
    enabled = forms.BooleanField(label=_("Remind me of my sessions"), required=False)
    times = forms.ChoiceField(label=_("When"), choices=[(PRACTICE, _("At my practice's times")),
                                                         (OWN, _("At my own times"))],
                              widget=forms.RadioSelect, initial=PRACTICE)
    own = OffsetsField(label=_("My own times"), required=False)
    show_kind = forms.BooleanField(
        label=_("Name the kind of session in reminder emails and downloaded calendar files"), required=False,
        help_text=_("Otherwise they say only “Appointment at” your practice, and the time. Email and calendars "
                    "are not private places: the kind of session says what care you receive."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("times") == OWN and not data.get("own") and "own" not in self.errors:
            self.add_error("own", _("Give at least one time, or choose your practice's times."))
        data["offsets"] = data.get("own") if data.get("times") == OWN else None
        return data


class PracticeTimesForm(forms.Form):
    offsets = OffsetsField(label=_("Remind before each session"), required=False)
