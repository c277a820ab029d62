"""Reading one's own inbox: nobody reads another person's notices."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from cocreate.access.services import access_record_many
from cocreate.accounts.models import User
from cocreate.care.models import Engagement
from cocreate.inbox.models import Notice, NoticeKind


def notices_for(actor: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=actor).select_related("engagement__client")


def risk_alerts(actor: User, *, limit: int = 50) -> list[Notice]:
    """The actor's latest risk alerts: the inbox shows those not yet resolved apart from everything else."""
    return list(notices_for(actor).filter(kind=NoticeKind.RISK_ALERT)[:limit])


def record_reads(actor: User, notices: Iterable[Notice], *, via: str) -> None:
    """A notice names a client and what happened in their care: reading it is a read of their record, left in
    their "Who has seen my record" (one event per engagement shown, none for the client's own)."""
    engagements = {n.engagement_id for n in notices if n.engagement_id is not None}
    others = set(Engagement.objects.filter(pk__in=engagements).exclude(client=actor).values_list("pk", flat=True))
    access_record_many(actor=actor, engagement_ids=sorted(others), what="inbox", via=via)


def unread_count(actor: User) -> int:
    return Notice.objects.filter(recipient=actor, read_at__isnull=True).count()


def notice_for(actor: User, pk: int) -> Notice:
    notice = Notice.objects.filter(recipient=actor, pk=pk).first()
    if notice is None:
        raise Http404
    return notice
