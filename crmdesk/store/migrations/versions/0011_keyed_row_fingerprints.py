"""Version 11: the import's row fingerprints are keyed with a secret of this store.

purchase.source_key held ``row:<sha1 of the import row>:<n>``: an unsalted SHA-1 of values that include the
customer's phone, which gave the phone back by brute force in half a second. This step creates the store's
secret (the setting ``row_fingerprint_key``, 32 random bytes as hex) and re-keys every such key as
``row:<HMAC-SHA256(secret, old sha1 hex)>:<n>``, which is what crmdesk/importing/rows.py's fingerprint now
computes, so importing an old file again still recognises its rows. Purchases of customers already erased lose
their key altogether (erasure now clears it too).

Revision ID: 0011
Revises: 0010
"""

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SETTING = "row_fingerprint_key"  # crmdesk.store.row_key.SETTING (a migration does not import the live code)


def upgrade() -> None:
    conn = op.get_bind()
    value = conn.execute(sa.text("SELECT value FROM setting WHERE key = :key"), {"key": SETTING}).scalar()
    if not value:
        value = secrets.token_hex(32)
        conn.execute(sa.text("INSERT INTO setting (key, value) VALUES (:key, :value)"),
                     {"key": SETTING, "value": value})
    key = str(value).encode("ascii")
    conn.execute(sa.text("UPDATE purchase SET source_key = NULL WHERE source_key IS NOT NULL AND customer_id IN "
                         "(SELECT id FROM customer WHERE erased_at IS NOT NULL)"))
    rows = conn.execute(sa.text("SELECT id, source_key FROM purchase WHERE source_key LIKE 'row:%'")).all()
    changes = []
    for pid, source_key in rows:
        prefix, digest, n = source_key.split(":")
        if len(digest) != 40:  # already keyed (64 hex digits)
            continue
        new = hmac.new(key, digest.encode("ascii"), hashlib.sha256).hexdigest()
        changes.append({"id": pid, "key": f"{prefix}:{new}:{n}"})
    if changes:
        conn.execute(sa.text("UPDATE purchase SET source_key = :key WHERE id = :id"), changes)


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
