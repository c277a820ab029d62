"""Typed readers for configuration from environment variables that fail loudly on bad values."""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_dir(name: str) -> Path | None:
    """An optional directory that must exist when given."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    path = Path(raw).expanduser().resolve()
    if not path.is_dir():
        raise ImproperlyConfigured(f"{name}={raw!r} is not an existing directory.")
    return path


def data_dir() -> Path:
    path = Path(os.environ.get("COCREATE_DATA_DIR") or Path.cwd() / "var").resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(f"COCREATE_DATA_DIR={str(path)!r} cannot be created: {exc}") from exc
    return path


def secret_key(directory: Path) -> str:
    """Use SECRET_KEY if given; otherwise a key generated once and kept in the data directory."""
    given = os.environ.get("SECRET_KEY")
    if given is not None:
        if len(given) < 50:
            raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
        return given
    path = directory / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(64)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def _parse_keys(name: str, raw: str) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    for position, item in enumerate((part.strip() for part in raw.split(",") if part.strip()), start=1):
        key_id, colon, material = item.partition(":")
        if not colon or not KEY_ID.match(key_id.strip()):
            raise ImproperlyConfigured(
                f"{name}: item {position} is not id:key (an id of letters, digits, - or _ up to 32, a colon, "
                "then the key); make a key with `cocreate encryption newkey`.")
        try:
            decoded = base64.urlsafe_b64decode(material.strip() + "=" * (-len(material.strip()) % 4))
        except (ValueError, binascii.Error):
            decoded = b""
        if len(decoded) != 32:
            raise ImproperlyConfigured(
                f"{name}: the key of {key_id.strip()!r} is not 32 bytes in URL-safe base64; "
                "make one with `cocreate encryption newkey`.")
        keys.append((key_id.strip(), material.strip()))
    if not keys:
        raise ImproperlyConfigured(f"{name} is set but holds no key.")
    ids = [key_id for key_id, _ in keys]
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured(f"{name} names one key id twice.")
    return keys


def encryption_keys(directory: Path) -> list[tuple[str, str]]:
    """ENCRYPTION_KEYS (id:key pairs, the key that encrypts first); otherwise one key generated once and kept in
    the data directory, like the secret key, so that a solo practitioner sets nothing by hand."""
    given = os.environ.get("ENCRYPTION_KEYS")
    if given is not None and given.strip():
        return _parse_keys("ENCRYPTION_KEYS", given)
    path = directory / "encryption_keys"
    if path.exists():
        return _parse_keys(str(path), path.read_text())
    material = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    line = f"{secrets.token_hex(4)}:{material}"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it a moment ago
        return _parse_keys(str(path), path.read_text())
    with os.fdopen(fd, "w") as handle:
        handle.write(line + "\n")
    return _parse_keys(str(path), line)


def database(url: str | None, directory: Path) -> dict[str, object]:
    """Django DATABASES['default'] from DATABASE_URL; SQLite in the data directory when unset."""
    if not url:
        url = f"sqlite:///{directory / 'cocreate.sqlite3'}"
    scheme = url.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:///path or postgres://..."
        )
    import environ  # django-environ parses the URL forms

    config: dict[str, object] = dict(environ.Env.db_url_config(url))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        }
        # The test database is a file too, not SQLite in memory, so that a concurrency test's threads share it
        # and wait on the write lock as production does. The process id keeps test runs that share a data
        # directory apart (pytest-xdist adds its worker suffix to this name).
        config["TEST"] = {"NAME": str(directory / f"test-{os.getpid()}.sqlite3")}
        # Each process keeps its connection between requests: opening one (Django registers its SQL functions,
        # the PRAGMAs above run) cost a few milliseconds, more than many a whole page's queries.
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)
        config["CONN_HEALTH_CHECKS"] = True
    else:
        # A bounded pool per process: threads beyond its size wait for a connection (up to the pool's timeout)
        # instead of opening more, so concurrent writers never run the server out of connections.
        pool = env_int("DATABASE_POOL_SIZE", 10)
        if pool:
            config["OPTIONS"] = {"pool": {"min_size": 1, "max_size": pool,
                                          "timeout": env_int("DATABASE_POOL_TIMEOUT", 30, minimum=1)}}
        else:
            config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
            config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config


def cache(url: str | None, directory: Path) -> dict[str, object]:
    """Django CACHES['default'] from CACHE_URL: files in the data directory when unset (shared by the processes
    of one server), `locmem://` (each process its own), or `redis://host:port/db` (shared by several servers;
    needs the `redis` package)."""
    if not url:
        url = f"file://{directory / 'cache'}"
    scheme, _, rest = url.partition("://")
    if scheme == "file":
        if not rest.startswith("/"):
            raise ImproperlyConfigured(f"CACHE_URL {url!r}: give an absolute path, file:///path/to/cache")
        # Sessions and drawn charts: room for many of each before the oldest third is dropped.
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest,
                "OPTIONS": {"MAX_ENTRIES": 20_000}}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "cocreate",
                "OPTIONS": {"MAX_ENTRIES": 5_000}}
    if scheme in {"redis", "rediss"}:
        try:
            import redis  # type: ignore[import-not-found]  # noqa: F401 - only to fail here, with the reason, rather than on the first request
        except ImportError as exc:
            raise ImproperlyConfigured("CACHE_URL redis://… needs the redis package: pip install redis") from exc
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL scheme {scheme!r} is not supported; use file:///path, locmem:// or "
                               "redis://host:port/db")
