"""Plumbing every command uses: the output language, tables, dates, confirmations, who may run what (NEEDS), the
sign-in and the refusal of a database that is not there.

The command line runs as the owner: it is the machine's own user. With sign-in on, a command that needs one of the
services' permissions (NEEDS) first signs in a person who proves it, as in the window, and one that cannot tell
whether sign-in is on refuses.
"""

from __future__ import annotations

import argparse
import getpass
import locale
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence, Set
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from crmdesk.access import Permission
from crmdesk.cli.texts import LANGUAGES, Words, say
from crmdesk.errors import CrmError

PASSWORD_ENV = "CRMDESK_PASSWORD"
YES = ("y", "yes", "예", "네")
T = TypeVar("T")


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


def validation_refusal(err: Any) -> CrmError:
    """A service's ValidationError as the command's refusal: its English, and each problem in Korean
    (cli/texts_problems.py; a code without Korean keeps the service's English sentence)."""
    from crmdesk.cli.texts_problems import PROBLEMS_KO, TOO_LONG_KO

    def korean(problem: Any) -> str:
        template = TOO_LONG_KO.get(problem.field) if problem.code == "too_long" else PROBLEMS_KO.get(problem.code)
        if template is None:
            return str(problem.message)
        if not problem.value:
            template = template.replace(": {value}", "")
        if "{known}" in template:  # loaded already: it found the unknown variable
            from crmdesk.services.ad_messages import VARIABLES

            template = template.replace("{known}", ", ".join(f"#{{{name}}}" for name in VARIABLES))
        return template.replace("{value}", str(problem.value))

    return CrmError(str(err), ko="; ".join(korean(p) for p in err.problems))


def file_titles(args: argparse.Namespace) -> Words:
    """The language of an --out file's column titles, --headers: en (the default) writes the columns' identifiers,
    which scripts read; ko the Korean titles (cli/texts_files.py). The cells follow --lang, never this."""
    return Words(getattr(args, "headers", None) or "en")


def words(args: argparse.Namespace) -> Words:
    return Words(language(args))


def argv_language(argv: Sequence[str]) -> str:
    """The output language of a command line not parsed yet: its last ``--lang ko|en`` (``--lang=ko``; the global
    option or a command's, as the parser would take it), else the system's. The parser is built in it, so that its
    own checks of a date or a number of years (run before there are args) speak it too."""
    chosen = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value in LANGUAGES:
            chosen = value
    return chosen or system_language()


def in_language(check: Callable[[str, str], T], lang: str) -> Callable[[str], T]:
    """An argparse ``type=`` of ``check(text, lang)``: its refusal speaks ``lang`` (see argv_language)."""
    def typed(text: str) -> T:
        return check(text, lang)

    typed.__name__ = check.__name__  # argparse names the type in its own "invalid ... value"
    return typed


# --- values in and out -------------------------------------------------------------------------------------------

def date_arg(text: str, lang: str) -> date | None:
    """--from/--to/--as-of: any date the app reads (2025-06-30, 2025.6.30, 20250630, 2025년 6월 30일), from 1900 to
    2199: a period's end plus a day, an analysis' horizon or pandas' calendar (which ends in 2262) would overflow
    on 9999-12-31, so such a date is a usage error like a misspelt one."""
    from crmdesk.normalise import InvalidValue, parse_date

    try:
        day = parse_date(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(say("bad_date", lang, text=text)) from exc
    first, last = date(1900, 1, 1), date(2199, 12, 31)
    if day is not None and not first <= day <= last:
        raise argparse.ArgumentTypeError(say("date_out_of_range", lang, text=text, first=first, last=last))
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
        raise CrmError(say("not_a_file", language(args)))
    return database_path(path)


# --- who may run what -------------------------------------------------------------------------------------------

_BULK, _EXPORT, _ERASE, _SETTINGS = Permission.BULK, Permission.EXPORT, Permission.ERASE, Permission.SETTINGS
_BACKUP, _AUDIT, _ANALYTICS, _CONSENT = Permission.BACKUP, Permission.AUDIT, Permission.ANALYTICS, Permission.CONSENT

# What every command and option needs once sign-in is on: a permission of the services (crmdesk/access.py), or
# None for what anyone at the shop may do. A command's entry ("export") covers its sub-commands ("export sales");
# an option's entry ("churn --list") counts when the option is given. Every command and option the parser knows
# is here (tests/cli/test_signin_every_command.py walks the parser), so a new one cannot be forgotten; the window
# gates its screens by the same permissions.
NEEDS: dict[str, Permission | None] = {
    "demo": _BULK, "demo --customers": None, "demo --seed": None, "demo --if-empty": None,
    # Customers are looked up by anyone, phones masked; --as NAME shows them in full, to an owner who signs in.
    "customers": None, "customers --as": _EXPORT, "customers --search": None, "customers --sort": None,
    "customers --desc": None, "customers --archived": None, "customers --limit": None,
    "info": None,
    "export": _EXPORT, **{f"export {what} {opt}": None for what, opts in (
        ("customers", ("FILE", "--archived", "--headers")), ("touchpoints", ("FILE", "--from", "--to", "--headers")),
        ("feedback", ("FILE", "--from", "--to", "--headers")), ("ratings", ("FILE", "--from", "--to", "--headers")),
        ("sales", ("FILE", "--encoding", "--headers")))
        for opt in opts},
    "import": _BULK, **{f"import {kind} {opt}": None for kind in ("customers", "sales") for opt in (
        "FILE", "--map", "--preset", "--encoding", "--delimiter", "--dry-run", "--strict")},
    "import customers --save-preset": _SETTINGS, "import sales --save-preset": _SETTINGS,
    # The analyses are the dashboard's figures; a table written --out is an export; --list prints full phones.
    "rfm": _ANALYTICS, "rfm --show-segments": None, "rfm --set-segments": _SETTINGS,
    "rfm --default-segments": _SETTINGS,
    "pareto": _ANALYTICS, "recovery": _ANALYTICS,
    "clv": _ANALYTICS, "clv --unit": None, "clv --horizon-days": None, "clv --params": None,
    "churn": _ANALYTICS, "churn --list": _EXPORT, "churn --stages": None, "churn --months": None,
    "basket": _ANALYTICS, "basket --categories": None, "basket --min-receipts": None,
    "cohorts": _ANALYTICS, "cohorts --months": None,
    **{f"{name} --as-of": None for name in ("rfm", "pareto", "clv", "churn", "basket", "recovery", "cohorts")},
    **{f"{name} --on": None for name in ("rfm", "pareto", "clv", "report segments")},  # issue 20: on margin
    **{f"{name} --out": _EXPORT for name in ("rfm", "pareto", "clv", "churn", "basket", "recovery", "cohorts")},
    **{f"{name} --headers": None for name in ("rfm", "pareto", "clv", "churn", "basket", "recovery", "cohorts")},
    # A PDF is data leaving the shop, as in the window; full phone numbers on it even more so.
    "report": _EXPORT, "report segments": _ANALYTICS, "report calls": _ANALYTICS,
    "report segments --list-limit": None, "report segments --as-of": None, "report calls --segment": None,
    "report calls --limit": None, "report calls --as-of": None, "report card --customer": None,
    **{f"report {kind} {opt}": None for kind in ("segments", "calls", "card") for opt in ("--pdf", "--page-size")},
    **{f"report {kind} --full-phones": _EXPORT for kind in ("segments", "calls", "card")},
    "campaign": _EXPORT, **{f"campaign export {opt}": None for opt in (
        "--segment", "--channel", "FILE", "--encoding", "--headers", "--control", "--seed", "--code", "--days")},
    # The rules are settings; the daily upkeep is the housekeeping the window runs for whoever is signed in.
    "points": None, "points --earn": _SETTINGS, "points --expiry-months": _SETTINGS, "points --tiers": _SETTINGS,
    "points --upkeep": None,
    "backup": _BACKUP, "backup FILE": None, "backup --keep": None, "backup --force": None, "backups": None,
    "backups --remove-erased": _BACKUP, "backups --yes": None,
    "backups --protect": _BACKUP, "backups --remove-open": _BACKUP,
    "restore": _BACKUP, "restore FILE": None, "restore --yes": None, "check": None,
    "privacy export": _EXPORT, "privacy export ID": None, "privacy export FILE": None,
    "privacy erase": _ERASE, "privacy erase ID": None, "privacy erase --yes": None,
    # The retention list is the privacy screen's, which the window shows to owners only.
    "retention": _AUDIT, "retention --years": None, "retention --set-years": _SETTINGS, "retention --erase": _BULK,
    "retention --yes": None, "retention --limit": None,
    "audit": _AUDIT, **{f"audit {opt}": None for opt in ("--staff", "--action", "--customer", "--from", "--to",
                                                         "--limit")},
    # Anyone may read a card's consent; recording a change is signed by the staff member who takes it.
    "consent": None, "consent ID": None, "consent --grant": _CONSENT, "consent --withdraw": _CONSENT,
    "consent --method": None,
    # Issue 17: the lists mask phones; a notice file is an export, recording that it went out a consent change;
    # the shop's details are settings; a campaign message, a stated import source and a reason need nothing more.
    "consent --unconfirmed": None, "consent --due": None, "consent --notice-file": _EXPORT,
    "consent --notice-sent": _CONSENT, "consent --encoding": None, "consent --reason": None,
    "settings": None, **{f"settings {opt}": _SETTINGS for opt in (
        "--shop-name", "--shop-phone", "--shop-address", "--opt-out")},
    "report consent-form --pdf": None, "report consent-form --customer": None,
    "import customers --consent-source": None, "import customers --consent-date": None,
    **{f"campaign export {opt}": None for opt in ("--message", "--notice", "--send-at", "--reason")},
    **{f"{path} --reason": None for path in ("export customers", "export touchpoints", "export feedback",
                                              "export sales", "privacy export")},
    # ... and every other file of personal data: the report PDFs and the analyses' tables per customer.
    **{f"{path} --reason": None for path in ("report segments", "report calls", "report card", "rfm", "pareto",
                                              "clv", "churn", "staff")},
    # A forgotten password is reset with the recovery code instead: the code is the proof (see permissions_needed).
    "password": _SETTINGS, "password STAFF_ID": None, "password --clear": None, "password --recovery-code": None,
    # Issue 19: the touchpoint figures are the Service screen's (the shop's figures); per-staff figures are the
    # owner's (Staff screen); a table written --out is an export.
    "moments": _ANALYTICS, "moments --from": None, "moments --to": None, "moments --out": _EXPORT,
    "staff": _ANALYTICS, "staff --from": None, "staff --to": None, "staff --out": _EXPORT, "recovery --window": None,
    "moments --headers": None, "staff --headers": None,
    # Selling (issue 20): the figures are the dashboard's; a table written --out is an export.
    "coupons": _ANALYTICS, "coupons --from": None, "coupons --to": None,
    # What to offer shows staff what the card shows them: no permission, as the card's Suggestions tab.
    "suggest": None, "suggest --customer": None, "suggest --as-of": None,
    "fit": _ANALYTICS, "fit --as-of": None,
    "acquisition": _ANALYTICS, "acquisition --months": None, "acquisition --as-of": None,
    **{f"{name} --out": _EXPORT for name in ("coupons", "acquisition")},
    **{f"{name} --headers": None for name in ("coupons", "acquisition")},
    # The server commands work on a folder of this PC and open no database; moving copies every customer out.
    "server": None, **{f"server {what} DIR": None for what in ("init", "start", "stop", "status")},
    "server init --port": None, "server init --listen": None, "move-to": _BACKUP, "move-to TARGET": None,
}


def command_path(args: argparse.Namespace) -> str:
    """The command as the parser recorded it ("export sales"); the bare command for a hand-made Namespace."""
    return getattr(args, "command_path", None) or args.command


def permissions_needed(args: argparse.Namespace) -> frozenset[Permission]:
    """What the parsed command needs, from NEEDS: its own entry and its parents', and those of the options given.
    An option is given when its value is set (not None, False or empty)."""
    path = command_path(args)
    if path == "password" and getattr(args, "recovery_code", None) and not getattr(args, "clear", False):
        return frozenset()  # the owner who forgot the password proves it with the code (services.auth.recover)
    words_ = path.split()
    needed = {NEEDS.get(" ".join(words_[:i])) for i in range(1, len(words_) + 1)}
    for option, dest in (getattr(args, "command_options", None) or {}).items():
        if getattr(args, dest, None) not in (None, False, [], ""):
            needed.add(NEEDS.get(f"{path} {option}"))
    if getattr(args, "as_name", None) is not None:
        needed.add(NEEDS.get(f"{path} --as"))
    return frozenset(p for p in needed if p is not None)


# --- signing in --------------------------------------------------------------------------------------------------

def busy_refusal(lang: str, where: object) -> CrmError:
    """Another change (an import) holds the write lock: the long wait is named only when it was waited out (a read
    that then writes gives up after the busy timeout)."""
    from crmdesk.store import engine

    if engine.waited_in_vain():
        return CrmError(say("sign_in_busy", lang, path=where, seconds=f"{engine.WRITE_WAIT_SECONDS:g}"))
    return CrmError(say("busy_now", lang, path=where))


def _unreadable(args: argparse.Namespace, where: object, exc: BaseException) -> CrmError:
    """Why who may do this could not be checked: busy (another change, an import, holds the write lock longer than
    a sign-in waits: try again when it ends) or unreadable (damaged, or a file of an older crmdesk)."""
    from crmdesk.store import engine

    if engine.is_busy(exc):
        return busy_refusal(language(args), where)
    said = exc.said(language(args)) if isinstance(exc, CrmError) else str(getattr(exc, "orig", None) or exc)
    reason = said.splitlines()[0]
    return CrmError(words(args)("sign_in_unreadable", path=where, reason=reason))


@contextmanager
def say_when_waiting(args: argparse.Namespace) -> Iterator[None]:
    """While a command runs: a short write it must make first (its sign-in, a backup's log entry) waits for another
    change (an import) as long as that may take, and says so on stderr once it has waited a moment."""
    from crmdesk.store import engine

    text = words(args)("waiting_for_lock")
    engine.set_wait_notice(lambda: print(text, file=sys.stderr, flush=True))
    try:
        yield
    finally:
        engine.set_wait_notice(None)


def _where(store) -> object:
    """The database's file, or its server URL without the password, for a message."""
    return store.path if store.path is not None else store.shown


def act_as_owner(args: argparse.Namespace, store) -> None:
    """With sign-in on, a command that needs a permission (NEEDS) signs in a person whose role has it first
    (audited, with the window's lock-out): ``--as NAME`` (or the only owner), the password from $CRMDESK_PASSWORD
    (scripts) or asked on the terminal. The command's audit entries then name that person. With sign-in off,
    nothing changes: the machine's user. When who may sign in cannot be read (the file locked by another program,
    busy, too old or damaged), the command is refused: it never runs unchecked."""
    needed = permissions_needed(args)
    if not needed:
        return
    from sqlalchemy.exc import SQLAlchemyError

    from crmdesk.access import require, roles_allowed, sign_in_on

    try:
        if not sign_in_on(store):  # plain SQL: with sign-in off the command loads none of the models for it
            return
        from crmdesk.services import auth

        with store.session() as session:
            people = auth.accounts(session)
    except SQLAlchemyError as exc:
        raise _unreadable(args, _where(store), exc) from None
    said = words(args)
    person = _the_person(people, getattr(args, "as_name", None), roles_allowed(needed), said)
    secret = os.environ.get(PASSWORD_ENV)
    if secret is None:
        if not sys.stdin.isatty():
            raise CrmError(said("password_needed", name=person.name, env=PASSWORD_ENV))
        secret = getpass.getpass(said("password_prompt", name=person.name))
    try:
        store.actor = auth.sign_in(store, person.id, secret)
        for permission in sorted(needed):
            require(store, permission)
    except SQLAlchemyError as exc:
        store.actor = None
        raise _unreadable(args, _where(store), exc) from None


def _the_person(people: list, wanted: str | None, roles: list[str], said: Words):
    """The account named by --as (whose role must be one of ``roles``), or the only owner; refused with the reason
    otherwise."""
    from crmdesk.models import StaffRole

    if wanted:
        named = [s for s in people if s.name.casefold() == wanted.strip().casefold()]
        if not named:
            raise CrmError(said("no_such_account", name=wanted))
        if named[0].role not in roles:
            raise CrmError(said("not_an_owner", name=named[0].name))
        return named[0]
    owners = [s for s in people if s.role == StaffRole.OWNER.value]
    if len(owners) == 1:
        return owners[0]
    raise CrmError(said("which_owner", names=", ".join(s.name for s in owners)))


def sign_in_on(args: argparse.Namespace, db: Path) -> bool:
    """Whether the database file has sign-in on, read straight from the file (read-only, no upgrade). False for a
    file that is not SQLite or predates passwords (nobody could sign in to it); refused when it cannot be read."""
    import sqlite3

    try:
        with db.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
    except OSError as exc:
        raise _unreadable(args, db, exc) from None
    try:
        from crmdesk.store.read_only import connect_read_only  # the store package: SQLAlchemy, never at --help

        conn = connect_read_only(db)
    except sqlite3.Error as exc:
        raise _unreadable(args, db, exc) from None
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(staff)")}
        if "password_hash" not in columns:
            return False
        return conn.execute("SELECT 1 FROM staff WHERE active AND password_hash IS NOT NULL LIMIT 1"
                            ).fetchone() is not None
    except sqlite3.Error as exc:
        raise _unreadable(args, db, exc) from None
    finally:
        conn.close()


def owner_for_file(args: argparse.Namespace, db: Path) -> object:
    """act_as_owner for the commands that work on the file itself (backup, restore): something holding the
    signed-in actor for ``by=``, or None when sign-in is off (or the file predates it). A file that cannot be
    read to tell (locked, busy, damaged, an older schema this crmdesk cannot sign in to) refuses the command."""
    from types import SimpleNamespace

    from crmdesk.store import open_store

    if not permissions_needed(args) or not db.exists() or not sign_in_on(args, db):
        return None
    try:
        store = open_store(db, migrate=False)
    except CrmError as exc:
        raise _unreadable(args, db, exc) from None
    try:
        act_as_owner(args, store)
        return SimpleNamespace(actor=store.actor) if store.actor is not None else None
    finally:
        store.close()
