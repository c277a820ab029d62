"""The forms of who we are, profiles and the reflection journal. Every text field is free text (the services keep
the limits); no field offers a list of categories to choose who one is from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.alliance import identity, reflection
from cocreate.alliance.identity_profiles import CREDENTIAL_LIMITS, PROFILE_LIMITS
from cocreate.alliance.models import Visibility


class IdentityForm(forms.Form):
    # A free-text heading; the starting points are offered in a datalist, never as a select.
    topic = forms.CharField(label=_("Heading, in your own words"), required=False, strip=False,
                            widget=forms.TextInput(attrs={"list": "identity-topics", "autocomplete": "off"}))
    text = forms.CharField(label=_("What you want known"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Visibility.choices, initial=Visibility.ONLY_ME,
                                   widget=forms.RadioSelect, required=False)

    def __init__(self, *args: Any, reader_hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].help_text = _("Up to %(n)d characters.") % {"n": identity.TOPIC_MAX}
        self.fields["text"].help_text = _("Up to %(n)d characters.") % {"n": identity.TEXT_MAX}
        if reader_hint:
            self.fields["visibility"].help_text = reader_hint


class ProfileForm(forms.Form):
    training = forms.CharField(label=_("Training"), required=False, strip=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    approach = forms.CharField(label=_("How you work"), required=False, strip=False,
                               widget=forms.Textarea(attrs={"rows": 4}))
    modalities = forms.CharField(label=_("Modalities"), required=False, strip=False,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("In your words, e.g. \"Internal Family Systems; somatic work\"."))
    languages = forms.CharField(label=_("Languages you work in"), required=False, strip=False)
    positionality = forms.CharField(
        label=_("Positionality statement"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How your identity and social location, and the power difference between you and a client, "
                    "may shape the work."))
    published = forms.BooleanField(label=_("Published: clients of the practice can read it"), required=False,
                                   help_text=_("Unticked, it is a draft only you can read."))
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, limit in PROFILE_LIMITS.items():
            field = self.fields[name]
            limit_text = _("Up to %(n)d characters.") % {"n": limit}
            field.help_text = f"{field.help_text} {limit_text}".strip()


class CredentialForm(forms.Form):
    title = forms.CharField(label=_("Credential"), required=False, strip=False,
                            help_text=_("e.g. \"Licensed psilocybin facilitator\""))
    issuer = forms.CharField(label=_("Issued by (state or body)"), required=False, strip=False)
    number = forms.CharField(label=_("Number"), required=False, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, limit in CREDENTIAL_LIMITS.items():
            self.fields[name].widget.attrs["maxlength"] = str(limit)


class ReflectionForm(forms.Form):
    prompt = forms.CharField(label=_("A question to start from (if you like)"), required=False, strip=False,
                             widget=forms.TextInput(attrs={"list": "reflection-questions", "autocomplete": "off"}))
    text = forms.CharField(label=_("Your reflection"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Only you read this, unless you share it with a supervisor."))
    session = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    practice = forms.TypedChoiceField(label=_("Practice"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, practices: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = " ".join([
            str(self.fields["text"].help_text), str(_("Up to %(n)d characters.") % {"n": reflection.REFLECTION_MAX})])
        choices = practices or []
        practice = self.fields["practice"]
        if isinstance(practice, forms.ChoiceField):
            practice.choices = choices
        if len(choices) < 2:
            practice.widget = forms.HiddenInput()
