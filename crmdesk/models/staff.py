"""Staff members: who served, who logged, who changed."""

from __future__ import annotations

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class StaffRole(StrEnum):
    OWNER = "owner"
    STAFF = "staff"


class Staff(SQLModel, table=True):
    __tablename__ = "staff"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    role: str = Field(default=StaffRole.STAFF.value, max_length=20)
    active: bool = True
    created_at: NaiveDatetime = Field(default_factory=now)
    # Sign-in (issue 8): "scrypt$n$r$p$salt$hash" (hex); None = this person has no password or PIN.
    password_hash: str | None = Field(default=None, max_length=300)
    failed_sign_ins: int = 0
    locked_until: NaiveDatetime | None = None  # UTC (migration 0012)
    recovery_hash: str | None = Field(default=None, max_length=300)  # the owner's recovery code, scrypt-hashed
