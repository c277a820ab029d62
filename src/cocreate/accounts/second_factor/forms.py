"""Forms of the second factor: they collect input; the services decide."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class CredentialField(forms.CharField):
    """The JSON a browser's passkey answered with, as the page's script put it in a hidden field."""

    widget = forms.HiddenInput

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        try:
            parsed = json.loads(value)
        except ValueError:
            raise forms.ValidationError(_("The passkey did not answer. Try again.")) from None
        if not isinstance(parsed, dict):
            raise forms.ValidationError(_("The passkey did not answer. Try again."))
        return parsed


class SecondStepForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6-digit code your authenticator app shows, or one of your recovery codes."),
    )
    credential = CredentialField(required=False, max_length=20_000)


class TotpSetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("After adding the key, type the 6-digit code the app shows."),
    )


class PasskeyAddForm(forms.Form):
    name = forms.CharField(label=_("Name of this passkey"), max_length=60, required=False,
                           help_text=_("For example “Work laptop” or “My phone”."))
    credential = CredentialField(required=True, max_length=20_000)


class RequirementForm(forms.Form):
    required = forms.TypedChoiceField(
        label=_("Second factor for staff"), coerce=lambda v: v == "on",
        choices=[("on", _("Required")), ("off", _("Not required"))],
    )
