"""What changed in the database since a terminal last looked: one cheap query another terminal's window polls.

Polling rather than LISTEN/NOTIFY: the same code serves SQLite (two windows on one file) and PostgreSQL, needs no
trigger on every table and no extra long-lived connection that must survive a network drop, and one query of a few
index lookups every few seconds per terminal costs nothing on a shop's handful of terminals.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

# Every change a person makes is audited (cards, purchases, consent, imports) or is a contact or purchase row: the
# highest ids move whenever another terminal writes; a saved card moves its version too.
_MARKER = text("SELECT (SELECT max(id) FROM audit_log), (SELECT max(id) FROM contact), "
               "(SELECT max(id) FROM purchase), (SELECT max(follow_up_done_at) FROM contact)")


def marker(session: Session) -> tuple:
    """A value that differs whenever another terminal changed customers, purchases, contacts or follow-ups."""
    row = session.execute(_MARKER).one()
    return tuple(str(v) for v in row)
