"""The one-line reason stated for the exports being made (issue 17): set by the command line's --reason and the
window's dialog line, read by services.audit for every ``export`` entry (services/access_log.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from crmdesk.errors import CrmError
from crmdesk.normalise import strip_control

MAX_REASON = 200
_REASON: ContextVar[str | None] = ContextVar("export_reason", default=None)


def current_reason() -> str | None:
    return _REASON.get()


def with_reason(action: str, details: dict[str, Any] | None) -> dict[str, Any] | None:
    """An ``export`` entry's details with the reason stated for it; any other entry's as they are."""
    reason = current_reason() if action == "export" else None
    return {**(details or {}), "reason": reason} if reason else details


def clean_reason(text: str | None) -> str:
    reason = " ".join(strip_control(text or "").split())
    if len(reason) > MAX_REASON:
        raise CrmError(f"The reason for the export has at most {MAX_REASON} characters (one line).",
                       ko=f"내보내기 사유는 최대 {MAX_REASON}자(한 줄)입니다.")
    return reason


@contextmanager
def export_reason(text: str | None) -> Iterator[str]:
    """Exports inside carry this reason in their audit entry."""
    token = _REASON.set(clean_reason(text) or None)
    try:
        yield _REASON.get() or ""
    finally:
        _REASON.reset(token)
