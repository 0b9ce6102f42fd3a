"""Clocks: the shop's local time for business moments, UTC for security and the audit log. Plain Python, no
database: the store's audit writer and the models share them without loading the tables."""

from datetime import UTC, datetime


def now() -> datetime:
    """Local wall-clock time without tzinfo: a shop works in its own time zone, and SQLite has none. For business
    times (a purchase, a contact); never for a security decision or an audit stamp (utc_now)."""
    return datetime.now().replace(microsecond=0)


def utc_now() -> datetime:
    """UTC without tzinfo, for lock-outs and audit stamps: the same instant whatever ``TZ`` says (a changed TZ
    once escaped the lock-out, locked an owner out for a day and stamped the log an hour ahead)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def utc_to_local(value: datetime) -> datetime:
    """A stored UTC time as this machine's wall-clock time without tzinfo, for showing it."""
    return value.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def local_to_utc(value: datetime) -> datetime:
    """A naive local wall-clock time (this machine's zone) as naive UTC: a day's bounds for a filter, the
    stamps written before the log was kept in UTC (migration)."""
    return value.astimezone(UTC).replace(tzinfo=None)
