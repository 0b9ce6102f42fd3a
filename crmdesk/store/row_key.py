"""The per-store secret that keys the import's row fingerprints (purchase.source_key).

A receipt-less row is recognised on a later import by a fingerprint of its values. An unsalted hash of the row
gave the phone number back by brute force (a phone has few enough digits to try them all); keyed with a random
secret of this database (the setting below, created by migration 0011 or here on first use) the fingerprint
cannot be reversed without that secret, and the purchases of an erased customer lose theirs altogether.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa

SETTING = "row_fingerprint_key"


def keyed(key: bytes, digest: str) -> str:
    """HMAC-SHA256 of a row's plain SHA-1 hex digest under the store's key (migration 0011 re-keys old
    fingerprints the same way, so an old file imported again still matches)."""
    return hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()


def fingerprint_key(conn: sa.Connection) -> bytes:
    """The store's secret (created, in the caller's transaction, when the database has none yet)."""
    value = conn.execute(sa.text("SELECT value FROM setting WHERE key = :key"), {"key": SETTING}).scalar()
    if not value:
        value = secrets.token_hex(32)
        conn.execute(sa.text("INSERT INTO setting (key, value) VALUES (:key, :value)"),
                     {"key": SETTING, "value": value})
    return str(value).encode("ascii")
