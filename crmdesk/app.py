"""Entry point of the `crmdesk` command and of main.py.

Sub-commands run headless through crmdesk.cli without importing Qt; without one, the window opens.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from crmdesk.cli import build_parser, run

    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command:
        return run(args)
    from crmdesk.ui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
