"""Forms of the library: they collect input; the services decide."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.library.models import (
    BODY_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    SECTION_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TopicKind,
)
from cocreate.web.forms import set_choices

TEXT_FIELDS = ("title", "summary", "body", "what_to_expect", "duration", "risks", "interactions", "sources")


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class TopicForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TopicKind.choices)
    slug = forms.CharField(
        label=_("Short name (optional)"), max_length=SLUG_MAX_LENGTH, required=False,
        help_text=_("Lowercase letters, digits and hyphens, used in links and plans. Left empty, it is made from "
                    "the title. It cannot be changed later."),
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    summary = forms.CharField(label=_("Summary"), max_length=SUMMARY_MAX_LENGTH, widget=_area(2),
                              help_text=_("One or two sentences, shown in the library list."))
    body = forms.CharField(label=_("About"), max_length=BODY_MAX_LENGTH, widget=_area(10),
                           help_text=_("Plain text. Leave a blank line between paragraphs."))
    what_to_expect = forms.CharField(label=_("What to expect"), max_length=SECTION_MAX_LENGTH, required=False,
                                     widget=_area(4))
    duration = forms.CharField(label=_("How long it lasts"), max_length=SECTION_MAX_LENGTH, required=False,
                               widget=_area(3))
    risks = forms.CharField(label=_("Risks"), max_length=SECTION_MAX_LENGTH, required=False, widget=_area(4))
    interactions = forms.CharField(label=_("Interactions with medicines and other substances"),
                                   max_length=SECTION_MAX_LENGTH, required=False, widget=_area(4),
                                   help_text=_("Required for substances; may stay empty for modalities."))
    sources = forms.CharField(label=_("Sources"), max_length=SECTION_MAX_LENGTH, required=False, widget=_area(4),
                              help_text=_("One source per line: authors, year, title, journal or official page."))

    def texts(self) -> dict[str, str]:
        return {f: self.cleaned_data[f] for f in TEXT_FIELDS}


class TopicEditForm(TopicForm):
    """Kind and short name stay as created; `updated` carries the version the editor started from."""

    updated = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        del self.fields["slug"]

    def clean_updated(self) -> datetime:
        try:
            return datetime.fromisoformat(self.cleaned_data["updated"])
        except ValueError:
            raise forms.ValidationError(_("This form is out of date; reload the page.")) from None


class AskForm(forms.Form):
    """On a topic page: a client's question about it, asked within one of their engagements."""

    engagement = forms.TypedChoiceField(label=_("Ask in"), coerce=int)
    body = forms.CharField(label=_("Your question"), max_length=QUESTION_MAX_LENGTH, widget=_area(4),
                           help_text=_("Your care team will read this, and can answer here."))

    def __init__(self, *args: Any, engagements: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "engagement", engagements)
        if len(engagements) == 1:  # nothing to choose: the question goes to the one engagement
            self.fields["engagement"].widget = forms.HiddenInput()
            self.fields["engagement"].initial = engagements[0][0]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "engagement" in self.errors and self.fields["engagement"].widget.is_hidden:
            # A hidden field shows no error of its own: say it where the person can see it.
            del self.errors["engagement"]
            self.add_error(None, _("This question cannot be sent to that course of care. Reload the page."))
        return cleaned


class QuestionForm(forms.Form):
    topic = forms.TypedChoiceField(label=_("About"), coerce=int, required=False, empty_value=None)
    body = forms.CharField(label=_("Your question"), max_length=QUESTION_MAX_LENGTH, widget=_area(4))

    def __init__(self, *args: Any, topics: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "topic", [("", _("Something else (no topic)")), *topics])


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), max_length=QUESTION_MAX_LENGTH, widget=_area(4))
