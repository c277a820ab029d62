"""What steadies the client, and the action steps of their integration plan: the client's own list of resources
with their quick "I used it" check-ins, and check-ins on the steps of the agreed plan. Reads and writes both live
here; only the client writes, the care team and a supervisor read (each such read leaves an access event, left by
the caller through `seen`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.access.policy import EngagementAccess
from cocreate.accounts.models import User
from cocreate.accounts.zones import zone_of
from cocreate.agreements import selectors as agreements
from cocreate.inbox.models import NoticeKind
from cocreate.integration.models import Helped, Resource, ResourceUse, StepCheckIn, StepStatus
from cocreate.integration.selectors import client_today
from cocreate.integration.services import client_only, open_engagement, tell_team, words

PLAN = "integration_plan"
NAME_MAX = 200
STEP_MAX = 300
HISTORY = 50  # check-ins shown on the page; the API pages through the rest
PAGE_MAX = 200
NAME_ASK = gettext_lazy("Name what steadies you, in a few words (a walk, a song, calling a friend).")


def resources_url(access: EngagementAccess, anchor: str = "") -> str:
    return reverse("integration_resources", args=[access.engagement.pk]) + (f"#{anchor}" if anchor else "")


# --- reads -----------------------------------------------------------------------------------------------------


@dataclass
class ResourceRow:
    """A resource with what its check-ins add up to: how often, when last, and how it went."""

    resource: Resource
    uses: int
    last_used: date | None
    helped: dict[str, int]  # Helped value -> count (unsaid ones are counted in `uses` only)

    @property
    def said(self) -> list[tuple[str, int]]:
        """How it went, where the client said so: (label, how many times), the answers never given left out."""
        return [(str(label), self.helped[value]) for value, label in Helped.choices if self.helped.get(value)]


def resources(access: EngagementAccess, *, only: Resource | None = None) -> list[ResourceRow]:
    """The client's list, those on it first, each with its tallies: one query, however many check-ins."""
    tallies = {f"n_{value}": Count("uses", filter=Q(uses__helped=value)) for value in Helped.values}
    rows: Any = Resource.objects.filter(engagement=access.engagement)
    if only is not None:
        rows = rows.filter(pk=only.pk)
    rows = (rows.annotate(n=Count("uses"), last=Max("uses__used_on"), **tallies)
            .order_by(F("retired_at").asc(nulls_first=True), "created", "id"))
    return [ResourceRow(r, r.n, r.last, {value: getattr(r, f"n_{value}") for value in Helped.values}) for r in rows]


def resource_in(access: EngagementAccess, resource_id: int) -> Resource:
    """One resource of this engagement; 404 for any other."""
    found = Resource.objects.filter(engagement=access.engagement, pk=resource_id).first()
    if found is None:
        raise Http404
    return found


def uses(access: EngagementAccess, *, resource: Resource | None = None, limit: int = HISTORY,
         offset: int = 0) -> list[ResourceUse]:
    """Check-ins on the list, the latest day first (one resource's, or every one's)."""
    rows = ResourceUse.objects.filter(resource__engagement=access.engagement).select_related("resource")
    if resource is not None:
        rows = rows.filter(resource=resource)
    return list(rows.order_by("-used_on", "-id")[offset:offset + min(limit, PAGE_MAX)])


@dataclass
class PlanStep:
    number: int  # its place in the plan, from 1
    step: str
    when: str
    support: str
    latest: StepCheckIn | None = None


@dataclass
class Plan:
    """The integration plan agreed now: its revision, its steps each with the client's latest check-in."""

    revision_number: int
    agreed_at: datetime | None
    review: str
    steps: list[PlanStep] = field(default_factory=list)


def same_step(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def agreed_plan(access: EngagementAccess) -> Plan | None:
    """The agreed integration plan, read through the co-creation engine (None while nothing is agreed)."""
    spec = agreements.spec_or_404(access, PLAN)
    number = agreements.in_force_number(access, PLAN)
    if not number:
        return None
    revision = agreements.revision_in(access, spec, number)  # a revision's content never changes once written
    content = revision.content
    steps = [PlanStep(i, str(row.get("step", "")), str(row.get("when", "")), str(row.get("support", "")))
             for i, row in enumerate(content.get("steps", []), start=1)]
    return Plan(number, revision.settled_at, str(content.get("review", "")), steps)


def plan_with_checkins(access: EngagementAccess) -> Plan | None:
    """The agreed plan, each step with its latest check-in (on these words, in this plan or an earlier one)."""
    plan = agreed_plan(access)
    if plan is None or not plan.steps:
        return plan
    mine = StepCheckIn.objects.filter(engagement=access.engagement)
    newest = mine.filter(step=OuterRef("step")).order_by("-created", "-id").values("pk")[:1]
    latest = {c.step: c for c in mine.filter(step__in={s.step for s in plan.steps}, pk=Subquery(newest))
              .select_related("author")}
    for step in plan.steps:
        step.latest = latest.get(step.step)
    return plan


def checkins(access: EngagementAccess, *, limit: int = HISTORY, offset: int = 0) -> list[StepCheckIn]:
    """Check-ins on action steps, the newest first."""
    rows: QuerySet[StepCheckIn] = StepCheckIn.objects.filter(engagement=access.engagement)
    return list(rows.select_related("author").order_by("-created", "-id")[offset:offset + min(limit, PAGE_MAX)])


# --- writes ----------------------------------------------------------------------------------------------------

def _theirs(access: EngagementAccess) -> None:
    client_only(access, _("This list is the client's own: only they add to it or change it."))
    open_engagement(access)


def _name(name: str) -> str:
    return words(name, "name", required=True, limit=NAME_MAX, ask=str(NAME_ASK))


def _not_twice(access: EngagementAccess, name: str, but: Resource | None = None) -> None:
    others = Resource.objects.filter(engagement=access.engagement, name__iexact=name)
    if but is not None:
        others = others.exclude(pk=but.pk)
    other = others.order_by(F("retired_at").asc(nulls_first=True)).first()
    if other is not None and other.retired_at is None:
        raise ValidationError({"name": _("“%(name)s” is on your list already.") % {"name": other.name}})
    if other is not None:
        raise ValidationError({"name": _("“%(name)s” is among those you took off your list: put it back instead.")
                                       % {"name": other.name}})


def resource_add(*, actor: User, access: EngagementAccess, name: str, how: str = "") -> Resource:
    """The client adds something that steadies them to their list."""
    _theirs(access)
    name, how = _name(name), words(how, "how", required=False)
    with transaction.atomic():
        _not_twice(access, name)
        return Resource.objects.create(engagement=access.engagement, name=name, how=how)


def _locked(access: EngagementAccess, resource: Resource) -> Resource:
    found = Resource.objects.select_for_update().filter(engagement=access.engagement, pk=resource.pk).first()
    if found is None:
        raise Http404
    return found


def resource_edit(*, actor: User, access: EngagementAccess, resource: Resource, name: str, how: str) -> Resource:
    """The client renames a resource or changes how they do it; its check-ins stay with it."""
    _theirs(access)
    name, how = _name(name), words(how, "how", required=False)
    with transaction.atomic():
        resource = _locked(access, resource)
        _not_twice(access, name, but=resource)
        resource.name, resource.how = name, how
        resource.save(update_fields=["name", "how"])
    return resource


def resource_retire(*, actor: User, access: EngagementAccess, resource: Resource) -> Resource:
    """The client takes a resource off their list; its check-ins are kept, and it can be put back."""
    _theirs(access)
    with transaction.atomic():
        resource = _locked(access, resource)
        if resource.retired_at is None:
            resource.retired_at = timezone.now()
            resource.save(update_fields=["retired_at"])
    return resource


def resource_restore(*, actor: User, access: EngagementAccess, resource: Resource) -> Resource:
    """The client puts a resource back on their list."""
    _theirs(access)
    with transaction.atomic():
        resource = _locked(access, resource)
        if resource.retired_at is not None:
            _not_twice(access, resource.name, but=resource)
            resource.retired_at = None
            resource.save(update_fields=["retired_at"])
    return resource


def first_day(access: EngagementAccess) -> date:
    """The day the engagement began, on the client's calendar: no check-in is about a day before it."""
    return timezone.localtime(access.engagement.created, ZoneInfo(zone_of(access.engagement.client))).date()


def _helped(value: str | None) -> str:
    value = (value or "").strip()
    if value and value not in Helped.values:
        raise ValidationError({"helped": _("Say “it helped”, “a little” or “not this time”, or leave it unsaid.")})
    return value


def resource_use(*, actor: User, access: EngagementAccess, resource: Resource, used_on: date | None = None,
                 helped: str | None = "") -> ResourceUse:
    """I used it: on a day (today unless the client says otherwise, never one still to come), and, if the client
    wishes to say, whether it helped."""
    _theirs(access)
    helped = _helped(helped)
    today = client_today(access)
    used_on = used_on or today
    if used_on > today:
        raise ValidationError({"used_on": _("That day has not come yet: choose today or a day before.")})
    began = first_day(access)
    if used_on < began:
        raise ValidationError({"used_on": _("That day is before your care here began (%(day)s).")
                                          % {"day": began.isoformat()}})
    with transaction.atomic():
        resource = _locked(access, resource)
        if resource.retired_at is not None:
            raise ValidationError({"__all__": _("“%(name)s” is off your list: put it back first.")
                                              % {"name": resource.name}})
        return ResourceUse.objects.create(resource=resource, used_on=used_on, helped=helped)


UNDO_WITHIN = timedelta(days=1)


def resource_use_undo(*, actor: User, access: EngagementAccess, use_id: int) -> ResourceUse:
    """Take back a check-in made by mistake (a tap on the wrong button), within a day of making it; older ones stay
    as they are."""
    _theirs(access)
    with transaction.atomic():
        use = (ResourceUse.objects.select_for_update().select_related("resource")
               .filter(resource__engagement=access.engagement, pk=use_id).first())
        if use is None:
            raise Http404
        if use.created < timezone.now() - UNDO_WITHIN:
            raise ValidationError({"__all__": _("A check-in can be taken back within a day of making it; this one "
                                                "stays.")})
        use.delete()
    return use


def step_checkin(*, actor: User, access: EngagementAccess, step: str, status: str, note: str = "") -> StepCheckIn:
    """The client says how a step of the agreed integration plan is going; the care team is told which step.
    Letting a step go is as welcome an answer as any, and never needs a reason."""
    client_only(access, _("Check-ins on the action steps are the client's."))
    open_engagement(access)
    if status not in StepStatus.values:
        raise ValidationError({"status": _("Choose how it is going: not started yet, under way, done, or "
                                           "letting it go.")})
    note = words(note, "note", required=False)
    asked = words(step, "step", required=True, limit=STEP_MAX, ask=_("Choose a step of your integration plan."))
    with transaction.atomic():
        plan = agreed_plan(access)
        if plan is None:
            raise ValidationError({"step": _("There is no agreed integration plan yet, so there are no steps to "
                                             "check in on.")})
        found = next((s for s in plan.steps if same_step(s.step, asked)), None)
        if found is None:
            raise ValidationError({"step": _("“%(step)s” is not a step of the agreed integration plan (it may have "
                                             "just changed). Choose one of its steps.") % {"step": asked[:80]}})
        checkin = StepCheckIn.objects.create(engagement=access.engagement, author=actor, step=found.step,
                                             revision_number=plan.revision_number, status=status, note=note)
        tell_team(access, kind=NoticeKind.STEP_CHECKIN, url=resources_url(access, f"step-{found.number}"),
                  actor=actor, title=_("%(client)s checked in on the step “%(step)s”.")
                  % {"client": access.engagement.client.name, "step": found.step[:120]})
    return checkin
