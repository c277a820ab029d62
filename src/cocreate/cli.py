"""The `cocreate` command: serve (the development server, or gunicorn in production), demo, migrate,
createpractice, check, remind, worker, encryption, backup, restore."""

from __future__ import annotations

import argparse
import os
import sys


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
    import django

    django.setup()


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _default_workers() -> int:
    """WEB_WORKERS, else gunicorn's rule of thumb, 2 × cores + 1, kept at most 8.

    A sync worker serves one request at a time and holds one database connection while it does, so the cap keeps
    several servers on one PostgreSQL well inside its max_connections, and each worker's memory (Django, matplotlib,
    WeasyPrint) within a small machine's.
    """
    from cocreate import env

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return env.env_int("WEB_WORKERS", min(2 * cores + 1, 8), minimum=1)


def gunicorn_command(addr: str, workers: int) -> list[str]:
    """The gunicorn that `serve --production` becomes (the crash harness restarts exactly this after a kill)."""
    return [
        sys.executable, "-m", "gunicorn", "cocreate.wsgi:application",
        "--bind", addr,
        "--workers", str(workers),
        # A request still running after 30 s is stopped (its worker restarted) rather than left to hold a worker;
        # on SIGTERM, requests under way get 30 s to finish.
        "--timeout", "30",
        "--graceful-timeout", "30",
        # The application (settings, every view and the libraries they use) is loaded once, before the workers are
        # forked: a new worker answers at once instead of spending seconds importing (wsgi.py imports the views).
        "--preload",
        # Each worker is replaced after tens of thousands of requests, staggered widely, so that slow growth in
        # memory never accumulates and the workers never restart together; with --preload (templates compiled
        # too, wsgi.py) a replacement costs a fork. At a thousand requests a second, every few thousand was a
        # replacement every few seconds, and each one showed in the slowest requests.
        "--max-requests", "20000",
        "--max-requests-jitter", "10000",
        "--access-logfile", "-",
        # Gunicorn's control socket lives at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn): two servers on one
        # host would take it from each other. Signals (HUP, TERM, TTIN, TTOU) do the same work.
        "--no-control-socket",
    ]


def _debug_refused() -> bool:
    """DEBUG shows tracebacks with settings to anyone and serves static files from the source tree: a live site
    never wants it, and a development server that reloads on change is what debugging wants."""
    from django.conf import settings

    if settings.DEBUG:
        print("cocreate serve --production: DEBUG is on; set DEBUG=false, or use `cocreate serve` to develop.",
              file=sys.stderr)
    return bool(settings.DEBUG)


def _serve_production(addr: str, workers: int | None) -> int:
    """Collect the static files, then replace this process with gunicorn, so that a supervisor's signals reach it."""
    from django.core.management import call_command

    workers = workers or _default_workers()  # a bad WEB_WORKERS stops it now, not after collecting
    # WhiteNoise serves the hashed, compressed copies this makes in $COCREATE_DATA_DIR/static; a new release's files
    # are in place before the first worker starts.
    call_command("collectstatic", interactive=False, verbosity=1)
    command = gunicorn_command(addr, workers)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, command)  # noqa: S606 - our own interpreter and fixed arguments, no shell


def _worker(*, periodic: bool) -> int:
    """The database queue's worker, with a thread that offers the periodic run every few seconds. Ctrl-C or SIGTERM
    lets a task under way finish, then stops (django-tasks-db's worker handles the signals)."""
    import threading

    from django.core.management import call_command
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    from cocreate.tasks.jobs import start_ticker

    if not isinstance(task_backends["default"], DatabaseBackend):
        print("cocreate worker: TASKS_BACKEND is not database; tasks run where they are queued, with no worker.",
              file=sys.stderr)
        return 2
    if periodic:
        start_ticker(threading.Event())
    call_command("db_worker", reload=False, interval=1)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cocreate", description="Co-created therapy, from the command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the web app and API: the development server, or gunicorn with "
                                         "--production (docs/configuration.md)")
    serve.add_argument("--addr", "--bind", dest="addr", default="127.0.0.1:8000",
                       help="address:port, or with --production unix:/path (default 127.0.0.1:8000)")
    serve.add_argument("--production", action="store_true",
                       help="collect static files and start gunicorn; refuses to start with DEBUG on")
    serve.add_argument("--workers", type=_positive,
                       help="with --production: worker processes (default WEB_WORKERS, else 2 x cores + 1, at most 8)")
    demo = sub.add_parser("demo", help="create the demo practices (idempotent) and print every login")
    demo.add_argument("--i-know-this-is-not-production", action="store_true", dest="not_production",
                      help="load the demo even with DEBUG off (its logins have a published password)")
    sub.add_parser("migrate", help="create or update the database tables")
    create = sub.add_parser("createpractice", help="create a practice and its first user")
    create.add_argument("--practice", required=True)
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    check = sub.add_parser("check", help="check the configuration (add --deploy for production)")
    check.add_argument("--deploy", action="store_true")
    sub.add_parser("remind", help="send what has fallen due: reminders of questionnaires and sessions, invitations "
                                  "to note shifts, long-unrepaired ruptures raised with supervisors, emergency cover "
                                  "ended on time (from cron or a systemd timer every five minutes, if no "
                                  "`cocreate worker` runs)")
    worker = sub.add_parser("worker", help="run background tasks from the database queue (email, and every "
                                           "WORKER_PERIODIC_SECONDS what `remind` does); run as many as you like")
    worker.add_argument("--no-periodic", action="store_false", dest="periodic",
                        help="only run queued tasks; leave the periodic work to other workers")
    for name, text in (("backup", "write a backup of the database and uploaded files to PATH, while the app runs"),
                       ("restore", "restore a backup into an empty database (docs/security.md, \"Backups\")")):
        backing = sub.add_parser(name, help=text)
        backing.add_argument("path", metavar="PATH")
        backing.add_argument("--passphrase-file", help="seal (or open) the backup with the passphrase in this file; "
                                                       "or set COCREATE_BACKUP_PASSPHRASE")
    crypt = sub.add_parser("encryption", help="encryption at rest: status (what is under which key), rotate "
                                              "(re-encrypt under the current key), newkey (docs/security.md)")
    crypt.add_argument("action", choices=["status", "rotate", "newkey"])
    crypt.add_argument("--batch-size", type=_positive, default=500,
                       help="rotate: values or files re-encrypted per transaction (default 500)")
    export = sub.add_parser("export-client", help="write a client's whole record to PATH (zip, fhir, json or pdf) "
                                                  "under a named person's access (docs/interop.md)")
    export.add_argument("--engagement", type=_positive, required=True)
    export.add_argument("--format", choices=["zip", "fhir", "json", "pdf"], default="zip")
    export.add_argument("--as", dest="as_email", required=True,
                        help="the client (their own archive) or a care-team member (a transfer export)")
    export.add_argument("path", metavar="PATH")
    audit = sub.add_parser("audit", help="the append-only trail: seal (extend the chain of seals; the worker does "
                                         "this periodically) or verify (exit 2 naming the first break)")
    audit.add_argument("action", choices=["seal", "verify"])
    audit.add_argument("--margin", type=int, default=None, metavar="SECONDS",
                       help="seal: rows seen at least this long ago (0: everything, only when nothing is written)")
    keep = sub.add_parser("retention", help="list closed engagements past their practice's retention period and "
                                            "what would go; --apply removes them, leaving a tombstone")
    keep.add_argument("--apply", action="store_true", help="remove them (without it nothing is written)")
    args = parser.parse_args(argv)
    if args.command == "serve" and args.workers and not args.production:
        parser.error("--workers goes with --production; the development server has no workers")

    _django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        if args.command == "serve" and args.production and _debug_refused():
            return 2  # before anything reads the database
        if args.command in ("serve", "migrate"):
            from cocreate.encryption.checks import refuse_without_keys

            refuse_without_keys()  # a key missing or wrong: stop here, not on every page that reads what it wrote
        if args.command == "serve" and args.production:
            return _serve_production(args.addr, args.workers)
        elif args.command == "serve":
            call_command("runserver", args.addr, use_reloader=False)
        elif args.command == "demo":
            call_command("demo", not_production=args.not_production)
        elif args.command == "migrate":
            call_command("migrate", interactive=False)
        elif args.command == "createpractice":
            call_command("createpractice", practice=args.practice, email=args.email, name=args.name)
        elif args.command == "check":
            call_command("check", deploy=args.deploy, fail_level="WARNING", databases=["default"])
        elif args.command == "remind":
            from cocreate.tasks.jobs import PERIODIC_COMMANDS

            for command in PERIODIC_COMMANDS:
                call_command(command)
        elif args.command == "worker":
            return _worker(periodic=args.periodic)
        elif args.command == "export-client":
            call_command("export_client", args.path, engagement=args.engagement, form=args.format,
                         as_email=args.as_email)
        elif args.command == "encryption":
            call_command("encryption", args.action, batch_size=args.batch_size)
        elif args.command == "audit" and args.action == "seal":
            call_command("audit_seal", margin=args.margin)
        elif args.command == "audit":
            call_command("audit_verify")
        elif args.command == "retention":
            call_command("retention", apply=args.apply)
        elif args.command in ("backup", "restore"):
            from cocreate.backup import command as backing_up

            run = backing_up.run_backup if args.command == "backup" else backing_up.run_restore
            return run(args.path, args.passphrase_file)
    except CommandError as exc:
        print(f"cocreate {args.command}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
