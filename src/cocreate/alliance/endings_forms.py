"""Forms of endings and of the care team's proposals: they collect input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.selectors import facilitators_of
from cocreate.alliance.models import SHORT_MAX, TEXT_MAX
from cocreate.alliance.team import COVER_HOURS, MAX_COVER_HOURS, SHAREABLE
from cocreate.care import selectors as care_selectors
from cocreate.care.forms import readers_of
from cocreate.web.forms import set_choices, tell_readers


class ClientEndingForm(forms.Form):
    """The client's: end the work at once, or ask to. Nothing here is required."""

    reasons = forms.CharField(
        label=_("Why, if you want to say"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words, if you want to say why. Your care team will read this."))
    referral_to = forms.CharField(
        label=_("Where you would like to turn next"), required=False, max_length=SHORT_MAX,
        help_text=_("A person, a service or a place, if you want your care team to know or to refer you on. "
                    "Your care team will read this."))


class TeamEndingForm(forms.Form):
    """The care team's proposal to end, with a note the client reads."""

    note = forms.CharField(label=_("Why you propose ending"), max_length=TEXT_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # required by the service, in its words
    referral_to = forms.CharField(label=_("Referral (where to)"), required=False, max_length=SHORT_MAX)


class DeclineForm(forms.Form):
    """The care team's answer to the client's ask, when it is not yet: it says why."""

    note = forms.CharField(label=_("Why not now"), max_length=TEXT_MAX, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # required by the service, in its words


class ReferralForm(forms.Form):
    referral_to = forms.CharField(label=_("Referral (where to)"), max_length=SHORT_MAX,
                                  help_text=_("A person, a service or a place."))


def client_ending_form(data: Any = None) -> ClientEndingForm:
    return ClientEndingForm(data)


def team_ending_form(access: EngagementAccess, data: Any = None) -> TeamEndingForm:
    return tell_readers(TeamEndingForm(data), readers_of(access), "note", "referral_to")


def decline_form(access: EngagementAccess, data: Any = None) -> DeclineForm:
    return tell_readers(DeclineForm(data), readers_of(access), "note")


def referral_form(access: EngagementAccess, data: Any = None) -> ReferralForm:
    return tell_readers(ReferralForm(data), readers_of(access), "referral_to")


class ProposeForm(forms.Form):
    facilitator = forms.TypedChoiceField(label=_("Colleague"), coerce=int)
    why = forms.CharField(label=_("Why them"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    transfer = forms.BooleanField(
        label=_("A transfer: I hand over to them"), required=False,
        help_text=_("Once the client accepts, they join and you leave the care team; the client chooses what of "
                    "the record is shared with them."))


class CoverForm(forms.Form):
    facilitator = forms.TypedChoiceField(label=_("Colleague"), coerce=int)
    why = forms.CharField(label=_("The emergency"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    hours = forms.IntegerField(label=_("For how many hours"), min_value=1, max_value=MAX_COVER_HOURS,
                               initial=COVER_HOURS, help_text=_("The cover ends by itself then (72 hours unless you "
                                                                "say otherwise; two weeks at most)."))


class AcceptForm(forms.Form):
    """The client accepting a transfer chooses what is shared with the colleague. Private notes are not on the
    list: they can never be shared."""

    shared = forms.MultipleChoiceField(
        label=_("What you share with them"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=list(SHAREABLE.items()),
        help_text=_("Only what you tick. Private notes are their author's alone and are never shared."))


def _colleagues(access: EngagementAccess, form: forms.Form) -> None:
    """The practice's facilitators not on the care team yet."""
    team_ids = {m.facilitator_id for m in care_selectors.care_team(access.engagement)}
    set_choices(form, "facilitator", [(f.pk, f.name) for f in facilitators_of(access.engagement.practice)
                                      if f.pk not in team_ids])


def propose_form(access: EngagementAccess, data: Any = None, *, transfer: bool = False) -> ProposeForm:
    form = ProposeForm(data, initial={"transfer": transfer})
    _colleagues(access, form)
    return tell_readers(form, readers_of(access), "why")


def cover_form(access: EngagementAccess, data: Any = None) -> CoverForm:
    form = CoverForm(data)
    _colleagues(access, form)
    return tell_readers(form, readers_of(access), "why")
