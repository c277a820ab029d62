"""Keys come from ENCRYPTION_KEYS (or one generated in the data directory), a malformed value stops the settings with
a clear error, and a database holding values under a key that is not configured (or is configured wrongly) stops
`cocreate check`, `serve` and `migrate`, naming the key, instead of serving pages that cannot be read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from cocreate import env
from cocreate.access.policy import engagement_access
from cocreate.care import services
from cocreate.care.models import PrivateNote
from cocreate.cli import main
from cocreate.encryption import keys
from cocreate.encryption.checks import refuse_without_keys
from tests.conftest import World
from tests.encryption.helpers import current, key


def test_keys_are_read_current_first(monkeypatch: Any, tmp_path: Path) -> None:
    new, old = key("2027a"), key("2026a")
    monkeypatch.setenv("ENCRYPTION_KEYS", f" {new[0]}:{new[1]} , {old[0]}:{old[1]}")
    assert env.encryption_keys(tmp_path) == [new, old]
    assert not (tmp_path / "encryption_keys").exists()


@pytest.mark.parametrize(("value", "named"), [
    ("just-a-key-without-an-id", "item 1 is not id:key"),
    ("k1:short", "'k1' is not 32 bytes"),
    ("k1:" + "!" * 43, "'k1' is not 32 bytes"),
    ("bad id:" + "A" * 43, "item 1 is not id:key"),
    ("k1:" + "A" * 43 + ",k1:" + "B" * 43, "names one key id twice"),
    (",", "holds no key"),
])
def test_a_malformed_value_is_refused_with_what_is_wrong(monkeypatch: Any, tmp_path: Path, value: str,
                                                          named: str) -> None:
    monkeypatch.setenv("ENCRYPTION_KEYS", value)
    with pytest.raises(ImproperlyConfigured, match=named) as caught:
        env.encryption_keys(tmp_path)
    assert "A" * 43 not in str(caught.value) and "B" * 43 not in str(caught.value)  # never echoes a key


def test_without_the_variable_one_key_is_made_once_and_kept_in_the_data_directory(monkeypatch: Any,
                                                                                  tmp_path: Path) -> None:
    monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
    first = env.encryption_keys(tmp_path)
    assert env.encryption_keys(tmp_path) == first and len(first) == 1
    assert (tmp_path / "encryption_keys").stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db
def test_a_value_under_a_key_no_longer_configured_raises_naming_it(world: World, settings: Any) -> None:
    access = engagement_access(world.alice, world.engagement)
    made = services.private_note_create(actor=world.alice, access=access, body="words")
    written_under = current(settings)[0]
    settings.ENCRYPTION_KEYS = [key("other")]
    with pytest.raises(keys.MissingKey, match=f"'{written_under}', which ENCRYPTION_KEYS does not hold"):
        PrivateNote.objects.get(pk=made.pk)


@pytest.mark.django_db
def test_the_start_up_check_refuses_a_missing_key_everywhere_it_runs(world: World, settings: Any,
                                                                     capsys: Any) -> None:
    kept = current(settings)
    written_under = kept[0]
    assert checks.run_checks(tags=["encryption"], databases=["default"]) == []
    settings.ENCRYPTION_KEYS = [key("newer")]
    [error] = checks.run_checks(tags=["encryption"], databases=["default"])
    assert error.id == "encryption.E001" and repr(written_under) in error.msg
    with pytest.raises(SystemCheckError, match=written_under):
        call_command("check", databases=["default"])
    with pytest.raises(CommandError, match=written_under):
        refuse_without_keys()
    for command in (["check"], ["serve"], ["migrate"]):
        assert main(command) == 2
        assert written_under in capsys.readouterr().err
    settings.ENCRYPTION_KEYS = [key("newer"), kept]  # put back after the new one: it starts again
    assert checks.run_checks(tags=["encryption"], databases=["default"]) == []


@pytest.mark.django_db
def test_a_wrong_key_under_the_right_id_is_refused(world: World, settings: Any) -> None:
    written_under = current(settings)[0]
    settings.ENCRYPTION_KEYS = [key(written_under)]
    [error] = checks.run_checks(tags=["encryption"], databases=["default"])
    assert error.id == "encryption.E002" and repr(written_under) in error.msg


def test_the_check_reads_nothing_when_no_database_is_part_of_it() -> None:
    assert checks.run_checks(tags=["encryption"]) == []
