"""Forms of interop: they read what was typed; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

SHOW_KINDS_HELP = _("Otherwise each event says only “Appointment at” your practice. Calendars are kept by other "
                    "companies and shown on lock screens: the kind of session says what care you receive.")


class FeedForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=100, required=False,
                            help_text=_("Which calendar it is for, e.g. “Phone”."))
    show_kinds = forms.BooleanField(label=_("Show session kinds"), required=False, help_text=SHOW_KINDS_HELP)


class KindsForm(forms.Form):
    show_kinds = forms.BooleanField(label=_("Show session kinds"), required=False)
