"""CACHE_URL: by default a cache in files of the data directory, which every process of one server shares (the
sessions and drawn charts); each process its own memory, or Redis for several servers."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.exceptions import ImproperlyConfigured

from cocreate.env import cache


def _open(config: dict[str, object]) -> FileBasedCache:
    return FileBasedCache(str(config["LOCATION"]), {"OPTIONS": config["OPTIONS"]})


def test_by_default_the_processes_of_a_server_share_files_in_the_data_directory(tmp_path: Path) -> None:
    config = cache("", tmp_path)
    assert config["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert config["LOCATION"] == str(tmp_path / "cache")
    one, other = _open(config), _open(config)  # as two worker processes each open it
    one.set("session", {"user": 7}, 60)
    assert other.get("session") == {"user": 7}
    other.delete("session")  # signing out in one process ends it in the other
    assert one.get("session") is None


def test_each_process_its_own_memory_or_a_file_path_of_ones_choosing(tmp_path: Path) -> None:
    assert cache("locmem://", tmp_path)["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert cache(f"file://{tmp_path / 'elsewhere'}", tmp_path)["LOCATION"] == str(tmp_path / "elsewhere")


@pytest.mark.parametrize("url", ["file://relative/path", "memcached://127.0.0.1:11211", "nonsense"])
def test_an_address_it_cannot_use_stops_the_start_with_the_reason(url: str, tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache(url, tmp_path)
