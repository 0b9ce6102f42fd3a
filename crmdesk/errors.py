"""Typed errors the core raises; each carries a message a shop owner can read."""

from __future__ import annotations

from dataclasses import dataclass, field


class CrmError(Exception):
    """Base of every error the core raises on purpose; ``str(err)`` is fit to show a user (English).

    ``ko`` is the same sentence in Korean, the shop's language: ``said("ko")`` gives it (the command line under
    ``--lang ko``, a Korean window); ``str(err)`` stays English for logs, tests and the audit trail."""

    ko: str | None = None  # a class default: ValidationError (a dataclass) never runs __init__ below

    def __init__(self, *args: object, ko: str | None = None) -> None:
        super().__init__(*args)
        self.ko = ko

    def said(self, language: str) -> str:
        """The sentence in ``language`` ("ko" or "en"); English when no Korean was given."""
        return self.ko if language == "ko" and self.ko else str(self)


class StoreError(CrmError):
    """The database cannot be opened or used as it is (foreign file, newer schema, damage)."""


class ServerUnreachable(StoreError):
    """The database server does not answer (stopped, network down): nothing could be read or written, so a check
    or a command refuses in one line instead of reporting what it could not look at."""


class NotFound(CrmError):
    """A record asked for by id does not exist (or no longer exists)."""

    @classmethod
    def of(cls, kind: str, number: object) -> NotFound:
        """``kind`` #``number`` does not exist, in English and Korean ("Customer", 7)."""
        return cls(f"{kind} #{number} does not exist.", ko=f"번호가 {number}인 {_KINDS_KO[kind]} 없습니다.")


_KINDS_KO = {"Campaign": "캠페인이", "Contact": "접촉 기록이", "Customer": "고객이", "Feedback": "고객의 소리가",
             "Household": "가구가", "Merge": "병합 기록이", "Product": "상품이", "Purchase": "구매 기록이",
             "Staff member": "직원이", "Touchpoint": "접점이"}


@dataclass(frozen=True)
class Problem:
    """One invalid field: ``code`` is stable (the window translates it), ``message`` is English."""

    field: str
    code: str
    message: str
    value: str = ""


@dataclass
class ValidationError(CrmError):
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{p.field}: {p.message}" for p in self.problems)

    def for_field(self, name: str) -> Problem | None:
        return next((p for p in self.problems if p.field == name), None)


class MergeRefused(CrmError):
    """A merge or an undo that cannot be done (services/duplicates.py); ``code`` names why (the window
    translates it)."""

    def __init__(self, code: str, message: str, *, ko: str | None = None) -> None:
        super().__init__(message, ko=ko)
        self.code = code


class RecipientFileError(CrmError):
    """The recipient file cannot be written (services/campaigns.py); ``code`` and ``values`` let the window say
    it in its language."""

    def __init__(self, code: str, message: str, *, ko: str | None = None, **values: object) -> None:
        super().__init__(message, ko=ko)
        self.code = code
        self.values = values


class StaleEdit(CrmError):
    """A card was saved by someone else since it was opened here: ``changed_by`` (a name, or None) at
    ``changed_at`` (local time). Nothing of this save was written."""

    def __init__(self, message: str, changed_by: str | None, changed_at: object, *, ko: str | None = None) -> None:
        super().__init__(message, ko=ko)
        self.changed_by = changed_by
        self.changed_at = changed_at
