"""Forms of the care app: they collect input; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.access.policy import EngagementAccess, Relation
from cocreate.care.models import NOTE_MAX_LENGTH, Kind, Phase, SessionKind
from cocreate.care.phases import next_phases
from cocreate.web.forms import set_choices, tell_readers


class EngagementForm(forms.Form):
    client = forms.TypedChoiceField(label=_("Client"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of care"), choices=Kind.choices)
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)


class PhaseForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("Move to phase"))
    reason = forms.CharField(label=_("Why (shown in the phase history)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


def readers_of(access: EngagementAccess) -> str:
    """Who reads what this person writes on the engagement, in words for the field it stands beside."""
    if access.relation is Relation.CLIENT:
        return str(_("Your care team will read this."))
    return str(_("%(name)s will read this.") % {"name": access.engagement.client.name})


def phase_form_for(access: EngagementAccess, data: Any = None) -> PhaseForm:
    """The phase form offering only the moves allowed from where the engagement stands."""
    form = PhaseForm(data)
    tell_readers(form, readers_of(access), "reason")
    labels = dict(Phase.choices)
    allowed = next_phases(access.engagement)
    set_choices(form, "to_phase", [(p, labels[p]) for p in allowed])
    return form


def note_form_for(access: EngagementAccess, data: Any = None) -> NoteForm:
    """The shared-note form, saying beside it who will read the note."""
    return tell_readers(NoteForm(data), readers_of(access), "body")


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=24 * 60, initial=60)
    location = forms.CharField(label=_("Place or video link"), max_length=500, required=False)
    planned_dose_mg = forms.DecimalField(
        label=_("Planned dose in mg (medicine sessions)"), required=False, min_value=Decimal("0.01"),
        max_value=Decimal("9999.99"), max_digits=6, decimal_places=2,
        help_text=_("Some protocols set the session's minimum length by the dose."))


class RescheduleForm(SessionForm):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=2000, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        del self.fields["kind"]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is the session cancelled?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Shared note"), max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}))


class PrivateNoteForm(NoteForm):
    """Sits beside the shared-note form on one page, so its ids and label differ."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_private_%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Private note")


class SupervisionReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need to open this caseload?"), min_length=10, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
