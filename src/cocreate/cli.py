"""The `cocreate` command: serve, demo, migrate, createpractice, check, remind."""

from __future__ import annotations

import argparse
import os
import sys


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cocreate.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cocreate", description="Co-created therapy, from the command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the web app and API")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address:port (default 127.0.0.1:8000)")
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
                                  "ended on time (run every five minutes from cron or a systemd timer)")
    args = parser.parse_args(argv)

    _django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        if args.command == "serve":
            call_command("runserver", args.addr, use_reloader=False)
        elif args.command == "demo":
            call_command("demo", not_production=args.not_production)
        elif args.command == "migrate":
            call_command("migrate", interactive=False)
        elif args.command == "createpractice":
            call_command("createpractice", practice=args.practice, email=args.email, name=args.name)
        elif args.command == "check":
            call_command("check", deploy=args.deploy, fail_level="WARNING")
        elif args.command == "remind":
            call_command("remind")
            call_command("remind_sessions")
            call_command("prompt_shifts")
            call_command("raise_ruptures")
            call_command("end_emergency_cover")
    except CommandError as exc:
        print(f"cocreate {args.command}: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
