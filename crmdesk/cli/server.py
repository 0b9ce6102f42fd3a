"""`crmdesk server init|start|stop|status DIR` (the shop's PostgreSQL server on this PC) and `crmdesk move-to
TARGET` (the whole store into an empty database). The server commands work on a folder of this PC and open no
database; move-to reads the current one and writes only the target."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crmdesk.cli.common import end_progress, print_table, progress_printer, words
from crmdesk.cli.texts import HELP
from crmdesk.config import ENV_DB


def add_commands(sub, commands) -> None:
    """The parser's entries (called by crmdesk.cli.parser.build_parser)."""
    server_sub = commands.add(sub, "server").add_subparsers(dest="server_what", metavar="WHAT", required=True)
    init = commands.add(server_sub, "server init")
    init.add_argument("dir", type=Path, metavar="DIR", help=HELP["server DIR"])
    init.add_argument("--port", type=int, default=5432, metavar="N", help=HELP["server init --port"])
    init.add_argument("--listen", action="append", default=[], metavar="ADDRESS", help=HELP["server init --listen"])
    for what in ("start", "stop", "status"):
        commands.add(server_sub, f"server {what}").add_argument("dir", type=Path, metavar="DIR",
                                                                help=HELP["server DIR"])
    move = commands.add(sub, "move-to")
    move.add_argument("target", metavar="TARGET", help=HELP["move-to TARGET"])


def cmd_server(args: argparse.Namespace) -> int:
    from crmdesk.store import pg_server
    from crmdesk.store.engine import mask_url

    w, what, folder = words(args), args.server_what, args.dir.expanduser().resolve()
    if what == "init":
        made = pg_server.init_server(folder, port=args.port, listen=args.listen)
        addresses = pg_server.listen_addresses(made.config.listen)
        print(w("server_made", folder=folder, addresses=addresses, port=made.config.port))
        print(w("server_url_once"))
        print(f"  {made.url}")
        print(w("server_url_stored", path=made.url_file))
        print(w("server_use", env=ENV_DB))
        print(w("server_networks", networks=", ".join(["127.0.0.1", "::1", *made.networks])))
        print(w("server_autostart", folder=folder))
        return 0
    if what == "start":
        config = pg_server.start_server(folder)
        print(w("server_started", folder=folder, url=mask_url(config.url("***"))))
        return 0
    if what == "stop":
        pg_server.stop_server(folder)
        print(w("server_stopped", folder=folder))
        return 0
    config = pg_server.read_config(folder)
    running = pg_server.server_running(folder)
    print(w("server_running" if running else "server_not_running", url=config.url("***"), folder=folder))
    return 0 if running else 3


def cmd_move_to(args: argparse.Namespace, store) -> int:
    from crmdesk.store.moving import move_to

    w = words(args)
    try:
        result = move_to(store, args.target, progress=progress_printer())
    finally:
        end_progress()
    print(w("move_checks", target=result.target))
    print_table([w("move_col_table"), w("move_col_rows"), w("move_col_sum"), w("move_col_target_rows"),
                 w("move_col_target_sum")],
                [[c.table, f"{c.rows:,}", f"{c.total:,}", f"{c.target_rows:,}", f"{c.target_total:,}"]
                 for c in result.checks], right={1, 2, 3, 4})
    print(w("move_left", env=ENV_DB), file=sys.stderr)
    return 0


# --- backup, backups, restore and check when --db names a server ------------------------------------------------

def on_server(args: argparse.Namespace) -> str | None:
    """The server URL the command's --db (or CRMDESK_DB) names; None for an SQLite file."""
    from crmdesk.config import resolve_database
    from crmdesk.store.engine import database_url, sqlite_path

    url = database_url(resolve_database(getattr(args, "db", None)))
    return None if sqlite_path(url) is not None or url.startswith("sqlite") else url


def _signed_in(args: argparse.Namespace, url: str) -> object:
    """With sign-in on, the owner proves it first (as for the file's backup commands); who it is (None: the
    machine's own user)."""
    from crmdesk.cli.common import act_as_owner
    from crmdesk.store import open_store

    store = open_store(url)
    try:
        act_as_owner(args, store)
        return store.actor
    finally:
        store.close()


def _backup(args: argparse.Namespace, url: str) -> Path:
    """The owner signs in (with sign-in on), then the store's backup: pg_dump's verified dump, audited in the
    database it copies, as a file's backup is (crmdesk.store.backups.backup)."""
    from crmdesk.cli.common import act_as_owner
    from crmdesk.store import backups, open_store

    store = open_store(url)
    try:
        act_as_owner(args, store)
        return backups.backup(store, args.file, keep=args.keep)
    finally:
        store.close()


def cmd_server_files(args: argparse.Namespace, url: str) -> int:
    """backup, backups, restore and check on a PostgreSQL server (crmdesk.store.pg_backups)."""
    from crmdesk.errors import CrmError
    from crmdesk.store import pg_backups
    from crmdesk.store.engine import mask_url

    w, shown = words(args), mask_url(url)
    if args.command == "check":
        problems = pg_backups.check(url) or _audit_problems(url)
        for problem in problems:
            print(mask_url(problem), file=sys.stderr)
        if problems:
            print(w("server_check_problems", url=shown, count=len(problems)), file=sys.stderr)
            return 1
        print(w("server_check_sound", url=shown))
        return 0
    if args.command == "backups":
        if any(getattr(args, flag, False) for flag in ("protect", "remove_open", "remove_erased")):
            raise CrmError(w("server_not_for_backups"))
        return _list(args, url)
    if args.command == "backup":
        made = _backup(args, url)
        print(w("server_backed_up", path=made, size=made.stat().st_size))
        return 0
    _signed_in(args, url)
    pg_backups.restore(url, args.file)
    print(w("server_restored", path=args.file, url=shown))
    return 0


def _audit_problems(url: str) -> list[str]:
    from crmdesk.services.audit_check import audit_problems

    return audit_problems(url)


def _list(args: argparse.Namespace, url: str) -> int:
    from crmdesk.store import pg_backups

    w, found, folder = words(args), pg_backups.list_backups(url), pg_backups.backups_dir(url)
    if not found:
        print(w("server_no_backups", folder=folder))
        return 0
    print_table([w("server_col_time"), w("server_col_size"), w("server_col_file")],
                [[b.created.strftime("%Y-%m-%d %H:%M:%S"), f"{b.size:,}", str(b.path)] for b in found], right={1})
    print(w("server_backups_found", count=len(found), folder=folder))
    return 0
