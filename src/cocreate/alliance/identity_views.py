"""Web pages of who we each are: "Who I am" (a person's own items, each with its visibility), a facilitator's
profile per practice (written at accounts/profile/<practice>/, read by the practice's members once published),
and the practice's list of facilitators. The reflection journal's pages join them from their own module."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.accounts.current import request_user
from cocreate.accounts.models import Practice, User
from cocreate.alliance import identity, identity_reflection_views, reflection
from cocreate.alliance import identity_profiles as profiles
from cocreate.alliance.identity_forms import CredentialForm, IdentityForm, ProfileForm
from cocreate.alliance.models import IdentityItem, Profile, Visibility
from cocreate.web.forms import add_service_errors


def _reader_hint(user: User) -> str:
    roles = {m.role for m in user.memberships.all()}
    if roles <= {"client"}:
        return _("\"The people I work with here\" means your care teams. \"Only me\" means nobody else, ever.")
    return _("\"The people I work with here\" means your clients and your colleagues in the practice. \"Only me\" "
             "means nobody else, ever.")


def _who_page(request: HttpRequest, form: IdentityForm | None = None, status: int = 200) -> HttpResponse:
    user = request_user(request)
    topic = request.GET.get("topic", "")[: identity.TOPIC_MAX]
    if form is None:
        form = IdentityForm(initial={"topic": topic, "visibility": Visibility.ONLY_ME},
                            reader_hint=_reader_hint(user))
    return render(request, "alliance/identity.html", {
        "items": identity.own_items(user), "form": form, "topics": identity.SUGGESTED_TOPICS,
        "practices": profiles.facilitator_practices(user), "writes_reflections": reflection.is_writer(user),
        "shared": Visibility.SHARED,
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def who_i_am(request: HttpRequest) -> HttpResponse:
    """The person's own items, and a form for a new one: any heading, in their words."""
    if request.method == "GET":
        return _who_page(request)
    user = request_user(request)
    form = IdentityForm(request.POST, reader_hint=_reader_hint(user))
    if form.is_valid():
        try:
            item = identity.identity_add(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kept. The people you work with here can read it.")
                             if item.visibility == Visibility.SHARED else _("Kept. Only you can read it."))
            return redirect(reverse("alliance_who_i_am") + f"#item-{item.pk}")
    return _who_page(request, form, status=400)


def _item_page(request: HttpRequest, item: IdentityItem, form: IdentityForm, status: int = 200) -> HttpResponse:
    return render(request, "alliance/identity_item.html",
                  {"item": item, "form": form, "topics": identity.SUGGESTED_TOPICS}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def who_i_am_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """Change one of one's own items (its heading, words or visibility)."""
    user = request_user(request)
    item = identity.own_item(user, item_id)
    if request.method == "GET":
        return _item_page(request, item, IdentityForm(
            initial={"topic": item.topic, "text": item.text, "visibility": item.visibility},
            reader_hint=_reader_hint(user)))
    form = IdentityForm(request.POST, reader_hint=_reader_hint(user))
    if form.is_valid():
        try:
            identity.identity_update(actor=user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("alliance_who_i_am") + f"#item-{item.pk}")
    item.refresh_from_db()
    return _item_page(request, item, form, status=400)


@login_required
@require_POST
def who_i_am_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    user = request_user(request)
    identity.identity_delete(actor=user, item=identity.own_item(user, item_id))
    messages.success(request, _("Deleted. Nobody reads it again."))
    return redirect("alliance_who_i_am")


# Profiles.

def _version(profile: Profile | None) -> str:
    return profile.changed.isoformat() if profile is not None else ""


def _profile_initial(profile: Profile | None) -> dict[str, Any]:
    if profile is None:
        return {"version": ""}
    return {name: getattr(profile, name) for name in (*profiles.PROFILE_LIMITS, "published")} | {
        "version": _version(profile)}


def _edit_page(request: HttpRequest, practice: Practice, *, form: ProfileForm | None = None,
               credential_form: CredentialForm | None = None, status: int = 200) -> HttpResponse:
    user = request_user(request)
    profile = profiles.own_profile(user, practice)
    if form is None:
        form = ProfileForm(initial=_profile_initial(profile))
    if credential_form is None:
        credential_form = CredentialForm()
    return render(request, "alliance/profile_edit.html", {
        "practice": practice, "profile": profile, "form": form,
        "credential_form": credential_form,
        "credentials": list(profile.credentials.all()) if profile else [],
    }, status=status)


def _when(raw: str) -> datetime | None:
    try:
        return datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, practice_id: int) -> HttpResponse:
    """The facilitator writes their profile in this practice; published or kept as a draft."""
    user = request_user(request)
    practice = profiles.facilitator_practice(user, practice_id)
    if request.method == "GET":
        return _edit_page(request, practice)
    form = ProfileForm(request.POST)
    if "version" not in request.POST:  # not from the page: an empty or stray POST changes nothing
        form.is_valid()
        form.add_error(None, _("Nothing was saved: the form arrived incomplete. Open the page again and save."))
        return _edit_page(request, practice, form=form, status=400)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = _when(data.pop("version"))
        try:
            saved = profiles.profile_save(actor=user, practice=practice, version=version, **data)
        except ValidationError as exc:
            if "__all__" in exc.message_dict:  # refused against a newer version: show that version instead
                messages.error(request, " ".join(exc.message_dict["__all__"]))
                return _edit_page(request, practice, status=409)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Published: clients of the practice can read it.") if saved.published
                             else _("Saved as a draft: only you can read it."))
            return redirect("alliance_profile_edit", practice_id=practice.pk)
    return _edit_page(request, practice, form=form, status=400)


@login_required
@require_POST
def credential_add(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = profiles.facilitator_practice(user, practice_id)
    form = CredentialForm(request.POST)
    if form.is_valid():
        try:
            profiles.credential_add(actor=user, practice=practice, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Credential added."))
            return redirect(reverse("alliance_profile_edit", args=[practice.pk]) + "#credentials")
    return _edit_page(request, practice, credential_form=form, status=400)


@login_required
@require_POST
def credential_remove(request: HttpRequest, practice_id: int, credential_id: int) -> HttpResponse:
    user = request_user(request)
    practice = profiles.facilitator_practice(user, practice_id)
    profiles.credential_remove(actor=user, practice=practice, credential_id=credential_id)
    messages.success(request, _("Credential removed."))
    return redirect(reverse("alliance_profile_edit", args=[practice.pk]) + "#credentials")


@login_required
@require_GET
def facilitators(request: HttpRequest, practice_id: int) -> HttpResponse:
    """The practice's facilitators who have published a profile, for any member of the practice to read."""
    user = request_user(request)
    practice = profiles.member_practice(user, practice_id)
    return render(request, "alliance/profile_list.html", {
        "practice": practice, "profiles": profiles.published_profiles(practice),
        "is_facilitator": practice in profiles.facilitator_practices(user),
    })


@login_required
@require_GET
def profile(request: HttpRequest, practice_id: int, user_id: int) -> HttpResponse:
    """One facilitator's profile: published, or one's own draft; with what they share of who they are, where the
    reader works with them."""
    user = request_user(request)
    practice = profiles.member_practice(user, practice_id)
    found = profiles.profile_for(user, practice, user_id)
    return render(request, "alliance/profile.html", {
        "practice": practice, "profile": found, "credentials": list(found.credentials.all()),
        "items": [i for i in identity.visible_items(user, found.person) if i.visibility == Visibility.SHARED],
        "is_own": found.person_id == user.pk,
    })


urlpatterns: list[URLPattern] = [
    path("accounts/who-i-am/", who_i_am, name="alliance_who_i_am"),
    path("accounts/who-i-am/<int:item_id>/", who_i_am_item, name="alliance_who_i_am_item"),
    path("accounts/who-i-am/<int:item_id>/delete/", who_i_am_delete, name="alliance_who_i_am_delete"),
    path("accounts/profile/<int:practice_id>/", profile_edit, name="alliance_profile_edit"),
    path("accounts/profile/<int:practice_id>/credentials/", credential_add, name="alliance_credential_add"),
    path("accounts/profile/<int:practice_id>/credentials/<int:credential_id>/remove/", credential_remove,
         name="alliance_credential_remove"),
    path("practices/<int:practice_id>/facilitators/", facilitators, name="alliance_facilitators"),
    path("practices/<int:practice_id>/facilitators/<int:user_id>/", profile, name="alliance_profile"),
    *identity_reflection_views.urlpatterns,
]
