"""Plumbing every command uses: the output language, tables, dates, confirmations, the owner's sign-in and the
refusal of a database that is not there.

The command line runs as the owner: it is the machine's own user, who can read the database file anyway. With
sign-in on, a privileged command first signs in an owner who proves it, as in the window.
"""

from __future__ import annotations

import argparse
import getpass
import locale
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence, Set
from datetime import date
from pathlib import Path

from crmdesk.cli.texts import Words, say
from crmdesk.errors import CrmError

PASSWORD_ENV = "CRMDESK_PASSWORD"
YES = ("y", "yes", "예", "네")


# --- language ----------------------------------------------------------------------------------------------------

def system_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    loc = locale.getlocale()[0] or ""
    return "ko" if loc.lower().startswith("ko") else "en"


def language(args: argparse.Namespace) -> str:
    """The output language: --lang, else the system's."""
    return getattr(args, "lang", None) or system_language()


def words(args: argparse.Namespace) -> Words:
    return Words(language(args))


# --- values in and out -------------------------------------------------------------------------------------------

def date_arg(text: str) -> date | None:
    """--from/--to/--as-of: any date the app reads (2025-06-30, 2025.6.30, 20250630, 2025년 6월 30일), from 1900 to
    2199: a period's end plus a day, an analysis' horizon or pandas' calendar (which ends in 2262) would overflow
    on 9999-12-31, so such a date is a usage error like a misspelt one."""
    from crmdesk.normalise import InvalidValue, parse_date

    try:
        day = parse_date(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(say("bad_date", text=text)) from exc
    first, last = date(1900, 1, 1), date(2199, 12, 31)
    if day is not None and not first <= day <= last:
        raise argparse.ArgumentTypeError(say("date_out_of_range", text=text, first=first, last=last))
    return day


def percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.1f} %"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Set[int] = frozenset()) -> None:
    """A plain text table aligned for Hangul (two columns wide on a terminal)."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    print("  ".join(_pad(h, widths[i], i in right) for i, h in enumerate(headers)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(row)).rstrip())


def progress_printer() -> Callable[[int, int], None]:
    """A progress callback that shows a percentage on a terminal's stderr, and nothing in a pipe."""
    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r  {done * 100 // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)

    return progress


def end_progress() -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)


def confirm(question: str, refusal: str, yes: bool = False) -> bool:
    """True when --yes was given or the person at the terminal answers yes; ``refusal`` (a CrmError) when no one
    can be asked."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise CrmError(refusal)
    return input(question + " [y/N] ").strip().lower() in YES


# --- which database ----------------------------------------------------------------------------------------------

def reads_only(args: argparse.Namespace) -> bool:
    """Commands that only read: pointed at a file that does not exist (a typo in --db), they must say so, not
    create an empty database and answer "0 entries"."""
    command = args.command
    if command in ("audit", "info"):
        return True
    if command == "consent":
        return not (args.grant or args.withdraw)
    if command == "privacy":
        return args.privacy_what == "export"
    if command == "retention":
        return not args.erase and args.set_years is None
    return False


def refuse_missing_database(args: argparse.Namespace, target: str) -> None:
    from crmdesk.store.engine import database_url, sqlite_path

    path = sqlite_path(database_url(target))
    if reads_only(args) and path is not None and not path.exists():
        raise CrmError(words(args)("no_database", path=path))


def database_file(args: argparse.Namespace) -> Path:
    """The SQLite file the file commands (backup, restore, check) work on; refused for a server database."""
    from crmdesk.config import resolve_database
    from crmdesk.store.backups import database_path
    from crmdesk.store.engine import database_url, sqlite_path

    path = sqlite_path(database_url(resolve_database(getattr(args, "db", None))))
    if path is None:
        raise CrmError(say("not_a_file"))
    return database_path(path)


# --- the owner's sign-in -----------------------------------------------------------------------------------------

def privileged(args: argparse.Namespace) -> bool:
    """Commands that take data out, change many cards, erase, read the log or replace the database: with sign-in
    on they run as an owner who proves it (--as NAME and the password), as in the window."""
    command = args.command
    if command in ("export", "import", "privacy", "audit", "restore", "password", "demo"):
        return True
    if command == "backup":
        return getattr(args, "file", None) is not None  # a copy to a file of one's choosing: an export
    if command == "retention":
        return bool(args.erase) or args.set_years is not None
    if command == "campaign":
        return getattr(args, "action", None) == "export"
    if command == "rfm" and getattr(args, "set_segments", None):
        return True
    if command == "customers":  # full phone numbers for an owner who signs in; masked for anyone else
        return getattr(args, "as_name", None) is not None
    return bool(getattr(args, "out", None))  # an analysis table written to a file


def act_as_owner(args: argparse.Namespace, store) -> None:
    """With sign-in on, a privileged command signs in an owner first (audited, with the window's lock-out):
    ``--as NAME`` (or the only owner), the password from $CRMDESK_PASSWORD (scripts) or asked on the terminal.
    The command's audit entries then name that owner. With sign-in off, nothing changes: the machine's user."""
    from crmdesk.services import auth

    if not privileged(args):
        return
    with store.session() as session:
        if not auth.sign_in_required(session):
            return
        people = auth.accounts(session)
    said = words(args)
    owner = _the_owner(people, getattr(args, "as_name", None), said)
    secret = os.environ.get(PASSWORD_ENV)
    if secret is None:
        if not sys.stdin.isatty():
            raise CrmError(said("password_needed", name=owner.name, env=PASSWORD_ENV))
        secret = getpass.getpass(said("password_prompt", name=owner.name))
    store.actor = auth.sign_in(store, owner.id, secret)


def _the_owner(people: list, wanted: str | None, said: Words):
    """The owner named by --as, or the only owner; refused with the reason otherwise."""
    from crmdesk.models import StaffRole

    if wanted:
        named = [s for s in people if s.name.casefold() == wanted.strip().casefold()]
        if not named:
            raise CrmError(said("no_such_account", name=wanted))
        if named[0].role != StaffRole.OWNER.value:
            raise CrmError(said("not_an_owner", name=named[0].name))
        return named[0]
    owners = [s for s in people if s.role == StaffRole.OWNER.value]
    if len(owners) == 1:
        return owners[0]
    raise CrmError(said("which_owner", names=", ".join(s.name for s in owners)))


def owner_for_file(args: argparse.Namespace, db: Path) -> object:
    """act_as_owner for the commands that work on the file itself (backup FILE, restore): something holding the
    signed-in actor for ``by=``, or None (sign-in off, or a database too damaged or old to hold accounts)."""
    from types import SimpleNamespace

    from sqlalchemy.exc import SQLAlchemyError

    from crmdesk.store import open_store

    if not privileged(args) or not db.exists():
        return None
    try:
        store = open_store(db, migrate=False)
    except CrmError:
        return None
    try:
        try:
            act_as_owner(args, store)
        except SQLAlchemyError:  # older than sign-in (no password column) or damaged: nobody can sign in
            return None
        return SimpleNamespace(actor=store.actor) if store.actor is not None else None
    finally:
        store.close()
