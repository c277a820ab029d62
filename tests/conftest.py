"""Personas shared by every test: one practice with a dyad, clients, a supervisor and an admin; another practice.

alice and bea are the care team of dana's engagement; carl is a facilitator outside it; eve is another client;
fay is admin only; gus supervises alice; olga/oscar are facilitator/client of another practice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from cocreate.access.policy import engagement_access
from cocreate.accounts.models import Membership, Practice, Role, Supervision, User
from cocreate.care import services
from cocreate.care.models import Engagement, Kind, Session, SessionKind
from cocreate.inbox.models import Notice
from cocreate.protocols.services import practice_pack_set

PASSWORD = "a-long-test-password"
TEST_PACKS = Path(__file__).parent / "packs"


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Path) -> None:
    """Production settings, but plain HTTP on the test server, plain static files and a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    # The shipped packs, and `test_open` (no requirements) for the tests that are about something else.
    settings.COCREATE_PROTOCOLS_DIR = str(TEST_PACKS)
    settings.MEDIA_ROOT = str(tmp_path / "media")  # files a test uploads go with the test
    # Tasks (email after commit) run where they are queued, as they did before the queue; tests/test_tasks*.py
    # put the database queue back.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Each test process its own cache (the files of the default would be shared by the parallel test processes).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()  # a chart drawn in one test is not another's (ids are reused after each rollback)


@dataclass
class World:
    practice: Practice
    other_practice: Practice
    alice: User
    bea: User
    carl: User
    dana: User
    eve: User
    fay: User
    gus: User
    olga: User
    oscar: User
    engagement: Engagement
    eve_engagement: Engagement
    oscar_engagement: Engagement
    session: Session

    def client_for(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client


def make_user(name: str, practice: Practice, *roles: str) -> User:
    user = User.objects.create_user(f"{name}@example.org", PASSWORD, name=name.capitalize())
    for role in roles:
        Membership.objects.create(practice=practice, user=user, role=role)
    return user


def build_world() -> World:
    # The personas sign in without a second factor; tests/accounts/test_second_factor*.py turn the requirement on.
    practice = Practice.objects.create(name="Juniper", second_factor_required=False)
    other = Practice.objects.create(name="Harbor", second_factor_required=False)
    alice = make_user("alice", practice, Role.FACILITATOR, Role.ADMIN)
    bea = make_user("bea", practice, Role.FACILITATOR)
    carl = make_user("carl", practice, Role.FACILITATOR)
    dana = make_user("dana", practice, Role.CLIENT)
    eve = make_user("eve", practice, Role.CLIENT)
    fay = make_user("fay", practice, Role.ADMIN)
    gus = make_user("gus", practice, Role.SUPERVISOR)
    olga = make_user("olga", other, Role.FACILITATOR, Role.ADMIN)
    oscar = make_user("oscar", other, Role.CLIENT)
    Supervision.objects.create(practice=practice, supervisor=gus, supervisee=alice)
    # The world's engagements run without a protocol's requirements; tests of the gate choose a real pack.
    practice_pack_set(actor=alice, practice=practice, pack="test_open")

    engagement = services.engagement_create(
        actor=alice, practice=practice, client_id=dana.pk, kind=Kind.PSYCHEDELIC_ASSISTED, title="Dana's care"
    )
    services.care_team_add(actor=alice, access=engagement_access(alice, engagement), facilitator_id=bea.pk)
    session = services.session_schedule(
        actor=alice, access=engagement_access(alice, engagement), kind=SessionKind.PREPARATION,
        starts_at=timezone.now() + timedelta(days=2), duration_minutes=90, location="Room 2",
    )
    eve_engagement = services.engagement_create(
        actor=carl, practice=practice, client_id=eve.pk, kind=Kind.PSYCHOTHERAPY
    )
    oscar_engagement = services.engagement_create(
        actor=olga, practice=other, client_id=oscar.pk, kind=Kind.PSYCHOTHERAPY
    )
    Notice.objects.all().delete()  # the setting up told people of their session; each test starts with empty inboxes
    return World(practice, other, alice, bea, carl, dana, eve, fay, gus, olga, oscar,
                 engagement, eve_engagement, oscar_engagement, session)


@pytest.fixture
def world(db: None) -> World:
    return build_world()
