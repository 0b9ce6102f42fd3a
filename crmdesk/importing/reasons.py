"""Why an import skipped a row, in Korean as well: one table for the window's report, the command line and the
skipped rows' file (``<file>.rejected.csv``), which a Korean shop owner opens in Excel to fix the rows.

The English is the parser's own sentence (Rejection.message: the most exact, naming limits and receipts); the
Korean is chosen by the problem's code, with the offending value where it helps. A code without Korean here (a
field no parser foresaw) is said in English rather than not at all. No Korean sentence starts with the value: a
bad cell must never lead a cell of ours (the guard in values.py's docstring).
"""

from __future__ import annotations

from typing import Protocol


class Rejection(Protocol):
    """What is read of a skipped row (report.Rejection; report.py writes the skipped rows' file with this)."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def value(self) -> str: ...

KOREAN: dict[str, str] = {
    # A date that cannot be taken: unreadable, not a real day, too far in the past for a sale or a consent, a
    # birthday no one has.
    "date_invalid": "날짜로 받아들일 수 없습니다: {value} (2024-01-31 13:05처럼 적어 주세요)",
    "date_missing": "날짜가 없습니다",
    "date_future": "미래의 날짜는 가져오지 않습니다: {value}",
    "amount_invalid": "금액이 아닙니다: {value}",
    "amount_missing": "금액이 없습니다",
    "amount_negative": "음수 금액(환불?)은 가져오지 않습니다",
    "amount_large": "한 줄의 금액으로는 너무 큽니다: {value}",
    "quantity_invalid": "정수 수량이 아닙니다: {value}",
    "quantity_negative": "음수 수량(반품?)은 가져오지 않습니다",
    "quantity_zero": "수량이 0입니다",
    "quantity_large": "한 줄의 수량으로는 너무 큽니다: {value}",
    "cost_invalid": "원가가 아닙니다: {value}",
    "cost_negative": "음수 원가입니다: {value}",
    "cost_large": "원가가 지나치게 큽니다: {value}",
    "phone_short": "전화번호로는 너무 짧습니다: {value}",
    "phone_invalid": "전화번호가 아닙니다: {value}",
    "email_invalid": "이메일 주소가 아닙니다 (name@example.com 형식): {value}",
    "consent_invalid": "동의 여부로 읽을 수 없습니다 (Y/N, 예/아니오, 동의/거부, 1/0): {value}",
    "too_long": "이 항목에 넣기에는 글이 너무 깁니다",
    "cell_too_long": "10,000자가 넘는 칸이 있습니다. 올바른 파일인가요?",
    "customer_empty": "고객번호, 이름, 전화번호, 이메일이 모두 비어 있습니다",
    "name_required": "새 고객에는 이름이 필요합니다",
    # The same receipt number on an earlier row with another date or another customer (the column says which).
    "receipt_conflict": "같은 영수증 번호의 앞 행과 맞지 않습니다: {value}",
}


def reason_text(rejection: Rejection, language: str = "en") -> str:
    """Why ``rejection``'s row was skipped, in ``language`` ("ko" or "en")."""
    template = KOREAN.get(rejection.code) if language == "ko" else None
    if template is None:
        return rejection.message
    if "{value}" in template and not rejection.value:
        template = template.split(": {value}")[0]
    return template.replace("{value}", rejection.value)
