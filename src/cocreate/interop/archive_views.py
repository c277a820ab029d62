"""Web views of the client's whole record: the client's downloads (one engagement, or all of theirs) and the care
team's export for a transfer (a page that says what it holds and why, and a POST that makes it)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.current import request_user
from cocreate.care.views import with_engagement
from cocreate.interop import selectors, services
from cocreate.interop.archive import SHARED_LABELS, Record, Scope
from cocreate.interop.archive_forms import CONTENT_TYPES, FORMS, file_name
from cocreate.interop.archive_forms import render as render_form

FORM_LABELS = {"zip": gettext_lazy("Everything in one zip (PDF, JSON, FHIR and your files)"),
               "pdf": gettext_lazy("PDF, to read and print"), "json": gettext_lazy("JSON, as data"),
               "fhir": gettext_lazy("FHIR R4, for other health software")}


class FormChoice(forms.Form):
    form = forms.ChoiceField(label=gettext_lazy("Format"), choices=[(f, FORM_LABELS[f]) for f in FORMS])


def download(record: Record, form: str) -> FileResponse:
    return FileResponse(render_form(record, form), as_attachment=True, filename=file_name(record, form),
                        content_type=CONTENT_TYPES[form])


def _form(form: str) -> str:
    if form not in FORMS:
        raise Http404
    return form


@login_required
@require_GET
def mine(request: HttpRequest, form: str) -> HttpResponse:
    """Everything of all the client's engagements."""
    form = _form(form)
    return cast(HttpResponse, download(selectors.own_archive(request_user(request), None), form))


@with_engagement(None)  # the client's own read: no event; anyone else is refused before anything is read
@require_GET
def engagement_record(request: HttpRequest, access: EngagementAccess, form: str) -> HttpResponse:
    form = _form(form)
    return cast(HttpResponse, download(selectors.own_archive_of(access), form))


def _transfer_page(request: HttpRequest, access: EngagementAccess, scope: Scope, chooser: FormChoice,
                   status: int = 200) -> HttpResponse:
    shared = [str(SHARED_LABELS[k]) for k in SHARED_LABELS if k in scope.sections]
    return render(request, "interop/transfer_export.html", {
        "engagement": access.engagement, "client": access.engagement.client, "shared": shared,
        "left_out": [str(SHARED_LABELS[k]) for k in scope.left_out], "chooser": chooser}, status=status)


@with_engagement(None)
@require_http_methods(["GET", "POST"])
def transfer_export(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    """GET: what the export holds, and why the rest is not in it. POST: the export itself, recorded as a read of
    the whole record and told to the client."""
    scope = selectors.transfer_preview(access, request_user(request))
    if request.method == "GET":
        return _transfer_page(request, access, scope, FormChoice(initial={"form": "zip"}))
    chooser = FormChoice(request.POST)
    if not chooser.is_valid():
        return _transfer_page(request, access, scope, chooser, status=400)
    record = services.archive_transfer_export(actor=request_user(request), access=access)
    return cast(HttpResponse, download(record, chooser.cleaned_data["form"]))  # streamed, as the journal's zip

