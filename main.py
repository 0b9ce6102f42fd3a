"""Thin launcher: `python main.py ...` is the same as the `crmdesk` command."""

import sys

from crmdesk.app import main

if __name__ == "__main__":
    sys.exit(main())
