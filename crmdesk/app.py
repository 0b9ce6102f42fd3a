"""Entry point of the `crmdesk` command and of main.py.

Sub-commands run headless through the crmdesk.cli package without importing Qt; without one, the window opens.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def window_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's options when they are all the command line holds (``--db``, ``--lang``); else None.

    Opening the window then skips building the parser of every sub-command (about 45 ms of start-up with the
    imports its help texts need). Anything else, ``--help`` and mistakes included, goes to the full parser."""
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--db")
    parser.add_argument("--lang", choices=["ko", "en"])
    try:
        args, rest = parser.parse_known_args(list(argv))
    except (argparse.ArgumentError, SystemExit):
        return None
    if rest:
        return None
    if args.db is None:
        del args.db  # as the full parser leaves it: unset, so $CRMDESK_DB or the default applies
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = window_args(argv)
    if args is None:
        from crmdesk.cli.common import argv_language
        from crmdesk.cli.parser import build_parser

        args = build_parser(argv_language(argv)).parse_args(argv)  # a bad --from date is refused in its --lang
        if args.command:
            from crmdesk.cli.dispatch import run

            return run(args)
    from crmdesk.qt_check import check_window_can_open

    problem = check_window_can_open(getattr(args, "lang", None))
    if problem:  # Qt would abort with its generic "no Qt platform plugin could be initialized"
        print(problem, file=sys.stderr)
        return 1
    from crmdesk.ui.app.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
