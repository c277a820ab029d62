"""Every write of the library: topics (staff), read marks (clients) and questions with replies (engagement)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.access.policy import Action, EngagementAccess, NotAllowed, has_role, require
from cocreate.accounts.models import Practice, Role, User
from cocreate.care.models import Phase
from cocreate.care.selectors import care_team
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notify
from cocreate.library.content import SHIPPED
from cocreate.library.models import (
    BODY_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    SECTION_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Question,
    Reply,
    Topic,
    TopicKind,
    TopicRead,
)
from cocreate.library.selectors import may_edit_topics

# Each editable text field: its label in messages, its longest length, and whether every topic needs it.
FIELDS: dict[str, tuple[str | Promise, int, bool]] = {
    "title": (gettext_lazy("The title"), TITLE_MAX_LENGTH, True),
    "summary": (gettext_lazy("The summary"), SUMMARY_MAX_LENGTH, True),
    "body": (gettext_lazy("The text"), BODY_MAX_LENGTH, True),
    "what_to_expect": (gettext_lazy("What to expect"), SECTION_MAX_LENGTH, False),
    "duration": (gettext_lazy("How long it lasts"), SECTION_MAX_LENGTH, False),
    "risks": (gettext_lazy("Risks"), SECTION_MAX_LENGTH, False),
    "interactions": (gettext_lazy("Interactions"), SECTION_MAX_LENGTH, False),
    "sources": (gettext_lazy("Sources"), SECTION_MAX_LENGTH, False),
}
# A substance page is about safety: it always says what to expect, for how long, its risks and interactions,
# and where that comes from. Modalities may leave the substance-only sections blank.
SUBSTANCE_REQUIRED = ("what_to_expect", "duration", "risks", "interactions", "sources")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _clean_text(value: str, field: str, *, max_length: int, required: bool, label: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in value:
        raise ValidationError({field: _("%(label)s contains a character that cannot be stored.") % {"label": label}})
    if required and not value:
        raise ValidationError({field: _("%(label)s cannot be empty.") % {"label": label}})
    if len(value) > max_length:
        raise ValidationError(
            {field: _("%(label)s holds at most %(max)d characters; this has %(n)d.")
             % {"label": label, "max": max_length, "n": len(value)}}
        )
    return value


def _clean_topic_fields(kind: str, values: Mapping[str, str]) -> dict[str, str]:
    """Every field checked at once, so a form shows all its mistakes together."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for field, (label, max_length, required) in FIELDS.items():
        required = required or (kind == TopicKind.SUBSTANCE and field in SUBSTANCE_REQUIRED)
        try:
            cleaned[field] = _clean_text(values.get(field, ""), field, max_length=max_length, required=required,
                                         label=str(label))
        except ValidationError as exc:
            errors.update({f: [str(m) for e in errs for m in e.messages] for f, errs in exc.error_dict.items()})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_slug(slug: str, title: str) -> str:
    slug = slug.strip() or slugify(title)[:SLUG_MAX_LENGTH].strip("-")
    if not SLUG_RE.match(slug) or len(slug) > SLUG_MAX_LENGTH:
        raise ValidationError({"slug": _("Use up to %(max)d lowercase letters, digits and single hyphens, "
                                         "e.g. breathwork.") % {"max": SLUG_MAX_LENGTH}})
    return slug


def _require_editor(actor: User, practice_id: int) -> None:
    if not may_edit_topics(actor, practice_id):
        raise NotAllowed(_("Only the practice's facilitators and admins edit its library."))


def topic_create(*, actor: User, practice: Practice, kind: str, title: str, slug: str = "", **texts: str) -> Topic:
    """A new topic; `texts` are the other fields of FIELDS (summary, body, risks ...)."""
    _require_editor(actor, practice.pk)
    unknown = set(texts) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown topic fields: {sorted(unknown)}")
    if kind not in TopicKind.values:
        raise ValidationError({"kind": _("Choose modality or substance.")})
    fields = _clean_topic_fields(kind, {**texts, "title": title})
    slug = _clean_slug(slug, fields["title"])
    taken = ValidationError({"slug": _("Another topic in this library already uses this short name.")})
    try:
        with transaction.atomic():
            if Topic.objects.filter(practice=practice, slug=slug).exists():
                raise taken
            now = timezone.now()
            return Topic.objects.create(
                practice=practice, kind=kind, slug=slug, created=now, updated=now, updated_by=actor, **fields
            )
    except IntegrityError:  # a concurrent create took the slug between the check and the insert
        raise taken from None


def topic_update(
    *, actor: User, topic: Topic, changes: Mapping[str, str], expected_updated: datetime | None = None
) -> Topic:
    """Change some text fields. Kind and short name stay: other records (the modality plan) refer to them.

    With `expected_updated`, the change is refused if someone saved the topic since that moment.
    """
    _require_editor(actor, topic.practice_id)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown topic fields: {sorted(unknown)}")
    if expected_updated is not None and timezone.is_naive(expected_updated):
        raise ValidationError({"updated": _("Give the time with its time zone, as the API sent it.")})
    with transaction.atomic():
        current = Topic.objects.select_for_update().get(pk=topic.pk)
        # JSON carries times to the millisecond, so the version seen is compared at that precision.
        if expected_updated is not None and abs(current.updated - expected_updated) >= timedelta(milliseconds=1):
            raise ValidationError({"__all__": _(
                "Someone else saved this topic while you were editing it. Reload the page to see their version."
            )})
        merged = {f: changes.get(f, getattr(current, f)) for f in FIELDS}
        fields = _clean_topic_fields(current.kind, merged)
        for field, value in fields.items():
            setattr(topic, field, value)
        topic.updated = timezone.now()
        topic.updated_by = actor
        topic.save(update_fields=[*FIELDS, "updated", "updated_by"])
    return topic


def topic_mark_read(*, actor: User, topic: Topic) -> TopicRead:
    """A client notes they have read a topic; marking it again keeps the first mark."""
    if not has_role(actor, Role.CLIENT, topic.practice_id):
        raise NotAllowed(_("Only clients of the practice mark topics as read."))
    with transaction.atomic():
        read, _created = TopicRead.objects.get_or_create(topic=topic, client=actor)
    return read


def library_seed(*, practice: Practice) -> list[str]:
    """Add the shipped topics the practice does not have yet (by short name); returns the short names added."""
    with transaction.atomic():
        existing = set(Topic.objects.filter(practice=practice).values_list("slug", flat=True))
        missing = [t for t in SHIPPED if t.slug not in existing]
        now = timezone.now()
        Topic.objects.bulk_create(
            [Topic(practice=practice, created=now, updated=now, **t.row()) for t in missing], ignore_conflicts=True
        )
    return [t.slug for t in missing]


# --- questions ----------------------------------------------------------------------------------------------


def _participants(access: EngagementAccess) -> list[User]:
    """The client and the active care team: everyone a question or reply is for."""
    return [access.engagement.client, *(m.facilitator for m in care_team(access.engagement))]


def _require_open(access: EngagementAccess) -> None:
    if access.engagement.phase == Phase.CLOSED:
        raise ValidationError({"__all__": _("This engagement is closed; contact the practice directly.")})


def _clean_body(body: str, label: str) -> str:
    return _clean_text(body, "body", max_length=QUESTION_MAX_LENGTH, required=True, label=label)


def question_ask(*, actor: User, access: EngagementAccess, body: str, topic: Topic | None = None) -> Question:
    """The client or a care-team member asks; everyone else on the engagement is told who asked, not what."""
    require(access, Action.WRITE_SHARED_NOTE)
    engagement = access.engagement
    body = _clean_body(body, _("The question"))
    if topic is not None and topic.practice_id != engagement.practice_id:
        raise ValidationError({"topic": _("Choose a topic from this practice's library.")})
    _require_open(access)
    with transaction.atomic():
        question = Question.objects.create(engagement=engagement, topic=topic, author=actor, body=body)
        if topic is not None:
            title = _("%(name)s asked a question about %(topic)s") % {"name": actor.name, "topic": topic.title}
        else:
            title = _("%(name)s asked a question") % {"name": actor.name}
        notify(recipients=_participants(access), kind=NoticeKind.QUESTION_ASKED, title=title,
               url=reverse("question", args=[engagement.pk, question.pk]), engagement=engagement, exclude=actor)
    return question


def question_reply(*, actor: User, access: EngagementAccess, question: Question, body: str) -> Reply:
    require(access, Action.WRITE_SHARED_NOTE)
    engagement = access.engagement
    if question.engagement_id != engagement.pk:
        raise NotAllowed(_("This question belongs to another engagement."))
    body = _clean_body(body, _("The reply"))
    _require_open(access)
    with transaction.atomic():
        reply = Reply.objects.create(question=question, author=actor, body=body)
        topic = question.topic
        if topic is not None:
            title = _("%(name)s replied to a question about %(topic)s") % {"name": actor.name, "topic": topic.title}
        else:
            title = _("%(name)s replied to a question") % {"name": actor.name}
        notify(recipients=_participants(access), kind=NoticeKind.QUESTION_ANSWERED, title=title,
               url=reverse("question", args=[engagement.pk, question.pk]), engagement=engagement, exclude=actor)
    return reply
