"""The forms of ruptures and the fit review. Text is checked by the services (so the web and the API say the same
thing); the forms parse, label, and say beside each field who will read it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.access.policy import EngagementAccess
from cocreate.alliance.fit import MAX_SESSION, QUESTIONS
from cocreate.alliance.models import FitOutcome
from cocreate.care.models import Session
from cocreate.web.forms import set_choices, tell_readers

YES, NO = "yes", "no"


def readers(access: EngagementAccess) -> str:
    """Who reads what this person writes here: the other side (and a supervisor, should it be raised)."""
    if access.relation.value == "client":
        return str(_("Your care team will read this."))
    return str(_("%(client)s and your care team will read this.") % {"client": access.engagement.client.name})


def _text(label: Any, rows: int = 4) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}))


class RuptureForm(forms.Form):
    description = _text(_("What has not felt right, in your own words"))
    session = forms.ChoiceField(label=_("Was it about a session? (optional)"), required=False)

    def __init__(self, access: EngagementAccess, sessions: list[Session], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tell_readers(self, readers(access), "description")
        set_choices(self, "session", [("", _("Not about one session"))] + [
            (str(s.pk), f"{s.get_kind_display()}, {s.starts_at:%d %b %Y}") for s in sessions])

    def session_id(self) -> int | None:
        raw = self.cleaned_data.get("session") or ""
        return int(raw) if raw.isdigit() else None


class RepairForm(forms.Form):
    description = _text(_("What was done or said towards repair"), rows=3)

    def __init__(self, access: EngagementAccess, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tell_readers(self, readers(access), "description")


class WordForm(forms.Form):
    """The client's word. Nothing is asked to justify "not yet"."""

    repaired = forms.ChoiceField(label=_("Does it feel repaired?"), widget=forms.RadioSelect,
                                 choices=[(YES, _("It feels repaired")), (NO, _("Not yet"))],
                                 error_messages={"required": _("Choose “It feels repaired” or “Not yet”.")})
    note = _text(_("Anything you want to add (optional)"), rows=2)

    def __init__(self, access: EngagementAccess, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tell_readers(self, readers(access), "note")


class FitAnswerForm(forms.Form):
    show = forms.BooleanField(
        label=_("Show my answers now, before the other side answers"), required=False,
        help_text=_("Otherwise each side reads the other's answers once both have answered."))

    def __init__(self, access: EngagementAccess, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in QUESTIONS:
            self.fields[key] = _text(label, rows=3)
        self.order_fields([key for key, _label in QUESTIONS] + ["show"])
        tell_readers(self, readers(access), *(key for key, _label in QUESTIONS))
        for key, _label in QUESTIONS:
            self.fields[key].help_text = f"{self.fields[key].help_text} {_('Optional.')}"

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key, _label in QUESTIONS}


class FitProposeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("What we do next"), widget=forms.RadioSelect, choices=FitOutcome.choices,
                                error_messages={"required": _("Choose one of the outcomes.")})
    note = _text(_("A note about it (optional)"), rows=3)

    def __init__(self, access: EngagementAccess, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tell_readers(self, readers(access), "note")


class FitAgreeForm(forms.Form):
    outcome = forms.ChoiceField(choices=FitOutcome.choices, widget=forms.HiddenInput,
                                error_messages={"required": _("Say which outcome you agree to.")})


class FitPlanForm(forms.Form):
    at_session = forms.IntegerField(label=_("Review the fit after held session number"), min_value=1,
                                     max_value=MAX_SESSION,
                                     error_messages={"required": _("Choose the session after which to review "
                                                                   "the fit.")})


class ConfirmForm(forms.Form):
    """A button's own field, so that an empty or stray POST changes nothing."""

    confirm = forms.ChoiceField(choices=[(YES, YES)], widget=forms.HiddenInput,
                                error_messages={"required": _("Use the button on the page.")})
