"""Forms of the shift tracker: they collect input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.integration.models import TEXT_MAX, Domain


class ShiftForm(forms.Form):
    on = forms.DateField(label=_("The day"), widget=forms.DateInput(attrs={"type": "date"}),
                         help_text=_("Today, unless you are noting an earlier day."))
    domains = forms.MultipleChoiceField(label=_("Where did you notice it?"), choices=Domain.choices,
                                        widget=forms.CheckboxSelectMultiple,
                                        help_text=_("Choose any that fit. “Other” is fine."))
    text = forms.CharField(label=_("What I noticed"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("In your own words, as it comes. Only you see this unless you share it."))
    share = forms.BooleanField(label=_("Share this with my care team"), required=False)


class ReflectionForm(forms.Form):
    body = forms.CharField(label=_("A reflection beside this entry"), max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))
    session = forms.TypedChoiceField(label=_("Made in the session of"), coerce=int, required=False, empty_value=None)


class PatternForm(forms.Form):
    name = forms.CharField(label=_("A name for the pattern"), max_length=200,
                           help_text=_("In your own words, for example “when I feel unheard I go quiet”."))
    entries = forms.TypedMultipleChoiceField(label=_("Entries that belong together"), coerce=int,
                                             widget=forms.CheckboxSelectMultiple)


class DaysForm(forms.Form):
    days = forms.CharField(label=_("Days after the session"), max_length=300, required=False,
                           help_text=_("Numbers separated by commas, like 1, 2, 3, 7. Leave empty for no invitations: "
                                       "you can still note shifts any day."))


class StartForm(forms.Form):
    session = forms.TypedChoiceField(label=_("After the session of"), coerce=int)
