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
