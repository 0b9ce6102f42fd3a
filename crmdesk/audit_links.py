"""The audit log's links: a hash chain over the fields redaction never touches, plain (SHA-256) or keyed (an HMAC
under the database's audit key). Plain Python, no tables: the store's audit writer, the migrations and the
check share them without loading the models."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import datetime
from typing import Any


def audit_time_text(value: datetime | str) -> str:
    """One spelling of a stamp for the chain, however the driver stored it ('…10:00:00' or '…10:00:00.000000')."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=None).isoformat(sep=" ")


def new_salt() -> str:
    return secrets.token_hex(16)


def details_digest(salt: str | None, details: str) -> str:
    return hashlib.sha256(f"{salt or ''}\x00{details}".encode()).hexdigest()


def chain_fields(prev_hash: str, at: datetime | str, staff_id: int | None, actor: str, action: str,
                 customer_id: int | None, digest: str) -> bytes:
    """What a link covers: the previous hash and every field that redaction leaves alone."""
    fields: list[Any] = [prev_hash, audit_time_text(at), staff_id, actor, action, customer_id, digest]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, at: datetime | str, staff_id: int | None, actor: str, action: str,
               customer_id: int | None, digest: str) -> str:
    """The plain link (SHA-256, 64 hex digits): entries written before the log was keyed."""
    return hashlib.sha256(chain_fields(prev_hash, at, staff_id, actor, action, customer_id, digest)).hexdigest()


KEYED = "k"  # a keyed link: "k", the key's 7-character id, 56 hex digits of HMAC-SHA256 (64 characters in all)


def keyed_chain_hash(key_id: str, secret: bytes, prev_hash: str, at: datetime | str, staff_id: int | None,
                     actor: str, action: str, customer_id: int | None, digest: str) -> str:
    """The keyed link: an HMAC under a secret kept outside the database (store/audit_key.py), so whoever can
    write the file but not read the key cannot recompute it."""
    mac = hmac.new(secret, chain_fields(prev_hash, at, staff_id, actor, action, customer_id, digest),
                   hashlib.sha256).hexdigest()
    return KEYED + key_id + mac[:56]


def key_id_of(link: str | None) -> str | None:
    """The key id of a keyed link; None for a plain one."""
    if link and len(link) == 64 and link.startswith(KEYED):
        return link[1:8]
    return None
