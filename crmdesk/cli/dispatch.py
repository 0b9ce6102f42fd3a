"""Runs a parsed command: opens the store (or, for the file commands, not), signs the owner in, and turns a
refusal into a one-line message on stderr and exit code 1."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from crmdesk.cli import (
    acquisition,
    analytics,
    backups,
    coupons,
    customers,
    fit,
    law,
    loyalty,
    moments,
    reports,
    server,
    suggest,
    transfer,
    trust,
)
from crmdesk.cli.common import act_as_owner, busy_refusal, language, refuse_missing_database, say_when_waiting
from crmdesk.cli.texts import say
from crmdesk.errors import CrmError


def _backups(args: argparse.Namespace) -> int:
    """`backups` lists them; with --protect or --remove-open it deals with the copies that open unasked."""
    if getattr(args, "protect", False) or getattr(args, "remove_open", False):
        return trust.cmd_open_copies(args)
    return backups.cmd_backups(args)


def _consent(args: argparse.Namespace, store) -> int:
    """`consent ID` shows or records one card's consent; --unconfirmed and --due list (cli/law.py)."""
    if args.unconfirmed or args.due or args.notice_file or args.notice_sent:
        return law.cmd_consent_lists(args, store)
    if args.id is None:
        raise CrmError(say("consent_id_needed", language(args)))
    return trust.cmd_consent(args, store)


def _campaign(args: argparse.Namespace, store) -> int:
    """`campaign export --message` composes the message (cli/law.py)."""
    if getattr(args, "message", None) is not None:
        return law.cmd_campaign_message(args, store)
    return loyalty.cmd_campaign(args, store)


def _report(args: argparse.Namespace, store) -> int:
    return law.cmd_consent_form(args, store) if args.what == "consent-form" else reports.cmd_report(args, store)


def _import(args: argparse.Namespace, store) -> int:
    args.consent_stated = law.stated_consent(args)  # import customers --consent-source/--consent-date
    return transfer.cmd_import(args, store)


# Commands that work on the database file itself and so run without opening (or upgrading) the store.
FILE_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": backups.cmd_backup, "backups": _backups, "restore": backups.cmd_restore,
    "check": backups.cmd_check, "server": server.cmd_server}


COMMANDS: dict[str, Callable[[argparse.Namespace, object], int]] = {
    "demo": customers.cmd_demo, "customers": customers.cmd_customers, "info": customers.cmd_info,
    "export": transfer.cmd_export, "import": _import, "settings": law.cmd_settings,
    "rfm": analytics.cmd_rfm, "pareto": analytics.cmd_pareto, "clv": analytics.cmd_clv,
    "churn": analytics.cmd_churn, "recovery": analytics.cmd_recovery, "basket": analytics.cmd_basket,
    "cohorts": analytics.cmd_cohorts, "report": _report,
    "campaign": _campaign, "points": loyalty.cmd_points,
    "privacy": trust.cmd_privacy, "retention": trust.cmd_retention, "audit": trust.cmd_audit,
    "consent": _consent, "password": trust.cmd_password,
    "moments": moments.cmd_moments, "staff": moments.cmd_staff,
    "coupons": coupons.cmd_coupons, "suggest": suggest.cmd_suggest, "fit": fit.cmd_fit,
    "acquisition": acquisition.cmd_acquisition,
    "move-to": server.cmd_move_to}


def run(args: argparse.Namespace) -> int:
    """Run a parsed sub-command; a CrmError (or a file that cannot be written) becomes a one-line message and
    exit code 1."""
    with say_when_waiting(args):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    if args.command in FILE_COMMANDS:
        url = server.on_server(args) if args.command != "server" else None
        if url is not None:  # backup, backups, restore, check of a server database: pg_dump and friends
            return _reporting_refusals(lambda: server.cmd_server_files(args, url), language(args))
        return _reporting_refusals(lambda: FILE_COMMANDS[args.command](args), language(args))
    from crmdesk.config import resolve_database
    from crmdesk.store import open_store

    try:
        target = resolve_database(getattr(args, "db", None))
        refuse_missing_database(args, target)
        store = open_store(target)
    except CrmError as exc:
        return _refused(exc.said(language(args)))
    try:
        return _reporting_refusals(lambda: _on_server(store, lambda: _as_owner(args, store), language(args)),
                                   language(args))
    finally:
        store.close()


def _on_server(store, command: Callable[[], int], lang: str = "en") -> int:
    """A server that stops answering while a command runs is a one-line refusal, not a traceback (its transaction
    was rolled back by the server); so is an SQLite file that another change (an import) kept busy longer than
    the command's writes wait (engine.patient_begin)."""
    from sqlalchemy.exc import OperationalError

    from crmdesk.store.engine import is_busy, unreachable

    try:
        return command()
    except OperationalError as exc:
        if store.path is not None:
            if is_busy(exc):  # an import held the lock: rolled back
                raise busy_refusal(lang, store.path) from None
            raise
        raise unreachable(store.url, exc) from None


def _as_owner(args: argparse.Namespace, store) -> int:
    act_as_owner(args, store)
    with law.export_reason(args, store):  # --reason, required once sign-in is on
        return COMMANDS[args.command](args, store)


def _reporting_refusals(command: Callable[[], int], lang: str = "en") -> int:
    try:
        return command()
    except CrmError as exc:
        return _refused(_in_language(exc, lang))
    except OSError as exc:
        return _refused(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))


def _refused(reason: str) -> int:
    from crmdesk.store.engine import mask_url

    print(say("refused", reason=mask_url(reason)), file=sys.stderr)  # a server URL's password never shows
    return 1


def _in_language(exc: CrmError, lang: str) -> str:
    """A refusal in the command's language: a refused sign-in (services.auth.SignInRefused, told by its ``kind``)
    is worded here in Korean too; other refusals are the core's sentence, in Korean when it has one."""
    kind = getattr(exc, "kind", None)
    if lang != "ko" or kind not in ("cannot", "locked", "locked_now", "wrong"):
        return exc.said(lang)
    from crmdesk.services.auth import LOCK_MINUTES, MAX_FAILURES  # loaded already: it raised this

    wrong = say("wrong_recovery" if getattr(exc, "recovery", False) else "wrong_secret", lang)
    until = getattr(exc, "locked_until_local", None)
    return say(f"refused_{kind}", lang, name=getattr(exc, "name", ""), max=MAX_FAILURES, minutes=LOCK_MINUTES,
               wrong=wrong, left=getattr(exc, "tries_left", None), time=f"{until:%H:%M}" if until else "")
