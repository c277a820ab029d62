"""Web views of the journal: the client's pages (write an entry with pictures and voice notes, share it or stop
sharing, delete it after a confirmation), the care team's reading of what is shared, and each file, served only
through the access policy."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.access.policy import EngagementAccess, NotAllowed
from cocreate.accounts.current import request_user
from cocreate.care.views import with_engagement
from cocreate.integration import files, journal
from cocreate.integration.selectors import client_today, seen
from cocreate.web.forms import add_service_errors


class ManyFilesInput(forms.FileInput):
    allow_multiple_selected = True


class ManyFilesField(forms.FileField):
    """The files chosen, as a list; what they contain is checked by the service, not here."""

    widget = ManyFilesInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        chosen = data if isinstance(data, list | tuple) else [data]
        return [f for f in chosen if f]


class EntryForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What you want to write"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Only you read this, unless you share the entry with your care team."))
    on = forms.DateField(label=gettext_lazy("The day it is about"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    attachments = ManyFilesField(
        label=gettext_lazy("Drawings, photos, voice notes"), required=False,
        widget=ManyFilesInput(attrs={"accept": files.ACCEPT}))
    share = forms.BooleanField(label=gettext_lazy("Share this entry with my care team"), required=False,
                               help_text=gettext_lazy("Leave it unticked to keep it to yourself. You can share it, "
                                                      "or stop sharing it, at any time."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = " ".join([
            files.limits_text(), _("Location and camera details are taken out of pictures."),
            _("Only you see them, unless you share the entry.")])


def _on_form(exc: ValidationError) -> ValidationError:
    """The service names the files `files`, as the API does; on this form they are `attachments`."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({("attachments" if field == "files" else field): errors
                            for field, errors in exc.error_dict.items()})


def _page(request: HttpRequest, access: EngagementAccess, form: EntryForm | None, status: int = 200) -> HttpResponse:
    client = access.is_client
    page = journal.journal_page(access, request.GET.get("page") or 1)
    return render(request, "integration/journal.html", {
        "engagement": access.engagement, "is_client": client, "form": form, "page": page,
        "entries": page.object_list, "client_name": access.engagement.client.name,
    }, status=status)


@with_engagement("journal")
@require_http_methods(["GET", "POST"])
def journal_page(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """The journal: the client's own, with the form for a new entry; for anyone else what the client shares."""
    if request.method == "GET":
        form = EntryForm(initial={"on": client_today(access)}) if access.is_client else None
        return _page(request, access, form)
    form = EntryForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            entry = journal.journal_add(actor=request_user(request), access=access, text=form.cleaned_data["text"],
                                        on=form.cleaned_data["on"], uploads=form.cleaned_data["attachments"],
                                        share=form.cleaned_data["share"])
        except ValidationError as exc:
            add_service_errors(form, _on_form(exc))
        else:
            messages.success(request, _("Saved, and shared with your care team.") if entry.shared_at
                             else _("Saved. Only you can see it."))
            return redirect(journal.journal_url(access, entry))
    if request.FILES:
        form.add_error(None, _("Nothing was saved. Files are not kept when something needs correcting: choose them "
                               "(or record the voice note) again."))
    return _page(request, access, form, status=400)


@with_engagement(None)
@require_POST
def share(request: HttpRequest, access: EngagementAccess, entry_id: int) -> HttpResponse:
    entry = journal.journal_entry(access, entry_id)
    shared = request.POST.get("shared") in ("yes", "1", "on", "true")
    try:
        journal.journal_share(actor=request_user(request), access=access, entry=entry, shared=shared)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Shared with your care team.") if shared
                         else _("No longer shared: your care team no longer sees this entry."))
    return redirect(journal.journal_url(access, entry))


@with_engagement(None)
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, access: EngagementAccess, entry_id: int) -> HttpResponse:
    """A confirmation first; then the entry's words and files go for good."""
    entry = journal.journal_entry(access, entry_id)
    if not access.is_client:
        raise NotAllowed(_("Only the client deletes their journal entries."))
    if request.method == "GET" or entry.deleted_at is not None:
        return render(request, "integration/journal_delete.html", {"engagement": access.engagement, "entry": entry})
    journal.journal_delete(actor=request_user(request), access=access, entry=entry)
    messages.success(request, _("Deleted. Its words and files are gone."))
    return redirect(journal.journal_url(access, entry))


@with_engagement(None)
@require_GET
def file(request: HttpRequest, access: EngagementAccess, file_uid: uuid.UUID) -> HttpResponse:
    """One file, as the access policy allows. A page shows its pictures and plays its sounds: their reads are one
    with the page's, recorded once within half an hour."""
    found = journal.journal_file(access, file_uid)
    seen(request_user(request), access, "journal file", once_within=timedelta(minutes=30))
    # Streamed, so not an HttpResponse by class; the decorators need only what every response has.
    return cast(HttpResponse, files.serve(request, found))


J = "engagements/<int:engagement_id>/integration/journal/"

urlpatterns: list[URLPattern] = [
    path(J, journal_page, name="integration_journal"),
    path(J + "<int:entry_id>/share/", share, name="integration_journal_share"),
    path(J + "<int:entry_id>/delete/", delete, name="integration_journal_delete"),
    path(J + "files/<uuid:file_uid>/", file, name="integration_journal_file"),
]
