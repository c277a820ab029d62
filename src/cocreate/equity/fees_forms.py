"""Forms of the fees pages: they take what is typed and show it back; amounts are judged by the services (so the
web and the API refuse the same things in the same words)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.care.models import SessionKind
from cocreate.equity.models import SHORT_MAX, TEXT_MAX
from cocreate.equity.money import CURRENCIES
from cocreate.equity.tiers import NAME_MAX

AMOUNT_HELP = _("Like 120 or 120.50.")


class CurrencyForm(forms.Form):
    currency = forms.ChoiceField(label=_("Currency"), choices=[(c, c) for c in CURRENCIES])


class TierForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX, help_text=_("Clients read it."))
    guidance = forms.CharField(label=_("Guidance"), required=False, max_length=TEXT_MAX,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Clients read it when they choose their tier: say who the tier is for, "
                                           "in plain words. Never ask for proof."))
    position = forms.IntegerField(label=_("Position"), required=False, min_value=0, max_value=999,
                                  help_text=_("Lower comes first."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in SessionKind:
            self.fields[f"fee_{kind.value}"] = forms.CharField(
                label=_("Fee: %(kind)s") % {"kind": kind.label}, required=False, max_length=20,
                help_text=_("Blank: not offered at this tier. Like 120 or 120.50."))

    def fees(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data.get(f"fee_{kind.value}") or "" for kind in SessionKind}


class ConfirmForm(forms.Form):
    confirm = forms.CharField(widget=forms.HiddenInput, error_messages={"required": _("Confirm first.")})


class PaymentForm(forms.Form):
    amount = forms.CharField(label=_("Amount paid"), max_length=20, help_text=AMOUNT_HELP)
    note = forms.CharField(label=_("How (optional)"), required=False, max_length=SHORT_MAX,
                           help_text=_("Like “cash” or “bank transfer”. The client reads it on the receipt."))


class SubsidyForm(forms.Form):
    amount = forms.CharField(label=_("From the reciprocity fund"), max_length=20, help_text=AMOUNT_HELP)
    reason = forms.CharField(label=_("Why"), max_length=1000,
                             help_text=_("Stays beside the fund's entry; the practice's admins read it, the client "
                                         "does not."))


class ReverseForm(forms.Form):
    confirm = forms.CharField(widget=forms.HiddenInput, error_messages={"required": _("Confirm first.")})
    note = forms.CharField(label=_("Why (optional)"), required=False, max_length=SHORT_MAX,
                           help_text=_("The client reads it on the receipt."))
