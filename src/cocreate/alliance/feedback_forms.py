"""The feedback forms: four 0-10 ratings (each may be left out), two optional questions, who to send it to; a
message; an acknowledgement with an optional reply; the cadence. Beside every field someone else will read, who
that is."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.models import User
from cocreate.alliance import feedback as found
from cocreate.alliance.models import TEXT_MAX, Addressee
from cocreate.care.models import Engagement
from cocreate.care.selectors import facilitators_on
from cocreate.web.forms import set_choices

LEAVE_OUT = gettext_lazy("Leave this one out")


def _names(people: list[User]) -> str:
    return ", ".join(p.name for p in people)


def readers_line(engagement: Engagement) -> str:
    """Who reads what the client writes here: those they send it to."""
    team = _names(facilitators_on(engagement))
    leads = found.leads_for(engagement)
    if not leads:
        return _("Your care team (%(team)s) will read this.") % {"team": team}
    return _("Whoever you send it to below will read this: your care team (%(team)s), or instead the practice's "
             "clinical lead (%(lead)s).") % {"team": team, "lead": _names(leads)}


def _to_field(engagement: Engagement) -> forms.ChoiceField:
    leads = found.leads_for(engagement)
    choices = [(Addressee.CARE_TEAM.value, _("My care team"))]
    if leads:
        choices.append((Addressee.LEAD.value, _("Instead of my care team, the practice's clinical lead (%(lead)s)")
                        % {"lead": _names(leads)}))
        help_text = _("If something feels hard to tell your care team, or you do not feel safe telling them, you "
                      "can send it to the clinical lead, who supervises the practice's work. Your care team will "
                      "not see it. The lead can talk it through with you.")
    else:
        help_text = _("Your practice has no clinical lead outside your care team, so this goes to your care team.")
    return forms.ChoiceField(label=gettext_lazy("Send this to"), choices=choices, initial=Addressee.CARE_TEAM.value,
                             widget=forms.RadioSelect, help_text=help_text,
                             error_messages={"required": gettext_lazy("Choose who to send this to."),
                                             "invalid_choice": gettext_lazy("Choose who to send this to.")})


class SessionFeedbackForm(forms.Form):
    better = forms.CharField(label=gettext_lazy("What could be better?"), required=False, max_length=TEXT_MAX,
                             widget=forms.Textarea(attrs={"rows": 3}))
    unsaid = forms.CharField(label=gettext_lazy("Is there something you did not feel able to say?"),
                             required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        low, high = found.scale()
        options = [(str(o.value), o.label) for o in found.instrument().options]
        ratings = {}
        for item in found.instrument().items:
            ratings[f"rating_{item.id}"] = forms.TypedChoiceField(
                label=item.text or item.id, required=False, coerce=int, empty_value=None,
                choices=[*options, ("", LEAVE_OUT)], initial="", widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose a number from %(low)d to %(high)d, or leave it out.")
                                % {"low": low, "high": high}})
        # The ratings first, then the two questions, then who it goes to.
        self.fields = {**ratings, **self.fields, "to": _to_field(engagement)}
        readers = readers_line(engagement)
        for name in ("better", "unsaid"):
            self.fields[name].help_text = readers

    def ratings(self) -> dict[str, object]:
        return {name.removeprefix("rating_"): value for name, value in self.cleaned_data.items()
                if name.startswith("rating_")}

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("rating_")]


class MessageForm(forms.Form):
    message = forms.CharField(label=gettext_lazy("Tell your therapist something"), max_length=TEXT_MAX,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": gettext_lazy("Write what you would like them to know.")})

    def __init__(self, *args: Any, engagement: Engagement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"] = _to_field(engagement)
        self.fields["message"].help_text = readers_line(engagement)


class AcknowledgeForm(forms.Form):
    reply = forms.CharField(label=gettext_lazy("Reply (if you like)"), required=False, max_length=TEXT_MAX,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, client_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reply"].help_text = _("%(name)s will read this, with your name and when you read it.") % {
            "name": client_name}


class CadenceForm(forms.Form):
    every_nth = forms.TypedChoiceField(label=gettext_lazy("Ask for feedback"), coerce=int, widget=forms.RadioSelect,
                                       error_messages={"required": gettext_lazy("Choose how often."),
                                                       "invalid_choice": gettext_lazy("Choose how often.")})

    def __init__(self, *args: Any, is_client: bool, current: int, **kwargs: Any) -> None:
        kwargs["initial"] = {"every_nth": str(current)}
        super().__init__(*args, **kwargs)
        offered = sorted({1, 2, 3, 4, current} - {0})  # a cadence set through the API to another n is offered too
        choices = [(str(n), found.cadence_words(n).capitalize()) for n in offered]
        choices.append(("0", _("Not after sessions: I will say when I want to") if is_client
                        else _("Not after sessions")))
        set_choices(self, "every_nth", choices)
        self.fields["every_nth"].help_text = (
            _("Either of you can change this; your care team is told.") if is_client
            else _("Either of you can change this; the client is told."))
