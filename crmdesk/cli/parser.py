"""Every command's options, in the order `crmdesk --help` lists them.

Building the parser imports neither pandas nor the import engine: `crmdesk --help` stays fast. The import's
field names appear in the help of `crmdesk import ... --help` only, read when that help is printed.
"""

from __future__ import annotations

import argparse

from crmdesk import __version__
from crmdesk.cli import law, server
from crmdesk.cli.common import date_arg, in_language, system_language
from crmdesk.cli.texts import COMMAND_HELP, HELP, LANGUAGE_CHOICES, epilog, say


class _Commands:
    """Adds sub-commands that all take --db and --as and end with the same epilog; ``lang`` is the language of the
    command line being parsed, spoken by the type checks (``date``: --from, --to, --as-of, ...)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.date = in_language(date_arg, lang)
        self.epilog = epilog()
        self.db = argparse.ArgumentParser(add_help=False)
        self.db.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=HELP["--db"])
        self.db.add_argument("--as", dest="as_name", metavar="NAME", default=argparse.SUPPRESS, help=HELP["--as"])

    def add(self, sub, key: str, name: str | None = None) -> argparse.ArgumentParser:
        """The command ``key`` ("export sales") under ``sub``, with its help line and description."""
        help_, description = COMMAND_HELP[key]
        return sub.add_parser(name or key.rsplit(" ", 1)[-1], parents=[self.db], epilog=self.epilog, help=help_,
                              description=description)


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; its refusals of a bad date or number of years speak ``lang`` (the language of the argv
    about to be parsed, ``cli.common.argv_language``; default the system's). Its help is English."""
    commands = _Commands(lang or system_language())
    parser = argparse.ArgumentParser(prog="crmdesk", parents=[commands.db], epilog=commands.epilog,
                                     description=HELP["crmdesk"])
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}")
    parser.add_argument("--lang", choices=LANGUAGE_CHOICES, help=HELP["--lang window"])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_add_customer_commands, _add_export_commands, _add_import_commands, _add_analytics_commands,
                _add_report_commands, _add_loyalty_commands, _add_info_command, _add_backup_commands,
                _add_trust_commands, _add_consent_commands, _add_moments_commands,
                _add_selling_commands, server.add_commands):
        add(sub, commands)
    law.add_options(sub, commands, {path: p for path, p, _ in command_parsers(parser)})  # issue 17
    for path, sub_parser, options in command_parsers(parser):
        sub_parser.set_defaults(command_path=path, command_options=options)
    return parser


_SHARED = ("help", "db", "as_name", "lang", "version")  # the options every command has


def command_parsers(parser: argparse.ArgumentParser, path: str = ""):
    """(path, parser, {option: dest}) for every command and sub-command under ``parser`` ("export sales"); an
    option is named by its first spelling, a positional by its metavar. The sign-in (cli.common.NEEDS) and its
    test read the commands from here, so a new command or option cannot be left out of them."""
    found = []
    for action in parser._actions:  # argparse keeps no public list of a parser's options
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                child_path = f"{path} {name}".strip()
                options = {(a.option_strings[0] if a.option_strings else str(a.metavar)): a.dest
                           for a in child._actions
                           if a.dest not in _SHARED and not isinstance(a, argparse._SubParsersAction)}
                found.append((child_path, child, options))
                found.extend(command_parsers(child, child_path))
    return found


def _add_customer_commands(sub, commands: _Commands) -> None:
    demo = commands.add(sub, "demo")
    demo.add_argument("--customers", type=int, default=2000, metavar="N", help=HELP["demo --customers"])
    demo.add_argument("--seed", type=int, default=7, metavar="S", help=HELP["demo --seed"])
    demo.add_argument("--if-empty", action="store_true", help=HELP["demo --if-empty"])

    cust = commands.add(sub, "customers")
    cust.add_argument("--search", "-s", default="", metavar="TEXT", help=HELP["customers --search"])
    cust.add_argument("--sort", default="name", help=HELP["customers --sort"])
    cust.add_argument("--desc", action="store_true", help=HELP["customers --desc"])
    cust.add_argument("--archived", action="store_true", help=HELP["customers --archived"])
    cust.add_argument("--limit", type=int, default=50, metavar="N", help=HELP["customers --limit"])


def _add_info_command(sub, commands: _Commands) -> None:
    commands.add(sub, "info")


def _add_export_commands(sub, commands: _Commands) -> None:
    export_sub = commands.add(sub, "export").add_subparsers(dest="what", metavar="WHAT", required=True)
    exp_c = commands.add(export_sub, "export customers")
    exp_c.add_argument("file", metavar="FILE", help=HELP["export FILE"])
    exp_c.add_argument("--archived", action="store_true", help=HELP["export customers --archived"])
    exp_c.add_argument("--headers", choices=LANGUAGE_CHOICES, help=HELP["export customers --headers"])
    for what in ("touchpoints", "feedback", "ratings"):
        exp = commands.add(export_sub, f"export {what}")
        exp.add_argument("file", metavar="FILE", help=HELP["export FILE"])
        exp.add_argument("--from", dest="start", type=commands.date, metavar="DATE", help=HELP["export --from"])
        exp.add_argument("--to", dest="end", type=commands.date, metavar="DATE", help=HELP["export --to"])
        exp.add_argument("--headers", choices=LANGUAGE_CHOICES, help=HELP["export --headers"])
    exp_s = commands.add(export_sub, "export sales")
    exp_s.add_argument("file", metavar="FILE", help=HELP["export FILE"])
    exp_s.add_argument("--encoding", choices=["utf-8", "cp949"], default="utf-8",
                       help=HELP["export sales --encoding"])
    exp_s.add_argument("--headers", choices=LANGUAGE_CHOICES, default="en", help=HELP["export sales --headers"])


class _FieldNames:
    """The import's field names of one kind, read from the import engine only when a help text is printed."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __str__(self) -> str:
        from crmdesk.importing.mapping import FIELDS

        return ", ".join(FIELDS[self.kind])


class _MapOption(argparse.Action):
    """--map: repeatable, as ``action="append"``; its help names the fields through ``%(fields)s``, which argparse
    fills from this action's attributes."""

    def __init__(self, *args, kind: str, **kwargs) -> None:
        self.fields = _FieldNames(kind)
        super().__init__(*args, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest, None) or []), values])


def _add_import_commands(sub, commands: _Commands) -> None:
    imp_sub = commands.add(sub, "import").add_subparsers(dest="what", metavar="WHAT", required=True)
    for kind in ("customers", "sales"):
        p = commands.add(imp_sub, f"import {kind}")
        p.add_argument("file", metavar="FILE", help=HELP["import FILE"])
        p.add_argument("--map", action=_MapOption, kind=kind, default=[], metavar="SOURCE_COLUMN=FIELD",
                       help=HELP["import --map"])
        p.add_argument("--preset", metavar="NAME", help=HELP["import --preset"])
        p.add_argument("--save-preset", metavar="NAME", help=HELP["import --save-preset"])
        p.add_argument("--encoding", metavar="ENC", help=HELP["import --encoding"])
        p.add_argument("--delimiter", metavar="CHAR", help=HELP["import --delimiter"])
        p.add_argument("--dry-run", action="store_true", help=HELP["import --dry-run"])
        p.add_argument("--strict", action="store_true", help=HELP["import --strict"])


def _add_analytics_commands(sub, commands: _Commands) -> None:
    """rfm, pareto, clv, churn, basket, recovery, cohorts: each looks --as-of a day and writes --out a table."""
    rfm = commands.add(sub, "rfm")
    pareto = commands.add(sub, "pareto")
    editing = rfm.add_mutually_exclusive_group()
    editing.add_argument("--show-segments", action="store_true", help=HELP["rfm --show-segments"])
    editing.add_argument("--set-segments", metavar="JSON_FILE", help=HELP["rfm --set-segments"])
    editing.add_argument("--default-segments", action="store_true", help=HELP["rfm --default-segments"])
    clv = commands.add(sub, "clv")
    clv.add_argument("--unit", choices=["days", "weeks"], default="days", help=HELP["clv --unit"])
    clv.add_argument("--horizon-days", type=int, default=365, metavar="N", help=HELP["clv --horizon-days"])
    clv.add_argument("--params", action="store_true", help=HELP["clv --params"])
    churn = commands.add(sub, "churn")
    churn.add_argument("--list", dest="which", choices=["at-risk", "dormant", "lost"], help=HELP["churn --list"])
    churn.add_argument("--stages", action="store_true", help=HELP["churn --stages"])
    churn.add_argument("--months", type=int, default=12, metavar="N", help=HELP["churn --months"])
    basket = commands.add(sub, "basket")
    basket.add_argument("--categories", action="store_true", help=HELP["basket --categories"])
    basket.add_argument("--min-receipts", type=int, default=5, metavar="N", help=HELP["basket --min-receipts"])
    recovery = commands.add(sub, "recovery")
    recovery.add_argument("--window", type=int, default=90, metavar="DAYS", help=HELP["recovery --window"])
    cohorts = commands.add(sub, "cohorts")
    cohorts.add_argument("--months", type=int, default=12, metavar="N", help=HELP["cohorts --months"])
    for parser in (rfm, pareto, clv):  # issue 20: on gross margin instead of revenue
        parser.add_argument("--on", choices=["revenue", "margin"], default="revenue",
                            help=HELP["rfm --on" if parser is rfm else "analytics --on"])
    for parser in (rfm, pareto, clv, churn, recovery, basket, cohorts):
        parser.add_argument("--as-of", type=commands.date, metavar="DATE", help=HELP["analytics --as-of"])
        parser.add_argument("--out", metavar="FILE", help=HELP["analytics --out"])
        parser.add_argument("--headers", choices=LANGUAGE_CHOICES, default="en", help=HELP["analytics --headers"])
        parser.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS,
                            help=HELP["analytics --lang"])


def _add_report_commands(sub, commands: _Commands) -> None:
    """`crmdesk report segments|calls|card`. Rendering needs Qt: only running this command loads it."""
    kinds = commands.add(sub, "report").add_subparsers(dest="what", metavar="WHAT", required=True)
    seg = commands.add(kinds, "report segments")
    seg.add_argument("--list-limit", type=int, default=50, metavar="N", help=HELP["report segments --list-limit"])
    seg.add_argument("--on", choices=["revenue", "margin"], default="revenue", help=HELP["report segments --on"])
    calls = commands.add(kinds, "report calls")
    calls.add_argument("--segment", required=True, metavar="NAME", help=HELP["report calls --segment"])
    calls.add_argument("--limit", type=int, metavar="N", help=HELP["report calls --limit"])
    card = commands.add(kinds, "report card")
    card.add_argument("--customer", required=True, metavar="CODE_OR_ID", help=HELP["report card --customer"])
    for parser in (seg, calls, card):
        parser.add_argument("--pdf", required=True, metavar="FILE", help=HELP["report --pdf"])
        parser.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS,
                            help=HELP["report --lang"])
        parser.add_argument("--page-size", choices=["A4", "Letter"], default="A4", help=HELP["report --page-size"])
        parser.add_argument("--full-phones", action="store_true", help=HELP["report --full-phones"])
        if parser is not card:
            parser.add_argument("--as-of", type=commands.date, metavar="DATE", help=HELP["report --as-of"])


def _add_loyalty_commands(sub, commands: _Commands) -> None:
    camp_sub = commands.add(sub, "campaign").add_subparsers(dest="action", metavar="ACTION", required=True)
    exp = commands.add(camp_sub, "campaign export")
    exp.add_argument("--segment", required=True, metavar="NAME", help=HELP["campaign export --segment"])
    exp.add_argument("--channel", required=True, choices=["sms", "kakao", "call", "email"])
    exp.add_argument("file", metavar="FILE", help=HELP["campaign export FILE"])
    exp.add_argument("--encoding", choices=["utf-8", "cp949"], default="utf-8",
                     help=HELP["campaign export --encoding"])
    exp.add_argument("--headers", choices=LANGUAGE_CHOICES, default="en", help=HELP["campaign export --headers"])
    exp.add_argument("--control", type=int, default=0, metavar="PCT", help=HELP["campaign export --control"])
    exp.add_argument("--seed", type=int, metavar="N", help=HELP["campaign export --seed"])
    exp.add_argument("--code", default="", metavar="CODE", help=HELP["campaign export --code"])
    exp.add_argument("--days", type=int, default=14, metavar="N", help=HELP["campaign export --days"])
    lst = commands.add(camp_sub, "campaign list")

    pts = commands.add(sub, "points")
    pts.add_argument("--earn", metavar="PCT", help=HELP["points --earn"])
    pts.add_argument("--expiry-months", type=int, metavar="N", help=HELP["points --expiry-months"])
    pts.add_argument("--tiers", metavar="NAME=MIN,...", help=HELP["points --tiers"])
    pts.add_argument("--upkeep", action="store_true", help=HELP["points --upkeep"])
    for parser in (exp, lst, pts):
        parser.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS,
                            help=HELP["loyalty --lang"])


def _add_backup_commands(sub, commands: _Commands) -> None:
    """backup, backups, restore, check: they work on the file itself, so a damaged database is no obstacle."""
    bak = commands.add(sub, "backup")
    bak.add_argument("file", metavar="FILE", nargs="?", help=HELP["backup FILE"])
    bak.add_argument("--keep", type=int, default=10, metavar="N", help=HELP["backup --keep"])
    bak.add_argument("--force", action="store_true", help=HELP["backup --force"])
    bks = commands.add(sub, "backups")
    listing = bks.add_mutually_exclusive_group()
    listing.add_argument("--protect", action="store_true", help=HELP["backups --protect"])
    listing.add_argument("--remove-open", action="store_true", help=HELP["backups --remove-open"])
    listing.add_argument("--remove-erased", action="store_true", help=HELP["backups --remove-erased"])
    bks.add_argument("--yes", "-y", action="store_true", help=HELP["backups --yes"])
    res = commands.add(sub, "restore")
    res.add_argument("file", metavar="FILE", help=HELP["restore FILE"])
    res.add_argument("--yes", "-y", action="store_true", help=HELP["restore --yes"])
    commands.add(sub, "check")


def _years(text: str, lang: str) -> int:
    """--years and --set-years: a whole number from 1 to 50, refused before anything is read."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("bad_years", lang, text=text)) from None
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError(say("years_out_of_range", lang, value=value))
    return value


def _add_trust_commands(sub, commands: _Commands) -> None:
    """privacy export|erase, retention, audit (issue 8)."""
    priv_sub = commands.add(sub, "privacy").add_subparsers(dest="privacy_what", metavar="WHAT", required=True)
    exp = commands.add(priv_sub, "privacy export")
    exp.add_argument("id", type=int, metavar="ID", help=HELP["ID"])
    exp.add_argument("file", metavar="FILE", help=HELP["privacy export FILE"])
    era = commands.add(priv_sub, "privacy erase")
    era.add_argument("id", type=int, metavar="ID", help=HELP["ID"])
    era.add_argument("--yes", action="store_true", help=HELP["--yes"])

    ret, years = commands.add(sub, "retention"), in_language(_years, commands.lang)
    ret.add_argument("--years", type=years, metavar="N", help=HELP["retention --years"])
    ret.add_argument("--set-years", type=years, metavar="N", help=HELP["retention --set-years"])
    ret.add_argument("--erase", action="store_true", help=HELP["retention --erase"])
    ret.add_argument("--yes", action="store_true", help=HELP["--yes"])
    ret.add_argument("--limit", type=int, default=50, metavar="N", help=HELP["retention --limit"])

    aud = commands.add(sub, "audit")
    aud.add_argument("--staff", metavar="NAME", help=HELP["audit --staff"])
    aud.add_argument("--action", metavar="ACTION", help=HELP["audit --action"])
    aud.add_argument("--customer", type=int, metavar="ID", help=HELP["audit --customer"])
    aud.add_argument("--from", dest="start", type=commands.date, metavar="DATE", help=HELP["audit --from"])
    aud.add_argument("--to", dest="end", type=commands.date, metavar="DATE", help=HELP["audit --to"])
    aud.add_argument("--limit", type=int, default=50, metavar="N", help=HELP["audit --limit"])


# services.consent's Purpose and METHODS, spelled out: importing them would load SQLAlchemy and every model just to
# build the parser (a quarter of a second of every command's start). tests/cli/test_command_start.py keeps them equal.
CONSENT_PURPOSES = ("collection", "sms", "kakao", "email", "phone", "personalised", "night")
CONSENT_METHODS = ("paper", "verbal", "online", "import", "migrated", "erasure", "notice")


def _add_consent_commands(sub, commands: _Commands) -> None:
    """consent and password (issue 8)."""
    purposes = list(CONSENT_PURPOSES)
    con = commands.add(sub, "consent")
    con.add_argument("id", type=int, metavar="ID", help=HELP["ID"])
    group = con.add_mutually_exclusive_group()
    group.add_argument("--grant", choices=purposes, metavar="PURPOSE",
                       help=HELP["consent --grant"].format(purposes=", ".join(purposes)))
    group.add_argument("--withdraw", choices=purposes, metavar="PURPOSE", help=HELP["consent --withdraw"])
    con.add_argument("--method", choices=CONSENT_METHODS, default="paper", help=HELP["consent --method"])

    pw = commands.add(sub, "password")
    pw.add_argument("staff_id", type=int, metavar="STAFF_ID", help=HELP["password STAFF_ID"])
    pw.add_argument("--clear", action="store_true", help=HELP["password --clear"])
    pw.add_argument("--recovery-code", metavar="CODE", help=HELP["password --recovery-code"])


def _add_moments_commands(sub, commands: _Commands) -> None:
    """`crmdesk moments` (touchpoint ratings) and `crmdesk staff` (per staff member), issue 19."""
    for name in ("moments", "staff"):
        parser = commands.add(sub, name)
        parser.add_argument("--from", dest="start", type=commands.date, metavar="DATE", help=HELP[f"{name} --from"])
        parser.add_argument("--to", dest="end", type=commands.date, metavar="DATE", help=HELP[f"{name} --to"])
        parser.add_argument("--out", metavar="FILE", help=HELP[f"{name} --out"])
        parser.add_argument("--headers", choices=LANGUAGE_CHOICES, default="en", help=HELP[f"{name} --headers"])
        parser.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS, help=HELP[f"{name} --lang"])


def _add_selling_commands(sub, commands: _Commands) -> None:
    """coupons, suggest, fit, acquisition (issue 20: selling)."""
    coupons = commands.add(sub, "coupons")
    coupons.add_argument("--from", dest="date_from", type=commands.date, metavar="DATE", help=HELP["coupons --from"])
    coupons.add_argument("--to", dest="date_to", type=commands.date, metavar="DATE", help=HELP["coupons --to"])
    suggest = commands.add(sub, "suggest")
    suggest.add_argument("--customer", required=True, metavar="CODE_OR_ID", help=HELP["suggest --customer"])
    suggest.add_argument("--as-of", type=commands.date, metavar="DATE", help=HELP["suggest --as-of"])
    suggest.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS, help=HELP["selling --lang"])
    fit = commands.add(sub, "fit")
    fit.add_argument("--as-of", type=commands.date, metavar="DATE", help=HELP["fit --as-of"])
    fit.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS, help=HELP["selling --lang"])
    acq = commands.add(sub, "acquisition")
    acq.add_argument("--months", type=int, default=12, metavar="N", help=HELP["acquisition --months"])
    acq.add_argument("--as-of", type=commands.date, metavar="DATE", help=HELP["acquisition --as-of"])
    for parser in (coupons, acq):
        parser.add_argument("--out", metavar="FILE", help=HELP["selling --out"])
        parser.add_argument("--headers", choices=LANGUAGE_CHOICES, default="en", help=HELP["selling --headers"])
        parser.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS, help=HELP["selling --lang"])
