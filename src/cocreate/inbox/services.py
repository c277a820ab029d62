"""Writing to inboxes: called inside another service's transaction; email goes out only after it commits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.care.models import Engagement
from cocreate.inbox.models import Notice, NoticeKind
from cocreate.tasks.jobs import send_emails


@dataclass(frozen=True)
class Mail:
    """An email worded by the caller instead of the notice kind's own: it too must name no clinical content (a
    session reminder says the practice and the time, and the kind of session only if the person chose that)."""

    subject: str
    body: str


def notify(
    *, recipients: Iterable[User], kind: str, title: str, url: str = "", engagement: Engagement | None = None,
    exclude: User | None = None, subject: str = "", mail: Mail | None = None,
) -> list[Notice]:
    """One notice per recipient (never the person who acted), and one plain email each after commit.

    The email says only what kind of thing happened and links to it: not the title (it names people and the
    document, and "touch consent" alone says what kind of care this is), never the content. Mail is not a safe
    place for a client's record; the notice itself waits behind the sign-in. `mail` words the email instead,
    within the same rule.
    """
    people = {u.pk: u for u in recipients if u.is_active and (exclude is None or u.pk != exclude.pk)}
    if not people:
        return []
    now = timezone.now()
    notices = Notice.objects.bulk_create(
        [Notice(recipient=u, engagement=engagement, kind=kind, title=title[:300], url=url, created=now,
                subject=subject) for u in people.values()]
    )
    link = settings.SITE_URL + reverse("inbox")  # the notice's own URL would name the document
    label = str(NoticeKind(kind).label)
    subject = _("cocreate: %(what)s") % {"what": label.lower()}
    body = _("%(what)s.\n\nSign in to cocreate to see it:\n%(link)s\n") % {"what": label, "link": link}
    if mail is not None:
        subject, body = mail.subject, mail.body
    messages = [[subject, body, None, [u.email]] for u in people.values()]
    # Queued once the notices are committed, sent by a worker: a slow mail server never holds up the request.
    transaction.on_commit(lambda: send_emails.enqueue(messages))
    return notices


def notices_withdraw(*, kind: str, urls: list[str]) -> int:
    """Take back notices of a kind that point at things no longer there (a questionnaire withdrawn): called inside
    the withdrawing service's transaction. Returns how many went."""
    if not urls:
        return 0
    deleted, _by_model = Notice.objects.filter(kind=kind, url__in=urls).delete()
    return deleted


def notice_read(*, actor: User, notice: Notice) -> Notice:
    if notice.recipient_id != actor.pk:
        raise PermissionError("not the recipient")  # selectors never hand out another person's notice
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_read_all(*, actor: User) -> int:
    return Notice.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
