"""Web views of the library: thin, each calling one selector or service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.access import services as access_services
from cocreate.access.policy import Action, EngagementAccess, NotAllowed, require
from cocreate.accounts import selectors as account_selectors
from cocreate.accounts.current import request_user
from cocreate.accounts.models import Role
from cocreate.care import selectors as care_selectors
from cocreate.care.forms import readers_of
from cocreate.care.views import with_engagement
from cocreate.library import selectors, services
from cocreate.library.forms import TEXT_FIELDS, AskForm, QuestionForm, ReplyForm, TopicEditForm, TopicForm
from cocreate.library.models import Topic
from cocreate.web.forms import add_service_errors, small_int, tell_readers

MEMBERS = tuple(Role.values)


@login_required
@require_http_methods(["GET"])
def library(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id, roles=MEMBERS)
    return render(request, "library/library.html", {"page": selectors.library_page(user, practice)})


@login_required
@require_http_methods(["GET", "POST"])
def topic_new(request: HttpRequest, practice_id: int) -> HttpResponse:
    user = request_user(request)
    practice = account_selectors.practice_for(user, practice_id)  # facilitators and admins
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                actor=user, practice=practice, kind=form.cleaned_data["kind"], slug=form.cleaned_data["slug"],
                **form.texts(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Topic added to the library."))
            return redirect("topic", topic_id=topic.pk)
    return render(request, "library/topic_form.html",
                  {"form": form, "practice": practice, "title": _("Add a topic")},
                  status=400 if form.errors else 200)


def _topic_page(request: HttpRequest, topic: Topic, status: int = 200, ask_form: AskForm | None = None
                ) -> HttpResponse:
    page = selectors.topic_page(request_user(request), topic)
    if ask_form is None and page.is_client and page.engagements:
        ask_form = AskForm(engagements=_engagement_choices(page))
    return render(request, "library/topic.html", {"page": page, "topic": topic, "ask_form": ask_form},
                  status=status)


def _engagement_choices(page: selectors.TopicPage) -> list[tuple[int, str]]:
    return [(e.pk, str(e)) for e in page.engagements]


@login_required
@require_http_methods(["GET"])
def topic_detail(request: HttpRequest, topic_id: int) -> HttpResponse:
    return _topic_page(request, selectors.topic_for(request_user(request), topic_id))


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: HttpRequest, topic_id: int) -> HttpResponse:
    user = request_user(request)
    topic = selectors.topic_for(user, topic_id)
    if not selectors.may_edit_topics(user, topic.practice_id):
        raise NotAllowed(_("Only the practice's facilitators and admins edit its library."))
    initial: dict[str, Any] = {f: getattr(topic, f) for f in TEXT_FIELDS}
    initial["updated"] = topic.updated.isoformat()
    form = TopicEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_update(actor=user, topic=topic, changes=form.texts(),
                                  expected_updated=form.cleaned_data["updated"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Topic saved."))
            return redirect("topic", topic_id=topic.pk)
    return render(request, "library/topic_form.html",
                  {"form": form, "practice": topic.practice, "topic": topic,
                   "title": _("Edit %(topic)s") % {"topic": topic.title}},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def topic_read(request: HttpRequest, topic_id: int) -> HttpResponse:
    user = request_user(request)
    topic = selectors.topic_for(user, topic_id)
    services.topic_mark_read(actor=user, topic=topic)
    messages.success(request, _("Marked as read."))
    return redirect("topic", topic_id=topic.pk)


@login_required
@require_POST
def topic_ask(request: HttpRequest, topic_id: int) -> HttpResponse:
    """A client's question about a topic, asked in one of their engagements (404 if the id is not theirs)."""
    user = request_user(request)
    topic = selectors.topic_for(user, topic_id)
    page = selectors.topic_page(user, topic)
    if not page.is_client or not page.engagements:
        raise NotAllowed(_("Questions are asked within a course of care."))
    form = AskForm(request.POST, engagements=_engagement_choices(page))
    if form.is_valid():
        access = care_selectors.engagement_for(user, form.cleaned_data["engagement"], what=None)
        try:
            question = services.question_ask(actor=user, access=access, body=form.cleaned_data["body"], topic=topic)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your question was sent to your care team."))
            return redirect("question", engagement_id=access.engagement.pk, question_id=question.pk)
    return _topic_page(request, topic, status=400, ask_form=form)


def _question_form(access: EngagementAccess, data: Any = None) -> QuestionForm:
    form = QuestionForm(data, topics=selectors.topic_choices(access.engagement.practice))
    return tell_readers(form, readers_of(access), "body")


@with_engagement("questions")
@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest, access: EngagementAccess) -> HttpResponse:
    if request.method == "POST":
        require(access, Action.WRITE_SHARED_NOTE)
    form = _question_form(access, request.POST or None)
    if request.method == "POST" and form.is_valid():
        topic_id = form.cleaned_data["topic"]
        topic = selectors.practice_topic(access.engagement.practice_id, topic_id) if topic_id else None
        try:
            question = services.question_ask(
                actor=request_user(request), access=access, body=form.cleaned_data["body"], topic=topic
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Question sent."))
            return redirect("question", engagement_id=access.engagement.pk, question_id=question.pk)
    if request.method == "POST":  # the page shown back reads the questions: record it as the GET would
        access_services.access_record(actor=request_user(request), access=access, what="questions")
    page = small_int(request.GET.get("page")) or 1
    shown = selectors.questions_for(access, offset=(page - 1) * QUESTIONS_PER_PAGE,
                                    limit=QUESTIONS_PER_PAGE + 1)
    return render(request, "library/questions.html", {
        "access": access, "engagement": access.engagement, "questions": shown[:QUESTIONS_PER_PAGE],
        "page": page, "older": len(shown) > QUESTIONS_PER_PAGE,
        "form": form, "can_ask": access.may(Action.WRITE_SHARED_NOTE),
    }, status=400 if form.errors else 200)


QUESTIONS_PER_PAGE = 25


@with_engagement("questions")
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, access: EngagementAccess, question_id: int) -> HttpResponse:
    thread = selectors.question_in(access, question_id)
    if request.method == "POST":
        require(access, Action.WRITE_SHARED_NOTE)
    form = tell_readers(ReplyForm(request.POST or None), readers_of(access), "body")
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.question_reply(
                actor=request_user(request), access=access, question=thread, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            url = reverse("question", args=[access.engagement.pk, thread.pk])
            return redirect(f"{url}#reply-{reply.pk}")
    if request.method == "POST":
        access_services.access_record(actor=request_user(request), access=access, what="questions")
    return render(request, "library/question.html", {
        "access": access, "engagement": access.engagement, "question": thread, "form": form,
        "can_reply": access.may(Action.WRITE_SHARED_NOTE),
    }, status=400 if form.errors else 200)
