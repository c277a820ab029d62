"""The record of a medicine session, made in the room: when it began and ended, who was there, and its timeline
of entries (dose, the client's words, emotions, what helped, music, vital signs, touch, adverse events).

Entries are only ever added. A change after the fact is a new entry that names the one it corrects; an entry sent
twice (a page resending after the network came back) is stored once, by the id the page gave it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.medicine.oregon_data import COUNTIES, Age, Ethnicity, Income


class MedicineRecord(models.Model):
    session = models.OneToOneField("care.Session", on_delete=models.PROTECT, related_name="medicine_record")
    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    pack = models.CharField(max_length=40)  # the protocol it began under
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")
    early_reason = models.TextField(blank=True)  # why it ended before the protocol's minimum (an emergency)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    release = models.JSONField(default=dict, blank=True)  # the release checklist as ticked, and how they left
    client_sees_live = models.BooleanField(default=False)  # the client asked to see the record as it is written

    class Meta:
        indexes = [models.Index(fields=["engagement", "started_at"])]

    def __str__(self) -> str:
        return f"medicine record {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class Present(models.Model):
    """Someone in the room: a facilitator of the care team, or another person named (a support person)."""

    record = models.ForeignKey(MedicineRecord, on_delete=models.CASCADE, related_name="present")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    name = models.CharField(max_length=200, blank=True)  # someone without an account
    role = models.CharField(max_length=100)
    joined_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name or str(self.person)


class EntryKind(models.TextChoices):
    DOSE = "dose", _("Dose")
    WORDS = "words", _("The client's words")
    EMOTION = "emotion", _("Emotion")
    HELPED = "helped", _("What helped")
    MUSIC = "music", _("Music")
    VITALS = "vitals", _("Vital signs")
    TOUCH = "touch", _("Touch")
    NOTE = "note", _("Observation")
    ADVERSE = "adverse", _("Adverse event")


class Entry(models.Model):
    record = models.ForeignKey(MedicineRecord, on_delete=models.CASCADE, related_name="entries")
    uid = models.UUIDField()  # made by the page that wrote it: a resend carries the same one
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    at = models.DateTimeField()  # when it happened, as the page recorded it
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)  # when it reached the server

    class Meta:
        ordering = ("at", "id")
        constraints = [models.UniqueConstraint(fields=["record", "uid"], name="entry_uid_once_per_record")]
        indexes = [models.Index(fields=["record", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%H:%M}"


class Recollection(models.Model):
    """The client's own memory beside an entry, marked as theirs; it never changes the entry."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="recollections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=4000)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return f"recollection {self.pk}"


class StateData(models.Model):
    """What the client chooses to give for Oregon's data collection (SB 303: ORS 475A.372; OAR 333-333-4910), or
    that they opt out of all of it. Rows are only added; the latest row of an engagement counts. A single answer is
    a code of `oregon_data` ("" when left empty), a ticked list is a list of codes; "prefer_not" is "I'd rather not
    say". An opt-out keeps none of the answers."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opted_out = models.BooleanField(default=False)
    race = models.JSONField(default=list, blank=True)
    ethnicity = models.CharField(max_length=30, blank=True, choices=Ethnicity.choices)
    languages = models.JSONField(default=list, blank=True)
    disability = models.JSONField(default=list, blank=True)
    sexual_orientation = models.JSONField(default=list, blank=True)
    gender_identity = models.JSONField(default=list, blank=True)
    income = models.CharField(max_length=30, blank=True, choices=Income.choices)
    age = models.CharField(max_length=30, blank=True, choices=Age.choices)
    county = models.CharField(max_length=30, blank=True, choices=COUNTIES)
    reasons = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["engagement", "-created"])]

    def __str__(self) -> str:
        return f"state data {self.pk}"
