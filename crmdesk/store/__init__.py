"""The store: one engine per database, created once and handed in; schema versions; backups."""

from crmdesk.store.engine import Store, open_store

__all__ = ["Store", "open_store"]
