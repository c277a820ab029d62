"""The retention form: a number of years, or keep for ever."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.audit.services import MAX_YEARS

FOREVER, YEARS = "forever", "years"


class RetentionForm(forms.Form):
    keep = forms.ChoiceField(label=_("Keep a closed engagement's record"), widget=forms.RadioSelect, choices=[
        (YEARS, _("for a number of years after it closes, then remove it")), (FOREVER, _("for ever"))])
    years = forms.IntegerField(label=_("Years after closing"), required=False, min_value=1, max_value=MAX_YEARS,
                               help_text=_("Check the law where you practise before you shorten this."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("keep") == YEARS and data.get("years") is None and "years" not in self.errors:
            self.add_error("years", _("Give the number of years, or choose to keep records for ever."))
        return data
