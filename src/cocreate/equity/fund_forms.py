"""The fund's forms: a donation (an amount as typed, "50" or "50.25", and why) and a reversal (why). The services
judge the text and the ledger the amount, so the web and the API say the same thing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocreate.equity.fund import REASON_MAX
from cocreate.equity.money import parse_money

READERS = _("The practice's admins read this beside the entry; no client does.")


class FundDonationForm(forms.Form):
    amount = forms.CharField(label=_("Amount"), max_length=20,
                             help_text=_("In the fund's currency, like 50 or 50.25."),
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    reason = forms.CharField(label=_("Why, or from whom (as the donor agreed to be named)"), max_length=REASON_MAX,
                             help_text=READERS, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_amount(self) -> int:
        try:
            return parse_money(self.cleaned_data["amount"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["amount"]) from None


class FundReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is it reversed?"), max_length=REASON_MAX, help_text=READERS,
                             widget=forms.Textarea(attrs={"rows": 2}))
