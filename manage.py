"""Operator's commands, run with the app's settings (environment, then secrets file).

    python -m manage migrate            before the app serves: migrate, seed the demo (demo mode)
    python -m manage check              is the database ready to serve (answers, schema at head)?
    python -m manage backup PATH        a consistent backup while the app runs, with a manifest
    python -m manage restore PATH --yes replace the database with a backup (app stopped)
    python -m manage retention          erase participants' details past SAMSKAB_PARTICIPANT_RETENTION_DAYS
    python -m manage purge-audit        delete audit rows older than SAMSKAB_AUDIT_RETENTION_DAYS
    python -m manage create-admin       the first administrator of a new database (asks for a password)

Exit codes: 0 done, 1 failed (the message says why), 2 wrong use or settings.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

import config
import i18n
from db import backup as backups
from db import health, migrate
from db.session import dispose, session_scope
from demo import seed
from services.admin import audit, first_admin, site
from services.admin.permissions import SYSTEM
from services.common.errors import DomainError
from services.workshop import participant_retention


def migrate_and_seed(settings: config.Settings) -> str:
    """Migrate the settings' database, then seed the demo if in demo mode and empty.

    Seeding checks "empty" under the migration's lock (demo.seed.seed_once), so servers
    and this command starting at once seed exactly once.
    """
    url = settings.database_url
    migrate.ensure_migrated(url)
    if not settings.demo:
        with session_scope(url) as session:
            site.remember_production_start(session)
            if site.warn_if_demo_in_production(session, production=True):
                return (
                    "migrated; WARNING: this database was seeded as the demo, its demo accounts are refused"
                )
        return "migrated"
    summary = seed.seed_once(url, rounds=settings.bcrypt_rounds)
    if summary is None:
        return "migrated; the database has data, no demo seeded"
    return f"migrated; demo seeded (open workshop join code {summary.open_workshop_code})"


def _migrate(settings: config.Settings, _args: argparse.Namespace) -> int:
    print(migrate_and_seed(settings))
    state = health.check(settings.database_url)
    print(f"schema at {state.revision} (head {state.head})")
    return 0 if state.ready else 1


def _check(settings: config.Settings, _args: argparse.Namespace) -> int:
    state = health.check(settings.database_url)
    print(f"{state.reason}: schema at {state.revision or 'none'}, this code's head {state.head}")
    return 0 if state.ready else 1


def _backup(settings: config.Settings, args: argparse.Namespace) -> int:
    manifest = backups.backup(settings.database_url, args.path)
    rows = sum(d.rows for d in manifest.tables.values())
    print(f"backup written: {args.path} ({len(manifest.tables)} tables, {rows} rows)")
    print(f"manifest: {backups.manifest_path(args.path)}")
    return 0


def _restore(settings: config.Settings, args: argparse.Namespace) -> int:
    if not args.yes:
        print(
            f"This replaces everything in the database {_safe(settings.database_url)} with {args.path}.\n"
            "Stop every Samskab process first, then run again with --yes.",
            file=sys.stderr,
        )
        return 2
    manifest, restored = backups.restore(settings.database_url, args.path)
    if manifest is None:
        print(f"restored {args.path}; it has no manifest, so nothing was verified")
        return 0
    wrong = sorted(
        name
        for name in manifest.tables.keys() | restored.keys()
        if manifest.tables.get(name) != restored.get(name)
    )
    if wrong:
        print(f"restored, but these tables differ from the backup's manifest: {', '.join(wrong)}")
        return 1
    rows = sum(d.rows for d in restored.values())
    print(f"restored {args.path}: {len(restored)} tables, {rows} rows, all as in the manifest")
    return 0


def _retention(settings: config.Settings, _args: argparse.Namespace) -> int:
    """Erase the personal details of participants whose workshop closed long enough ago.

    For the operator's scheduler (daily is plenty); servers also do it once when they start.
    """
    state = health.check(settings.database_url)
    if not state.ready:
        print(f"retention not run: {state.reason}", file=sys.stderr)
        return 1
    days = settings.participant_retention_days
    with session_scope(settings.database_url) as session:
        run = participant_retention.anonymise_expired(session, days=days)
    print(
        f"retention {days} days after a workshop closes: {run.participants} participants' details "
        f"erased in {run.workshops} workshops"
    )
    if run.not_closed:
        print(
            f"{run.not_closed} workshops began more than {days} days ago and are not closed; "
            "their participants' details are kept until they are closed"
        )
    return 0


def purge_audit(settings: config.Settings) -> str:
    """Delete the audit rows past their retention, as the system; what a scheduler runs daily."""
    days = settings.audit_retention_days
    if days <= 0:
        return "audit log kept forever (SAMSKAB_AUDIT_RETENTION_DAYS=0): nothing purged"
    with session_scope(settings.database_url) as session:
        gone = audit.purge(session, retention_days=days, by_user_id=SYSTEM)
    return f"audit log: {gone} rows older than {days} days purged"


def _purge_audit(settings: config.Settings, _args: argparse.Namespace) -> int:
    print(purge_audit(settings))
    return 0


def _ask_password() -> str:
    """Typed twice without echo at a terminal; one line from standard input in a script."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password (12 characters or more): ")
    if getpass.getpass("The same password again: ") != first:
        raise DomainError("error.passwords_differ")
    return first


def _create_admin(settings: config.Settings, args: argparse.Namespace) -> int:
    """Migrate if needed, then make the first administrator; refusals in plain words, exit 1."""
    i18n.set_language("en")
    migrate.ensure_migrated(settings.database_url)
    username = args.username or input("Username (3-40 of a-z 0-9 . _ -): ")
    name = args.name or input("Full name: ")
    try:
        password = _ask_password()
        with session_scope(settings.database_url) as session:
            user = first_admin.create_first_admin(
                session,
                username=username,
                display_name=name,
                password=password,
                email=args.email,
                production=not settings.demo,
                rounds=settings.bcrypt_rounds,
            )
            username = user.username
    except DomainError as err:
        print(f"create-admin refused: {i18n.refusal(err.key, err.params)}", file=sys.stderr)
        return 1
    print(f"administrator {username} created; sign in and follow the setup checklist on the overview")
    return 0


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m manage", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="migrate the database; in demo mode, seed it if empty")
    commands.add_parser("check", help="exit 0 if the database answers at the newest schema, else 1")
    backup = commands.add_parser("backup", help="write a consistent backup and its manifest")
    backup.add_argument("path", type=Path)
    restore = commands.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("path", type=Path)
    restore.add_argument("--yes", action="store_true", help="yes, replace the database")
    commands.add_parser("retention", help="erase participants' details past the retention (for a scheduler)")
    commands.add_parser("purge-audit", help="delete audit rows older than SAMSKAB_AUDIT_RETENTION_DAYS")
    admin = commands.add_parser(
        "create-admin", help="create the first administrator (password asked, or read from stdin)"
    )
    admin.add_argument("--username", help="the administrator's username (asked if left out)")
    admin.add_argument("--name", help="the administrator's full name (asked if left out)")
    admin.add_argument("--email", help="the administrator's e-mail address (optional)")
    return parser


COMMANDS = {
    "migrate": _migrate,
    "check": _check,
    "backup": _backup,
    "restore": _restore,
    "retention": _retention,
    "purge-audit": _purge_audit,
    "create-admin": _create_admin,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = config.load()
    except config.ConfigError as err:
        print(f"settings: {err}", file=sys.stderr)
        return 2
    try:
        return COMMANDS[args.command](settings, args)
    except backups.BackupError as err:
        print(f"{args.command} failed: {err}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, OSError) as err:
        # An operator needs the cause, not a traceback: the database or file said no.
        print(f"{args.command} failed: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    finally:
        dispose(settings.database_url)


if __name__ == "__main__":
    sys.exit(main())
