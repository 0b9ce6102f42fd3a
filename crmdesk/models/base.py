"""Helpers shared by the table modules: the clocks live in crmdesk/clock.py (the store reads them too)."""

from crmdesk.clock import local_to_utc, now, utc_now, utc_to_local

__all__ = ["local_to_utc", "now", "utc_now", "utc_to_local"]
