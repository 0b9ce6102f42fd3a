"""Opening a database: the engine, then the schema brought to this version (or refused when newer).

Kept apart from engine.py so that the schema ladder (which needs the Store) and the engine do not import
each other.
"""

from __future__ import annotations

from pathlib import Path

from crmdesk.store.engine import Store, database_url, make_engine
from crmdesk.store.schema import ensure_current


def open_store(target: str | Path, *, migrate: bool = True) -> Store:
    """Open (and create or upgrade) the database at a path or URL."""
    url = database_url(target)
    engine = make_engine(url)
    store = Store(engine=engine, url=url)
    try:
        ensure_current(store, migrate=migrate)
    except Exception:
        engine.dispose()
        raise
    return store
