"""Web pages of the facilitator's reflection journal: the author's list and writing form (with the sessions
waiting for a moment of reflection), one entry (for its author, or the supervisor it is shared with), sharing and
taking back, deleting, "not now", and what supervisees have shared with a supervisor. No page here records an
access event: a reflection is the facilitator's, not client data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.accounts.current import request_user
from cocreate.accounts.models import User
from cocreate.alliance import reflection
from cocreate.alliance.identity_forms import ReflectionForm
from cocreate.web.forms import small_int


def _form(user: User, data: object = None, initial: dict[str, object] | None = None) -> ReflectionForm:
    practices = [(p.pk, p.name) for p in reflection.writer_practices(user)]
    return ReflectionForm(data, initial=initial, practices=practices)


def _list_page(request: HttpRequest, form: ReflectionForm, status: int = 200) -> HttpResponse:
    user = request_user(request)
    page = reflection.own_page(user, request.GET.get("page") or 1)
    session_id = form["session"].value()
    about = reflection.team_session(user, int(session_id)) if str(session_id or "").isdigit() else None
    return render(request, "alliance/reflection_list.html", {
        "form": form, "page": page, "entries": page.object_list, "questions": reflection.QUESTIONS,
        "prompts": reflection.open_prompts(user), "about": about,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def reflections(request: HttpRequest) -> HttpResponse:
    """The author's journal: the entries, newest first, and a form to write one (about a session, when the page
    was opened from the offer after it)."""
    user = request_user(request)
    reflection.writer_or_404(user)
    if request.method == "GET":
        session = small_int(request.GET.get("session"))
        about = reflection.team_session(user, session) if session is not None else None
        return _list_page(request, _form(user, initial={"session": about.pk if about else None}))
    form = _form(user, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = reflection.reflection_write(actor=user, text=data["text"], prompt=data["prompt"],
                                                session_id=data["session"], practice_id=data["practice"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields and field != "session" else None, errors)
        else:
            messages.success(request, _("Kept. Only you can read it."))
            return redirect(reflection.entry_url(entry))
    return _list_page(request, form, status=400)


@login_required
@require_GET
def shared_with_me(request: HttpRequest) -> HttpResponse:
    """What the facilitators a supervisor supervises have shared with them: the words only."""
    user = request_user(request)
    if not reflection.is_supervisor(user):
        raise Http404
    return render(request, "alliance/reflection_shared.html", {"entries": list(reflection.shared_with_me(user)[:200])})


@login_required
@require_GET
def entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = request_user(request)
    found = reflection.entry_for(user, entry_id)
    is_author = found.author_id == user.pk
    return render(request, "alliance/reflection.html", {
        "entry": found, "is_author": is_author,
        "supervisors": reflection.supervisors_for(user, found.practice_id) if is_author else [],
    })


@login_required
@require_POST
def share(request: HttpRequest, entry_id: int) -> HttpResponse:
    """shared=yes with a supervisor chosen shares the entry with them; shared=no takes it back. Anything else
    changes nothing and says what is missing."""
    user = request_user(request)
    found = reflection.entry_for(user, entry_id)
    if found.author_id != user.pk:
        raise Http404
    choice = request.POST.get("shared")
    supervisor = small_int(request.POST.get("supervisor"))
    if choice not in ("yes", "no") or (choice == "yes" and supervisor is None):
        messages.error(request, _("Choose a supervisor to share it with, or take it back."))
        return redirect(reflection.entry_url(found))
    try:
        reflection.reflection_share(actor=user, entry=found, supervisor_id=supervisor if choice == "yes" else None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Shared: your supervisor can read this entry.") if choice == "yes"
                         else _("Taken back: only you can read it."))
    return redirect(reflection.entry_url(found))


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    """A confirmation first; then the entry is gone for good."""
    user = request_user(request)
    found = reflection.entry_for(user, entry_id)
    if found.author_id != user.pk:
        raise Http404
    if request.method == "GET":
        return render(request, "alliance/reflection_delete.html", {"entry": found})
    reflection.reflection_delete(actor=user, entry=found)
    messages.success(request, _("Deleted. Its words are gone."))
    return redirect("alliance_reflections")


@login_required
@require_POST
def not_now(request: HttpRequest, session_id: int) -> HttpResponse:
    user = request_user(request)
    reflection.writer_or_404(user)
    reflection.reflection_not_now(actor=user, session_id=session_id)
    messages.success(request, _("Not now, then. The offer is set aside."))
    return redirect(reverse("alliance_reflections"))


urlpatterns: list[URLPattern] = [
    path("reflections/", reflections, name="alliance_reflections"),
    path("reflections/shared-with-me/", shared_with_me, name="alliance_reflections_shared"),
    path("reflections/<int:entry_id>/", entry, name="alliance_reflection"),
    path("reflections/<int:entry_id>/share/", share, name="alliance_reflection_share"),
    path("reflections/<int:entry_id>/delete/", delete, name="alliance_reflection_delete"),
    path("reflections/not-now/<int:session_id>/", not_now, name="alliance_reflection_not_now"),
]
