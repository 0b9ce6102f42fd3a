"""Version 12: the audit log becomes a hash chain in UTC; staff lock-outs in UTC; the owner's recovery code.

- Audit stamps and staff.locked_until were the machine's local wall-clock time, so a changed TZ moved them. They
  are converted here from this machine's zone to UTC (the zone the shop's computer has while upgrading: the
  best knowledge there is of the zone they were written in), and kept in UTC from now on.
- audit_log is rebuilt with AUTOINCREMENT (an id is never used twice) and four columns: details_salt and
  details_digest (a salted hash of the details, so the chain covers them, yet an erased customer's redacted
  entry keeps only a digest that tells nothing), prev_hash and hash (the chain). Existing entries are chained in
  id order; entries redacted before the chain get a "redact" entry naming them, and each staff member a
  "staff" entry with the role they hold now, the baseline `crmdesk check` compares later roles with.
- The append-only triggers of the log are recreated for the new columns: the one update let through is still
  the redaction of an erased customer's entry (details blanked, salt removed), which must leave the chain alone.

Revision ID: 0012
Revises: 0011
"""

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from crmdesk.models.base import local_to_utc, utc_now
from crmdesk.models.privacy import APPEND_ONLY_TRIGGERS, REDACTED, chain_hash, details_digest, new_salt

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

STAMP = "%Y-%m-%d %H:%M:%S.%f"
COLUMNS = ("id", "at", "staff_id", "actor", "action", "customer_id", "details", "details_salt", "details_digest",
           "prev_hash", "hash")
AUDIT_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_replace")


def _moment(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _chained(rows: list[tuple], staff: list[tuple]) -> list[dict]:
    """Every entry, old and new, with its UTC stamp, digest and link, in id order."""
    out: list[dict] = []
    prev = ""
    redacted: dict[int, list[int]] = {}
    last_id = 0

    def add(entry_id: int, at: datetime, staff_id, actor: str, action: str, customer_id, details: str) -> None:
        nonlocal prev
        blank = details == REDACTED and action != "redact"
        salt = None if blank else new_salt()
        digest = details_digest(salt, details)
        link = chain_hash(prev, at, staff_id, actor, action, customer_id, digest)
        out.append({"id": entry_id, "at": at, "staff_id": staff_id, "actor": actor, "action": action,
                    "customer_id": customer_id, "details": details, "details_salt": salt, "details_digest": digest,
                    "prev_hash": prev, "hash": link})
        prev = link

    for entry_id, at, staff_id, actor, action, customer_id, details in rows:
        add(entry_id, local_to_utc(_moment(at)), staff_id, actor, action, customer_id, details)
        if details == REDACTED and customer_id is not None:
            redacted.setdefault(customer_id, []).append(entry_id)
        last_id = entry_id
    stamp = utc_now()
    for customer_id, ids in sorted(redacted.items()):
        last_id += 1
        add(last_id, stamp, None, "upgrade", "redact", customer_id,
            json.dumps({"entries": ids, "before_chain": True}))
    for staff_id, name, role, active in staff:
        last_id += 1
        add(last_id, stamp, None, "upgrade", "staff", None,
            json.dumps({"staff_id": staff_id, "name": name, "role": role, "active": bool(active), "baseline": True},
                       ensure_ascii=False))
    return out


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    op.add_column("staff", sa.Column("recovery_hash", sa.String(300)))
    for staff_id, until in conn.execute(sa.text("SELECT id, locked_until FROM staff WHERE locked_until IS NOT NULL")
                                        ).fetchall():
        conn.execute(sa.text("UPDATE staff SET locked_until = :u WHERE id = :i"),
                     {"u": local_to_utc(_moment(until)), "i": staff_id})
    rows = [tuple(r) for r in conn.execute(sa.text(
        "SELECT id, at, staff_id, actor, action, customer_id, details FROM audit_log ORDER BY id"))]
    staff = [tuple(r) for r in conn.execute(sa.text("SELECT id, name, role, active FROM staff ORDER BY id"))]
    entries = _chained(rows, staff)
    if sqlite:
        for name in AUDIT_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE audit_log")
        op.create_table(
            "audit_log",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("at", sa.DateTime, nullable=False),
            sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id")),
            sa.Column("actor", sa.String(100), nullable=False),
            sa.Column("action", sa.String(30), nullable=False),
            sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id")),
            sa.Column("details", sa.String, nullable=False),
            sa.Column("details_salt", sa.String(32)),
            sa.Column("details_digest", sa.String(64), nullable=False, server_default=""),
            sa.Column("prev_hash", sa.String(64), nullable=False, server_default=""),
            sa.Column("hash", sa.String(64), nullable=False, server_default=""),
            sqlite_autoincrement=True,
        )
        for column in ("at", "staff_id", "action", "customer_id"):
            op.create_index(f"ix_audit_log_{column}", "audit_log", [column])
        insert = sa.text(f"INSERT INTO audit_log ({', '.join(COLUMNS)}) VALUES ({', '.join(':' + c for c in COLUMNS)})")
        for start in range(0, len(entries), 1000):
            conn.execute(insert, [{**e, "at": e["at"].strftime(STAMP)} for e in entries[start:start + 1000]])
        for name in AUDIT_TRIGGERS:
            op.execute(APPEND_ONLY_TRIGGERS[name])
        return
    op.add_column("audit_log", sa.Column("details_salt", sa.String(32)))
    for column in ("details_digest", "prev_hash", "hash"):
        op.add_column("audit_log", sa.Column(column, sa.String(64), nullable=False, server_default=""))
    old = {r[0] for r in rows}
    update = sa.text("UPDATE audit_log SET at = :at, details_salt = :details_salt, details_digest = :details_digest, "
                     "prev_hash = :prev_hash, hash = :hash WHERE id = :id")
    insert = sa.text(f"INSERT INTO audit_log ({', '.join(COLUMNS[1:])}) "
                     f"VALUES ({', '.join(':' + c for c in COLUMNS[1:])})")
    for entry in entries:  # the new entries take the sequence's next ids, which follow the old ones in order
        if entry["id"] in old:
            conn.execute(update, entry)
        else:
            conn.execute(insert, {k: v for k, v in entry.items() if k != "id"})


def downgrade() -> None:
    raise NotImplementedError("crmdesk migrates forward only; restore a backup instead")
