"""Helpers shared by the table modules."""

from datetime import datetime


def now() -> datetime:
    """Local wall-clock time without tzinfo: a shop works in its own time zone, and SQLite has none."""
    return datetime.now().replace(microsecond=0)
