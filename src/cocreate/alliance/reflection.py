"""The facilitator's own reflection journal: what did I assume? what did I feel? what of mine came into the room?

An entry is its author's alone: not their supervisor's, not a client's, in no export, and reading it leaves no
access event (it is not client data). The author may share one entry with one of their supervisors in the entry's
practice, who may then read it (its words only: not which session or client it follows), and take it back. After
a session they held, a facilitator is offered a moment to reflect for two days, until they write about it or say
"not now".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.models import Membership, Practice, Role, Supervision, User
from cocreate.alliance.models import ReflectionEntry, ReflectionNotNow
from cocreate.care.models import OFF, CareTeamMember, Session, SessionChange
from cocreate.inbox.models import NoticeKind
from cocreate.inbox.services import notices_withdraw, notify
from cocreate.text import clean_text

REFLECTION_MAX = ReflectionEntry._meta.get_field("text").max_length or 12000
PROMPT_MAX = ReflectionEntry._meta.get_field("prompt").max_length or 300
PROMPT_OPEN = timedelta(days=2)  # the offer to reflect after a held session waits two days
PAGE = 20
QUESTIONS = (
    gettext_lazy("What did I assume?"),
    gettext_lazy("What did I feel?"),
    gettext_lazy("What of mine came into the room?"),
)


# Who may do what.

def is_writer(actor: User) -> bool:
    """A facilitator somewhere: who keeps a reflection journal."""
    return Membership.objects.filter(user=actor, role=Role.FACILITATOR).exists()


def writer_or_404(actor: User) -> None:
    if not is_writer(actor):
        raise Http404


def is_supervisor(actor: User) -> bool:
    return Supervision.objects.filter(supervisor=actor).exists()


def _supervision_holds() -> Exists:
    """The entry's author is (still) supervised by the reader in the entry's practice."""
    return Exists(Supervision.objects.filter(practice_id=OuterRef("practice_id"), supervisee_id=OuterRef("author_id"),
                                             supervisor_id=OuterRef("shared_with_id")))


# Reads.

def own_entries(actor: User) -> QuerySet[ReflectionEntry]:
    return (ReflectionEntry.objects.filter(author=actor)
            .select_related("session__engagement__client", "shared_with", "practice").order_by("-created", "-id"))


def own_page(actor: User, number: int | str = 1) -> Page[ReflectionEntry]:
    """A page of the author's entries, newest first: two queries (the count and the entries) however many."""
    return Paginator(own_entries(actor), PAGE).get_page(number)


def shared_with_me(actor: User) -> QuerySet[ReflectionEntry]:
    """Entries shared with the actor by facilitators they (still) supervise, newest share first."""
    return (ReflectionEntry.objects.filter(shared_with=actor).filter(_supervision_holds())
            .select_related("author").order_by("-shared_at", "-id"))


def entry_for(actor: User, entry_id: int) -> ReflectionEntry:
    """The author's entry, or one shared with the actor as the author's supervisor; anyone else finds nothing."""
    found = own_entries(actor).filter(pk=entry_id).first() or shared_with_me(actor).filter(pk=entry_id).first()
    if found is None:
        raise Http404
    return found


def supervisors_for(author: User, practice_id: int) -> list[User]:
    """Whom the author may share an entry of this practice with: their supervisors there."""
    return list(User.objects.filter(
        is_active=True, supervisees_links__practice_id=practice_id, supervisees_links__supervisee=author,
        memberships__practice_id=practice_id, memberships__role=Role.SUPERVISOR).distinct().order_by("name", "id"))


def writer_practices(actor: User) -> list[Practice]:
    return list(Practice.objects.filter(memberships__user=actor, memberships__role=Role.FACILITATOR)
                .distinct().order_by("name", "id"))


def team_session(actor: User, session_id: int) -> Session | None:
    """A session (not cancelled or postponed) of an engagement whose care team the actor is on now."""
    return (Session.objects.filter(pk=session_id).exclude(status__in=OFF)
            .filter(Exists(CareTeamMember.objects.filter(engagement_id=OuterRef("engagement_id"), facilitator=actor,
                                                         removed_at__isnull=True)))
            .select_related("engagement__client").first())


@dataclass(frozen=True)
class Prompt:
    session: Session
    since: datetime  # when the session was marked held

    @property
    def client_name(self) -> str:
        return self.session.engagement.client.name


def open_prompts(actor: User, engagement_ids: set[int] | None = None, *, now: datetime | None = None) -> list[Prompt]:
    """Sessions held in the last two days on the actor's care teams (within `engagement_ids` if given) that they
    have neither written about nor said "not now" to: three queries however many."""
    now = now or timezone.now()
    changes = SessionChange.objects.filter(action=SessionChange.Action.COMPLETED, at__gte=now - PROMPT_OPEN,
                                           at__lte=now)
    if engagement_ids is None:
        changes = changes.filter(Exists(CareTeamMember.objects.filter(
            engagement_id=OuterRef("session__engagement_id"), facilitator=actor, removed_at__isnull=True)))
    else:
        # The sessions as a subquery, not a join: both databases read the last two days' changes by their
        # (action, at) index and SQLite checks each against the list instead of looking up its session first.
        changes = changes.filter(session_id__in=Session.objects.filter(engagement_id__in=engagement_ids).values("pk"))
    held = {c.session_id: c for c in changes.select_related("session__engagement__client").order_by("at", "id")}
    if not held:
        return []
    written = set(ReflectionEntry.objects.filter(author=actor, session_id__in=list(held))
                  .values_list("session_id", flat=True))
    set_aside = set(ReflectionNotNow.objects.filter(author=actor, session_id__in=list(held))
                    .values_list("session_id", flat=True))
    return [Prompt(c.session, c.at) for pk, c in held.items() if pk not in written and pk not in set_aside]


def entry_url(entry: ReflectionEntry) -> str:
    return reverse("alliance_reflection", args=[entry.pk])


# Writes: the author's alone.

def reflection_write(*, actor: User, text: str, prompt: str = "", session_id: int | None = None,
                     practice_id: int | None = None) -> ReflectionEntry:
    """A new entry, the author's alone. Tied to a session, it belongs to that session's practice; otherwise to
    the practice named, or the author's first."""
    writer_or_404(actor)
    errors: dict[str, list[str]] = {}
    try:
        text = clean_text(text, "text", max_length=REFLECTION_MAX, message=_("Write something before keeping it."))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        prompt = clean_text(prompt, "prompt", max_length=PROMPT_MAX, required=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    session = None
    practices = writer_practices(actor)
    practice = practices[0]
    if session_id is not None:
        session = team_session(actor, session_id)
        if session is None:
            errors["session"] = [_("Choose a session of a care team you are on.")]
        else:
            practice = session.engagement.practice
    elif practice_id is not None:
        chosen = next((p for p in practices if p.pk == practice_id), None)
        if chosen is None:
            errors["practice"] = [_("Choose a practice where you work as a facilitator.")]
        else:
            practice = chosen
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return ReflectionEntry.objects.create(author=actor, practice=practice, session=session, prompt=prompt,
                                              text=text)


def _withdraw(entry: ReflectionEntry) -> None:
    notices_withdraw(kind=NoticeKind.REFLECTION_SHARED, urls=[entry_url(entry)])


def reflection_share(*, actor: User, entry: ReflectionEntry, supervisor_id: int | None) -> ReflectionEntry:
    """Share the entry with one of the author's supervisors in its practice (they are told), or, with None, take
    it back: from then on they no longer find it, and the notice goes."""
    if entry.author_id != actor.pk:
        raise Http404
    with transaction.atomic():
        entry = ReflectionEntry.objects.select_for_update().get(pk=entry.pk)
        if supervisor_id is None:
            if entry.shared_with_id is not None:
                _withdraw(entry)
                entry.shared_with, entry.shared_at = None, None
                entry.save(update_fields=["shared_with", "shared_at"])
            return entry
        supervisor = next((s for s in supervisors_for(actor, entry.practice_id) if s.pk == supervisor_id), None)
        if supervisor is None:
            raise ValidationError({"supervisor": _("Choose one of your supervisors in this practice.")})
        if entry.shared_with_id == supervisor.pk:
            return entry
        if entry.shared_with_id is not None:
            _withdraw(entry)
        entry.shared_with, entry.shared_at = supervisor, timezone.now()
        entry.save(update_fields=["shared_with", "shared_at"])
        notify(recipients=[supervisor], kind=NoticeKind.REFLECTION_SHARED, url=entry_url(entry), exclude=actor,
               title=_("%(name)s shared a reflection with you.") % {"name": actor.name})
    return entry


def reflection_delete(*, actor: User, entry: ReflectionEntry) -> None:
    """Gone for good, for its author and for anyone it was shared with."""
    if entry.author_id != actor.pk:
        raise Http404
    with transaction.atomic():
        _withdraw(entry)
        ReflectionEntry.objects.filter(pk=entry.pk, author=actor).delete()


def reflection_not_now(*, actor: User, session_id: int) -> ReflectionNotNow:
    """"Not now" to the offer to reflect on a session: the offer goes."""
    session = team_session(actor, session_id)
    if session is None:
        raise Http404
    with transaction.atomic():
        found, _created = ReflectionNotNow.objects.get_or_create(author=actor, session=session)
    return found
