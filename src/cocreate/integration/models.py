"""Integration after a session: the shifts the client notices, in their own words; the reflections made beside them
together; the patterns the client names; what steadies them; their journal and its files.

Everything a client writes here is theirs alone until they share it, entry by entry (or every new one from a
chosen moment). Un-sharing takes it out of the care team's sight at once. Deleting an entry is the client's
right: the row stays, without its words, so that what was said beside it is not silently orphaned.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.encryption.fields import EncryptedFileField, EncryptedTextField

DEFAULT_DAYS: tuple[int, ...] = (1, 2, 3, 7, 14, 21, 30, 60, 90)
MAX_DAY = 3650  # ten years: a day number past this is a typing slip
TEXT_MAX = 4000


class Domain(models.TextChoices):
    BODY = "body", _("Body")
    EMOTIONS = "emotions", _("Emotions")
    THOUGHTS = "thoughts", _("Thoughts")
    RELATIONSHIPS = "relationships", _("Relationships")
    BEHAVIOUR = "behaviour", _("Behaviour")
    MEANING = "meaning", _("Spirituality or meaning")
    SLEEP = "sleep", _("Sleep and dreams")
    OTHER = "other", _("Other")


class Tracker(models.Model):
    """The shift tracker after one session: the days on which the client is invited to note shifts, counted from
    the day of the session (day 0). Started by itself when a medicine session's client is released, or by either
    side after any other session the two choose."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    session = models.OneToOneField("care.Session", on_delete=models.PROTECT, related_name="+")
    began_on = models.DateField()  # day 0, on the practice's calendar
    began_at = models.DateTimeField()  # when the session ended: day 1 is the calendar day after
    days = models.JSONField(default=list)  # the prompt days, ascending; empty: no prompts
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-began_at", "-id")
        indexes = [models.Index(fields=["engagement", "-began_at"])]

    def __str__(self) -> str:
        return f"tracker {self.pk} after session {self.session_id}"


class ScheduleChange(models.Model):
    """A change to the prompt days, by either side, kept so both can see who chose what."""

    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="changes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    days = models.JSONField(default=list)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("at", "id")

    def __str__(self) -> str:
        return f"schedule {self.days} of tracker {self.tracker_id}"


class PromptSent(models.Model):
    """A prompt sent (inbox notice and email) for one day of a tracker: at most once."""

    tracker = models.ForeignKey(Tracker, on_delete=models.CASCADE, related_name="+")
    day = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tracker", "day"], name="prompt_once_per_tracker_day")]

    def __str__(self) -> str:
        return f"prompt day {self.day} of tracker {self.tracker_id}"


class Sharing(models.Model):
    """The client's choice to share every new shift entry with the care team from a moment on (or not)."""

    engagement = models.OneToOneField("care.Engagement", on_delete=models.CASCADE, related_name="+")
    share_new = models.BooleanField(default=False)
    changed = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"sharing of {self.engagement_id}: {self.share_new}"


class Shared(models.Model):
    """Something the client may share: private until `shared_at`, theirs to delete (its words go, the row stays)."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()  # the day it is about, on the client's calendar
    shared_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None and self.deleted_at is None


class ShiftEntry(Shared):
    """A shift the client noticed, in their own words: no meaning asked for."""

    tracker = models.ForeignKey(Tracker, on_delete=models.PROTECT, related_name="entries")
    day = models.PositiveIntegerField()  # days since the session, filled in from `on`
    domains = models.JSONField(default=list)  # Domain values, at least one
    text = EncryptedTextField(max_length=TEXT_MAX, blank=True)  # encrypted at rest

    class Meta:
        ordering = ("on", "id")
        indexes = [models.Index(fields=["engagement", "on"]), models.Index(fields=["tracker", "day"])]

    def __str__(self) -> str:
        return f"shift {self.pk} on day {self.day}"


class Reflection(models.Model):
    """Meaning made together, beside a shared entry: attributed and dated; it never edits the entry."""

    entry = models.ForeignKey(ShiftEntry, on_delete=models.PROTECT, related_name="reflections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey("care.Session", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    body = models.TextField(max_length=TEXT_MAX)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return f"reflection {self.pk}"


class PatternState(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested by the care team")
    NAMED = "named", _("Named")
    DISMISSED = "dismissed", _("Set aside")


class Pattern(models.Model):
    """Entries grouped under a name: named by the client, or suggested by the care team for the client to accept,
    rename or set aside. Only a named pattern's name is the client's own words."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    state = models.CharField(max_length=20, choices=PatternState.choices, default=PatternState.NAMED)
    entries = models.ManyToManyField(ShiftEntry, related_name="patterns")
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    suggested_name = models.CharField(max_length=200, blank=True)  # as the care team put it
    created = models.DateTimeField(default=timezone.now)
    changed = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    """Something that steadies the client, on their own list (the care team sees the list)."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=200)
    how = models.TextField(max_length=TEXT_MAX, blank=True)
    created = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)  # taken off the list; its check-ins stay

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return self.name


class Helped(models.TextChoices):
    YES = "yes", _("It helped")
    A_LITTLE = "a_little", _("A little")
    NOT_THIS_TIME = "not_this_time", _("Not this time")


class ResourceUse(models.Model):
    """A quick check-in: I used it, and whether it helped (the client may leave that unsaid)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="uses")
    used_on = models.DateField()
    helped = models.CharField(max_length=20, choices=Helped.choices, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-used_on", "-id")

    def __str__(self) -> str:
        return f"{self.resource_id} used {self.used_on}"


class StepStatus(models.TextChoices):
    NOT_YET = "not_yet", _("Not started yet")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    LET_GO = "let_go", _("Letting it go")


class StepCheckIn(models.Model):
    """The client's check-in on an action step of the agreed integration plan. The step is named by its words at
    the time, so a check-in still reads true after the plan changes."""

    engagement = models.ForeignKey("care.Engagement", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=300)
    revision_number = models.PositiveIntegerField()  # of the integration plan the step was in
    status = models.CharField(max_length=20, choices=StepStatus.choices)
    note = models.TextField(max_length=TEXT_MAX, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created", "-id")
        indexes = [models.Index(fields=["engagement", "-created"])]

    def __str__(self) -> str:
        return f"{self.step}: {self.status}"


class JournalEntry(Shared):
    """A journal page: words, drawings, photos and voice notes. Private by default; shared per entry."""

    text = EncryptedTextField(max_length=TEXT_MAX * 5, blank=True)  # encrypted at rest

    class Meta:
        ordering = ("-on", "-id")
        indexes = [models.Index(fields=["engagement", "-on"])]

    def __str__(self) -> str:
        return f"journal {self.pk}"


class FileKind(models.TextChoices):
    IMAGE = "image", _("Image")
    AUDIO = "audio", _("Voice note or sound")


def _file_path(instance: Attachment, filename: str) -> str:
    # The stored name is made here, never taken from the upload: a name with path characters cannot land anywhere.
    return f"integration/{instance.entry.engagement_id}/{instance.uid}"


class Attachment(models.Model):
    """A file of a journal entry, checked by its content when it came in; images without location or camera data."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="files")
    uid = models.UUIDField(unique=True)
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    content_type = models.CharField(max_length=60)
    size = models.PositiveBigIntegerField()
    name = models.CharField(max_length=200)  # as the client called it, for display only
    file = EncryptedFileField(upload_to=_file_path, max_length=200)  # the stored bytes are encrypted
    key_id = models.CharField(max_length=32, blank=True)  # the key the stored file is under; "" if stored plain
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("created", "id")

    def __str__(self) -> str:
        return self.name
