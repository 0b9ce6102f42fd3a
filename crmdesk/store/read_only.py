"""Opening an SQLite file read-only, whatever its name: the one place that spells the URI.

``f"file:{path}?mode=ro"`` cut a path at ``#`` or ``?`` and read ``%41`` as ``A``, so a backup on "USB #1" was
"another database" and one named "50%" was "damaged". ``Path.as_uri`` escapes every such character.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect_read_only(path: str | Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at ``path`` (sqlite3.Error when it cannot be opened)."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
