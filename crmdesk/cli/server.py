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
