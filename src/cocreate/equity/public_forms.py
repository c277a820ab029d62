"""Forms of the public page: its settings, a facilitator's listing, a consultation request, and the practice's
answers to one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.care.models import Kind
from cocreate.equity.models import MESSAGE_MAX, TEXT_MAX, TimeOfWeek
from cocreate.equity.public import LIVED_MAX, SLUG_MAX, WHO_READS_MAX
from cocreate.equity.public_requests import EMAIL_MAX, NAME_MAX


class PublicPageForm(forms.Form):
    slug = forms.CharField(label=_("Address of the page"), max_length=SLUG_MAX,
                           help_text=_("The page will be at /p/<this>/. Lower-case letters, digits and hyphens."))
    published = forms.BooleanField(label=_("Published: anyone may read the page"), required=False)
    about = forms.CharField(label=_("About the practice"), widget=forms.Textarea(attrs={"rows": 4}),
                            max_length=TEXT_MAX, required=False, help_text=_("Public: anyone may read this."))
    offers = forms.CharField(label=_("What we offer"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=TEXT_MAX, required=False, help_text=_("Public: anyone may read this."))
    who_reads = forms.CharField(label=_("Who reads a request"), widget=forms.Textarea(attrs={"rows": 3}),
                                max_length=WHO_READS_MAX, required=False,
                                help_text=_("Shown beside the request form. Left empty, it names the practice's "
                                            "admins and facilitators, who are the ones told of each request."))
    accepts_requests = forms.BooleanField(label=_("Accept consultation requests through the page"), required=False)


class ListingForm(forms.Form):
    times = forms.MultipleChoiceField(label=_("When you have times"), choices=TimeOfWeek.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    lived_experience = forms.CharField(
        label=_("Lived experience, in your own words"), widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LIVED_MAX, required=False,
        help_text=_("Public: anyone reading the practice's public page may read this, and people may look for words "
                    "in it. Write only what you want known."))
    taking_clients = forms.BooleanField(label=_("Taking new clients"), required=False)
    tiers = forms.TypedMultipleChoiceField(label=_("Fee tiers you have room at"), coerce=int, required=False,
                                           widget=forms.CheckboxSelectMultiple)


class RequestForm(forms.Form):
    name = forms.CharField(label=_("Your name (optional)"), max_length=NAME_MAX, required=False,
                           help_text=_("Any name you like to be called."))
    email = forms.CharField(label=_("Your email"), max_length=EMAIL_MAX,
                            help_text=_("Only to reply to you."), widget=forms.EmailInput)
    message = forms.CharField(label=_("Anything you would like to say (optional)"), max_length=MESSAGE_MAX,
                              required=False, widget=forms.Textarea(attrs={"rows": 5}))
    facilitator = forms.TypedChoiceField(label=_("Facilitator you would like to meet (optional)"), coerce=int,
                                         empty_value=None, required=False)
    tier = forms.TypedChoiceField(label=_("Fee tier you are thinking of (optional)"), coerce=int,
                                  empty_value=None, required=False)
    # The honeypot: hidden from people (and from screen readers); a program filling every field fills it.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class AcceptForm(forms.Form):
    kind = forms.ChoiceField(label=_("The work to open when they accept"), choices=Kind.choices)


class DeclineForm(forms.Form):
    reply = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_MAX,
                            help_text=_("Emailed to the person. Do not name anything clinical."))
    referral = forms.CharField(label=_("A referral, if you know one (optional)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX,
                               help_text=_("Emailed with your reply."))
