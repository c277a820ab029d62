"""Typed readers for configuration from environment variables that fail loudly on bad values."""

from __future__ import annotations

import os
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
