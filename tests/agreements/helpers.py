"""Shortcuts for the co-creation engine's tests: act as a persona on an engagement, and content of each kind."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from cocreate.access.policy import EngagementAccess, engagement_access
from cocreate.accounts.models import User
from cocreate.agreements import services
from cocreate.agreements.fields import FieldSpec, shown
from cocreate.agreements.models import Decision, Revision, RevisionState, SharedDocument
from cocreate.care.models import Engagement
from cocreate.inbox.models import Notice
from cocreate.library import services as library_services
from tests.conftest import World


def access(user: User, engagement: Engagement) -> EngagementAccess:
    return engagement_access(user, engagement)


def propose(world: World, user: User, kind: str, content: Any, based_on: int | None, *, note: str = "",
            engagement: Engagement | None = None) -> Revision:
    """`user` proposes on dana's engagement (or the one given), resolving their access as a request would."""
    engagement = engagement or world.engagement
    return services.revision_propose(actor=user, access=access(user, engagement), kind=kind, content=content,
                                     based_on=based_on, note=note)


def accept(world: World, user: User, revision: Revision) -> Revision:
    return services.revision_accept(actor=user, access=access(user, world.engagement), revision=revision)


def decline(world: World, user: User, revision: Revision, comment: str) -> Revision:
    return services.revision_decline(actor=user, access=access(user, world.engagement), revision=revision,
                                     comment=comment)


def narrow(world: World, user: User, changes: dict[str, str], *, kind: str = "touch_consent") -> Revision:
    return services.consent_narrow(actor=user, access=access(user, world.engagement), kind=kind, changes=changes)


def agree(world: World, kind: str, content: dict[str, Any], based_on: int | None = None) -> Revision:
    """Dana proposes; alice accepts, and bea too when the kind needs the whole team."""
    revision = propose(world, world.dana, kind, content, based_on)
    accept(world, world.alice, revision)
    if state_of(revision) == RevisionState.PROPOSED:
        accept(world, world.bea, revision)
    revision.refresh_from_db()
    assert revision.state == RevisionState.AGREED
    return revision


def state_of(revision: Revision) -> str:
    revision.refresh_from_db()
    return revision.state


def in_force(engagement: Engagement, kind: str) -> Revision | None:
    return Revision.objects.filter(document__engagement=engagement, document__kind=kind,
                                   state=RevisionState.AGREED).first()


def rows() -> dict[str, int]:
    """How many rows the engine has written, to show that a refused action wrote none."""
    return {model.__name__: model.objects.count() for model in (SharedDocument, Revision, Decision, Notice)}


def notices_to(user: User, kind: str | None = None) -> list[Notice]:
    found = Notice.objects.filter(recipient=user)
    return list(found.filter(kind=kind) if kind else found)


# --- content ----------------------------------------------------------------------------------------------------


def intentions(*goals: str, why: str = "") -> dict[str, Any]:
    return {"goals": [{"words": words, "why": why} for words in goals]}


def touch(stop_signal: str = "Red card", **levels: str) -> dict[str, Any]:
    """Touch consent: every item "no" unless given."""
    content: dict[str, Any] = {item: "no" for item in
                               ("hand_holding", "hand_on_shoulder", "hug", "hands_on_feet", "bodywork")}
    content.update(levels)
    content.update(stop_signal=stop_signal, notes="")
    return content


def transport(driver: str = "Sam", pickup: str = "6 pm at the door") -> dict[str, Any]:
    return {"driver": driver, "pickup": pickup}


def sample(fields: list[FieldSpec], seed: int = 0) -> dict[str, Any]:
    """A value for every field of a kind, from its field specs alone (so a new kind is covered unasked)."""
    content: dict[str, Any] = {}
    for spec in fields:
        if spec.is_group:
            content[spec.name] = [sample(list(spec.children), seed + row) for row in range(2)]
        elif spec.widget == "checkboxes":
            content[spec.name] = [key for key, _label in spec.choices[seed % 2::2]]
        elif spec.widget == "select":
            content[spec.name] = spec.choices[(seed + 1) % len(spec.choices)][0]
        elif spec.widget == "number":
            content[spec.name] = None if seed % 2 else 40 + seed
        else:
            content[spec.name] = f"{spec.name} {seed}: words with ümlauts & <b>marks</b>"
    return content


def querydict_of(fields: list[FieldSpec], content: dict[str, Any]) -> QueryDict:
    """Content as the document's form shows it (`fields.shown`) and a browser posts it back."""
    data = QueryDict(mutable=True)
    for item in shown(fields, content):
        if item.spec.is_group:
            for row in item.rows:
                for cell in row:
                    data[cell.name] = "" if cell.value is None else str(cell.value)
        elif item.spec.widget == "checkboxes":
            data.setlist(item.name, list(item.value or []))
        else:
            data[item.name] = "" if item.value is None else str(item.value)
    return data


def library_modality(world: World, slug: str, title: str) -> None:
    """A modality in the practice's library, so a modality plan may choose it."""
    library_services.topic_create(actor=world.alice, practice=world.practice, kind="modality", title=title,
                                  slug=slug, summary=f"About {title}.", body=f"What {title} is.")


def modalities(*chosen: str) -> dict[str, Any]:
    return {"modalities": [{"modality": slug, "reason": f"Because {slug} suits me"} for slug in chosen]}
