"""Reading one's own inbox: nobody reads another person's notices."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cocreate.accounts.models import User
from cocreate.inbox.models import Notice


def notices_for(actor: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=actor)


def unread_count(actor: User) -> int:
    return Notice.objects.filter(recipient=actor, read_at__isnull=True).count()


def notice_for(actor: User, pk: int) -> Notice:
    notice = Notice.objects.filter(recipient=actor, pk=pk).first()
    if notice is None:
        raise Http404
    return notice
