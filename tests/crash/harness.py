"""The crash harness: the production server (gunicorn) on the test database, four writers sending shared notes,
agreement proposals, questionnaire answers and medicine timeline entries through the API, and SIGKILL to the
server's whole process group at random moments, each time restarting it as a supervisor would."""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from cocreate.cli import gunicorn_command
from tests.crash.world import KIND, Ledger, Setup, answers_for

START_SECONDS = 180  # collecting static files at the first start takes many seconds on a busy machine
REQUEST_SECONDS = 20
PACKS = Path(__file__).resolve().parent.parent / "packs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url() -> str:
    """The suite's test database, which the server then shares with the test that checks it."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = f":{quote(config['PASSWORD'], safe='')}" if config["PASSWORD"] else ""
    return (f"postgres://{quote(config['USER'] or '', safe='')}{password}@{config['HOST'] or 'localhost'}:"
            f"{config['PORT'] or 5432}/{quote(config['NAME'], safe='')}")


class Server:
    """gunicorn as `cocreate serve --production` runs it, on the test database. After a kill it is started again
    as a supervisor would restart it; with `serve` the first start also collects the static files (many seconds,
    so only `make test-crash` does it: the suite's own production-server test covers it)."""

    def __init__(self, data_dir: Path, log: Path, *, serve: bool) -> None:
        self.port = free_port()
        self.log = log
        self.environ = {k: v for k, v in os.environ.items()
                        if k not in ("WEB_WORKERS", "GUNICORN_CMD_ARGS", "FORWARDED_ALLOW_IPS")}
        self.environ.update({"DATABASE_URL": database_url(), "COCREATE_DATA_DIR": str(data_dir), "DEBUG": "false",
                             "SECRET_KEY": "crash-harness-" + "k" * 50, "ALLOWED_HOSTS": "127.0.0.1",
                             "SECURE_SSL_REDIRECT": "false", "COCREATE_PROTOCOLS_DIR": str(PACKS),
                             "TASKS_BACKEND": "immediate", "EMAIL_URL": "dummymail://",
                             # the test database's encrypted values are under the test process's keys
                             "ENCRYPTION_KEYS": ",".join(f"{i}:{k}" for i, k in settings.ENCRYPTION_KEYS)})
        address = f"127.0.0.1:{self.port}"
        self.restart = gunicorn_command(address, 2)
        self.command = ([sys.executable, "-m", "cocreate.cli", "serve", "--production", "--workers", "2", "--bind",
                         address] if serve else self.restart)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, token: str) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(self.command, env=self.environ, stdin=subprocess.DEVNULL,  # noqa: S603
                                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        self.command = self.restart
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                if request(self.port, "GET", "/api/v1/me", token)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer in {START_SECONDS} s:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: nothing gets to finish or clean up."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)


def request(port: int, method: str, path: str, token: str, body: Any = None) -> tuple[int, Any]:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_SECONDS)
    try:
        client.request(method, path, body=None if body is None else json.dumps(body),
                       headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        response = client.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else None
    finally:
        client.close()


class Writers:
    """Four threads writing as fast as the server answers; each write has its own words or ids, so it is found (or
    not) after the crashes. A write whose answer never came (the kill) is counted, never retried."""

    def __init__(self, port: int, setup: Setup) -> None:
        self.port = port
        self.setup = setup
        self.ledger = Ledger()
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.unexpected: list[str] = []
        self.latest: int | None = None
        self.waiting = list(setup.administrations)
        self.threads = [threading.Thread(target=self._loop, args=(write,), daemon=True)
                        for write in (self._note, self._proposal, self._answers, self._entries)]

    def start(self) -> None:
        self.running.set()
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=REQUEST_SECONDS + 10)

    def _loop(self, write: Callable[[], None]) -> None:
        while self.running.is_set():
            try:
                write()
            except ConnectionRefusedError:
                time.sleep(0.05)  # the server is down, and nothing was sent: try again shortly
            except (OSError, http.client.HTTPException, json.JSONDecodeError):
                with self.lock:  # sent, and the kill took the answer: stored or not, it was never acknowledged
                    self.ledger.unanswered += 1

    def _post(self, path: str, token: str, body: Any) -> tuple[int, Any]:
        return request(self.port, "POST", f"/api/v1/engagements/{path}", token, body)

    def _odd(self, what: str, status: int, body: Any) -> None:
        with self.lock:
            self.unexpected.append(f"{what}: {status} {body}")

    def _note(self) -> None:
        words = f"Crash note {uuid.uuid4()}"
        status, body = self._post(f"{self.setup.engagement}/shared-notes", self.setup.facilitator_token,
                                  {"body": words})
        if status == 201:
            with self.lock:
                self.ledger.notes.append(words)
        else:
            self._odd("note", status, body)

    def _proposal(self) -> None:
        words = f"Goal {uuid.uuid4()}"
        status, body = self._post(f"{self.setup.engagement}/documents/{KIND}/revisions", self.setup.client_token,
                                  {"based_on": self.latest, "content": {"goals": [{"words": words, "why": ""}]}})
        if status == 201:
            self.latest = body["number"]
            with self.lock:
                self.ledger.revisions.append((body["number"], words))
        elif status == 409:  # a proposal whose answer a kill took was stored after all: build on it
            self.latest = body["latest"]["number"]
        else:
            self._odd("proposal", status, body)

    def _answers(self) -> None:
        if not self.waiting:
            time.sleep(0.2)
            return
        engagement, administration, instrument = self.waiting[0]
        try:
            status, body = self._post(f"{engagement}/administrations/{administration}/submit",
                                      self.setup.client_token, {"answers": answers_for(instrument)})
        except ConnectionRefusedError:
            raise  # nothing was sent: the same questionnaire is tried again
        except BaseException:
            self.waiting.pop(0)  # sent, and its answer lost: stored or not, it is never sent again
            raise
        self.waiting.pop(0)
        if status == 200:
            with self.lock:
                self.ledger.answers[administration] = body["score"]["total"]
        else:
            self._odd("answers", status, body)
        time.sleep(0.3)  # the questionnaires waiting are few: spread them over the run

    def _entries(self) -> None:
        uids = [str(uuid.uuid4()), str(uuid.uuid4())]
        at = datetime.now(UTC).isoformat()
        status, body = self._post(
            f"{self.setup.engagement}/sessions/{self.setup.session}/medicine/entries", self.setup.facilitator_token,
            {"entries": [{"uid": uid, "kind": "note", "at": at, "data": {"text": f"Observed {uid}"}} for uid in uids]})
        if status == 200 and all(r["status"] in ("added", "already") for r in body["results"]):
            with self.lock:
                self.ledger.entries.extend(uids)
        else:
            self._odd("entries", status, body)


def run(setup: Setup, *, kills: int, data_dir: Path, serve: bool,
        seed: int | None = None) -> tuple[Ledger, list[str], int]:
    """Start, write, kill at a random moment, restart, `kills` times over; the ledger, anything unexpected the
    server answered, and the kills made."""
    chance = random.Random(seed)  # noqa: S311 - when to kill, not a secret
    server = Server(data_dir, data_dir / "server.log", serve=serve)
    server.start(setup.facilitator_token)
    writers = Writers(server.port, setup)
    writers.start()
    made = 0
    try:
        for _ in range(kills):
            time.sleep(chance.uniform(0.2, 1.5))
            server.kill()
            made += 1
            server.start(setup.facilitator_token)
        time.sleep(0.5)
    finally:
        writers.stop()
        server.kill()
    return writers.ledger, writers.unexpected, made
