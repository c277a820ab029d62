"""The client's journal: entries of words, drawings, photos and voice notes. Its reads (the client reads all of
theirs; anyone else only what the client shares now, a private or unknown entry answering 404) and its writes, all
the client's: adding an entry with its files, sharing and un-sharing it, deleting it (its words and files go for
good; the row stays, so that the care team sees "deleted by the client" where a shared entry was)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import User
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notices_withdraw
from cocreate.integration import files
from cocreate.integration.models import TEXT_MAX, Attachment, JournalEntry
from cocreate.integration.selectors import client_today, visible
from cocreate.integration.services import client_only, open_engagement, share_set, tell_team, words

log = logging.getLogger(__name__)

PAGE = 20
JOURNAL_TEXT_MAX = TEXT_MAX * 5


# Reads.

def _rows(access: EngagementAccess) -> QuerySet[JournalEntry]:
    return visible(access, JournalEntry.objects.all()).prefetch_related("files").order_by("-on", "-id")


def journal_page(access: EngagementAccess, number: int | str = 1) -> Page[JournalEntry]:
    """One page of the entries this person may read, newest first, each with its files: three queries (the
    count, the entries, their files) however many there are."""
    return Paginator(_rows(access), PAGE).get_page(number)


def journal_entries(access: EngagementAccess, *, offset: int = 0, limit: int = 50) -> tuple[int, list[JournalEntry]]:
    rows = _rows(access)
    return rows.count(), list(rows[offset:offset + limit])


def journal_entry(access: EngagementAccess, entry_id: int) -> JournalEntry:
    found = _rows(access).filter(pk=entry_id).first()
    if found is None:
        raise Http404
    return found


def journal_file(access: EngagementAccess, file_uid: uuid.UUID) -> Attachment:
    """A file of an entry this person may read: the client's always; the care team's only while the entry is
    shared. A deleted entry has no files left."""
    rows = Attachment.objects.filter(uid=file_uid, entry__engagement=access.engagement,
                                     entry__deleted_at__isnull=True)
    if not access.is_client:
        rows = rows.filter(entry__shared_at__isnull=False)
    found = rows.first()
    if found is None:
        raise Http404
    return found


def journal_url(access: EngagementAccess, entry: JournalEntry | None = None) -> str:
    url = reverse("integration_journal", args=[access.engagement.pk])
    return f"{url}#entry-{entry.pk}" if entry is not None else url


# Writes: the client's alone.

def _storage() -> Storage:
    return Attachment._meta.get_field("file").storage


def _forget(names: Sequence[str]) -> None:
    """Remove stored files; one that cannot be removed now is logged by name (never by its content) for an
    operator to remove, and nothing else fails for it."""
    storage = _storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            log.exception("journal file %s could not be removed from storage", name)


def journal_add(*, actor: User, access: EngagementAccess, text: str, on: date | None = None,
                uploads: Sequence[UploadedFile] = (), share: bool = False) -> JournalEntry:
    """A new entry, private unless the client shares it now. Every file is checked before anything is written; if
    one is refused, or anything fails, nothing is kept: no entry, no stray file in storage."""
    client_only(access, _("The journal is the client's own: only they write in it."))
    open_engagement(access)
    errors: dict[str, list[str]] = {}
    if "\x00" in (text or ""):
        errors["text"] = [_("The text contains a character that cannot be kept (NUL).")]
        text = ""
    try:
        text = words(text, "text", required=False, limit=JOURNAL_TEXT_MAX)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    today = client_today(access)
    day = on or today
    if day > today + timedelta(days=1):  # a day ahead: the client's zone may be ahead of the server's
        errors["on"] = [_("That day has not come yet.")]
    checked: list[files.Checked] = []
    try:
        checked = files.check_uploads(uploads)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not errors and not text and not checked:
        errors["text"] = [_("Write something, or add a picture or a voice note.")]
    if errors:
        raise ValidationError(errors)
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            entry = JournalEntry.objects.create(engagement=access.engagement, author=actor, on=day, text=text,
                                                shared_at=now if share else None, created=now, changed=now)
            for item in checked:
                attachment = Attachment(entry=entry, uid=uuid.uuid4(), kind=item.kind, size=item.size,
                                        content_type=item.content_type, name=item.name, created=now)
                attachment.file.save(str(attachment.uid), item.content, save=False)
                stored.append(attachment.file.name)
                attachment.save()
            if share:
                _tell_shared(access, actor, entry)
    except BaseException:
        _forget(stored)
        raise
    return entry


def _tell_shared(access: EngagementAccess, actor: User, entry: JournalEntry) -> None:
    tell_team(access, kind=NoticeKind.SHARED_WITH_YOU, url=journal_url(access, entry), actor=actor,
              title=_("%(client)s shared a journal entry with you.") % {"client": access.engagement.client.name})


def journal_share(*, actor: User, access: EngagementAccess, entry: JournalEntry, shared: bool) -> JournalEntry:
    """Share an entry with the care team, or take it back: from then on they no longer see it or its files, and
    the notice that it was shared is withdrawn."""
    client_only(access, _("Only the client shares their journal entries."))
    if shared:
        open_engagement(access)
    return share_set(entry, shared, url=journal_url(access, entry),
                     on_share=lambda row: _tell_shared(access, actor, row))


def journal_delete(*, actor: User, access: EngagementAccess, entry: JournalEntry) -> JournalEntry:
    """The client's right: the words and the files go, for good. The row stays, without them, so that where a
    shared entry was the care team reads "deleted by the client". Files leave storage once the deletion is
    committed."""
    client_only(access, _("Only the client deletes their journal entries."))
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.deleted_at is not None:
            return entry
        attachments = list(Attachment.objects.filter(entry=entry))
        names = [a.file.name for a in attachments if a.file.name]
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
        entry.text, entry.deleted_at = "", timezone.now()
        entry.changed = entry.deleted_at
        entry.save(update_fields=["text", "deleted_at", "changed"])
        notices_withdraw(kind=NoticeKind.SHARED_WITH_YOU, urls=[journal_url(access, entry)])
        transaction.on_commit(lambda: _forget(names))
    return entry
