"""The store: one engine per database, created once and handed in; schema versions; backups; the bulk
write path (store.bulk) the import and the demo share."""

from crmdesk.store.engine import Store
from crmdesk.store.opening import open_store

__all__ = ["Store", "open_store"]
