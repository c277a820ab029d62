"""Psychoeducation: a practice's topics on modalities and substances, clients' read marks and their questions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Practice
from cocreate.care.models import Engagement

SLUG_MAX_LENGTH = 60
TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 1_000
SECTION_MAX_LENGTH = 5_000  # what to expect, duration, risks, interactions, sources
BODY_MAX_LENGTH = 20_000
QUESTION_MAX_LENGTH = 5_000


class TopicKind(models.TextChoices):
    MODALITY = "modality", _("Modality")
    SUBSTANCE = "substance", _("Substance")


class Topic(models.Model):
    """One page of the library. Plain text: paragraphs separated by blank lines, one source per line."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="topics")
    kind = models.CharField(_("kind"), max_length=20, choices=TopicKind.choices)
    slug = models.SlugField(_("short name"), max_length=SLUG_MAX_LENGTH)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    body = models.TextField(_("about"), max_length=BODY_MAX_LENGTH)
    what_to_expect = models.TextField(_("what to expect"), max_length=SECTION_MAX_LENGTH, blank=True)
    duration = models.TextField(_("how long it lasts"), max_length=SECTION_MAX_LENGTH, blank=True)
    risks = models.TextField(_("risks"), max_length=SECTION_MAX_LENGTH, blank=True)
    interactions = models.TextField(_("interactions"), max_length=SECTION_MAX_LENGTH, blank=True)
    sources = models.TextField(_("sources"), max_length=SECTION_MAX_LENGTH, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("kind", "title", "pk")
        constraints = [
            models.UniqueConstraint(fields=["practice", "slug"], name="library_topic_slug_per_practice"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["modality", "substance"]), name="library_topic_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


class TopicRead(models.Model):
    """A client's own mark that they have read a topic; the first mark is kept."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="reads")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-at", "-pk")
        constraints = [models.UniqueConstraint(fields=["topic", "client"], name="library_read_once_per_client")]
        indexes = [models.Index(fields=["client", "topic"])]

    def __str__(self) -> str:
        return f"{self.client_id} read {self.topic_id}"


class Question(models.Model):
    """A question asked within an engagement, about a topic or in general; the care team and client answer."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="questions")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-pk")
        indexes = [models.Index(fields=["engagement", "-created"])]

    def __str__(self) -> str:
        return f"question {self.pk}"


class Reply(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("reply"), max_length=QUESTION_MAX_LENGTH)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "pk")
        indexes = [models.Index(fields=["question", "created"])]

    def __str__(self) -> str:
        return f"reply {self.pk}"
