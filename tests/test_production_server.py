"""`cocreate serve --production`: gunicorn serves the app and WhiteNoise its hashed static files, and stops cleanly."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection

from cocreate import cli

# Collecting static files takes seconds, more under load (the suite runs two workers on a small machine); these
# bound every wait, so that a broken server fails the test instead of hanging it.
START_SECONDS = 120
REQUEST_SECONDS = 15
STOP_SECONDS = 40  # gunicorn's graceful timeout is 30 s; an idle worker stops at once


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _test_database_url() -> str:
    """The suite's test database (already migrated), on SQLite or on PostgreSQL with its pool, never the database
    DATABASE_URL names."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = quote(config["USER"] or "", safe="")
    password = f":{quote(config['PASSWORD'], safe='')}" if config["PASSWORD"] else ""
    host, port = config["HOST"] or "localhost", config["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{quote(config['NAME'], safe='')}"


def _environment(data_dir: Path) -> dict[str, str]:
    environ = dict(os.environ)
    # Gunicorn's own variables would change what is tested.
    for name in ("WEB_WORKERS", "GUNICORN_CMD_ARGS", "FORWARDED_ALLOW_IPS"):
        environ.pop(name, None)
    environ.update({
        "DATABASE_URL": _test_database_url(),
        "COCREATE_DATA_DIR": str(data_dir),
        "DEBUG": "false",
        "SECRET_KEY": "production-server-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        # The server reads the test database, so it holds the keys its encrypted values were written under.
        "ENCRYPTION_KEYS": ",".join(f"{key_id}:{key}" for key_id, key in settings.ENCRYPTION_KEYS),
    })
    return environ


def _request(port: int, method: str, path: str, *, body: str | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    # The proxy in front of a live site says the request came over HTTPS; gunicorn believes it from 127.0.0.1.
    sent = {"X-Forwarded-Proto": "https", **(headers or {})}
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_SECONDS)
    try:
        client.request(method, path, body=body, headers=sent)
        response = client.getresponse()
        return response.status, response.headers, response.read()
    finally:
        client.close()


def _wait_for_port(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the server exited with {server.returncode}:\n{log.read_text()}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"nothing listened on {port} after {START_SECONDS} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Whatever happened, leave no server behind: its whole process group goes."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=STOP_SECONDS)


@pytest.mark.django_db(transaction=True)  # the server's worker reads and writes the test database from outside
def test_gunicorn_serves_the_site_and_whitenoise_its_static_files_then_stops_on_sigterm(tmp_path: Path) -> None:
    environ = _environment(tmp_path / "data")
    port = _free_port()
    command = [sys.executable, "-m", "cocreate.cli"]
    migrate_log, server_log = tmp_path / "migrate.log", tmp_path / "server.log"
    # `cocreate migrate` finds the test database up to date; it runs beside the server's collecting of static files
    # (seconds of compression), and the first request waits for both, as a deployment migrates before traffic.
    with migrate_log.open("wb") as migrate_out, server_log.open("wb") as server_out:
        migrate = subprocess.Popen([*command, "migrate"], env=environ, stdin=subprocess.DEVNULL,  # noqa: S603 - ours
                                   stdout=migrate_out, stderr=subprocess.STDOUT, start_new_session=True)
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [*command, "serve", "--production", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            env=environ, stdin=subprocess.DEVNULL, stdout=server_out, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            assert migrate.wait(timeout=START_SECONDS) == 0, migrate_log.read_text()
            _wait_for_port(port, server, server_log)

            status, headers, body = _request(port, "GET", "/accounts/login/")
            assert status == 200, server_log.read_text()
            assert headers["Server"] == "gunicorn"
            page = body.decode()
            cookie = re.search(r"csrftoken=([^;]+)", " ".join(headers.get_all("Set-Cookie") or []))
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            assert cookie and token

            # Pages link to the hashed copy of each static file; WhiteNoise serves it compressed, cached for good.
            css = re.search(r'href="(/static/cocreate/cocreate\.[0-9a-f]{12}\.css)"', page)
            assert css, page
            status, headers, _ = _request(port, "GET", css.group(1), headers={"Accept-Encoding": "gzip"})
            assert status == 200
            assert headers["Content-Encoding"] == "gzip"
            assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]

            # A wrong password reaches the database from the worker (the sign-in lockout counts the failure) and
            # the form comes back: the worker has a working connection.
            status, _, body = _request(
                port, "POST", "/accounts/login/",
                body=urlencode({"csrfmiddlewaretoken": token.group(1), "username": "nobody@example.org",
                                "password": "not-the-password"}),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie.group(1)}",
                         "Origin": f"https://127.0.0.1:{port}", "Referer": f"https://127.0.0.1:{port}/accounts/login/"})
            assert status == 200, server_log.read_text()
            assert b'name="password"' in body

            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=STOP_SECONDS) == 0, server_log.read_text()
        finally:
            _stop(server)
            _stop(migrate)
    log = server_log.read_text()
    assert "static files copied" in log  # collected before gunicorn started
    assert '"GET /accounts/login/ HTTP/1.1" 200' in log  # the access log is on stdout


def test_production_refuses_debug(settings: Any, capsys: Any) -> None:
    settings.DEBUG = True
    assert cli.main(["serve", "--production"]) == 2
    assert "DEBUG is on" in capsys.readouterr().err


def test_workers_go_with_production_only(capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve", "--workers", "3"])
    assert exit_.value.code == 2
    assert "--production" in capsys.readouterr().err


def test_workers_default_to_twice_the_cores_plus_one_at_most_eight(monkeypatch: Any) -> None:
    monkeypatch.delenv("WEB_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert cli._default_workers() == 5
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    assert cli._default_workers() == 8
    monkeypatch.setenv("WEB_WORKERS", "3")
    assert cli._default_workers() == 3
