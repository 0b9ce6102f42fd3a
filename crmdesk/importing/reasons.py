"""Why an import skipped a row, in Korean as well: one table for the window's report, the command line and the
skipped rows' file (``<file>.rejected.csv``), which a Korean shop owner opens in Excel to fix the rows.

The English is the parser's own sentence (Rejection.message: the most exact, naming limits and receipts); the
Korean is chosen by the problem's code, with the offending value and the rejection's context (a limit, a receipt)
where they help. A value no parser foresaw (``<field>_invalid``) gets a general Korean sentence; a code without
one is said in English rather than not at all (tests/cli/test_import_speaks_korean.py fails on such a code). No
Korean sentence starts with the value: a bad cell must never lead a cell of ours (values.py's docstring).
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
    @property
    def context(self) -> tuple[tuple[str, object], ...]: ...


KOREAN: dict[str, str] = {
    "date_invalid": "날짜로 읽을 수 없습니다: {value} (2024-01-31 13:05처럼 적어 주세요)",
    "date_missing": "날짜가 없습니다",
    "date_future": "미래의 날짜는 가져오지 않습니다: {value}",
    "date_too_old": "1900년 이전의 날짜는 가져오지 않습니다: {value}",
    "birthday_implausible": "생일로 볼 수 없는 날짜입니다 (1900년부터 올해까지): {value}",
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
    "consent_date_missing": "동의 답은 있는데 동의한 날짜가 없습니다",
    "too_long": "이 항목에 넣기에는 글이 너무 깁니다 ({limit}자까지)",
    "cell_too_long": "10,000자가 넘는 칸이 있습니다. 올바른 파일인가요?",
    "customer_empty": "고객번호, 이름, 전화번호, 이메일이 모두 비어 있습니다",
    "name_required": "새 고객에는 이름이 필요합니다",
    # The same receipt number on an earlier row with another date, or naming another customer (context: receipt,
    # first, other).
    "receipt_conflict": "영수증 {receipt}: {first}행과 {differs}",
}
_RECEIPT_DIFFERS = {"date": "날짜가 다릅니다", "customer": "다른 고객입니다"}
# A value no parser foresaw (its code is the field's name + "_invalid"): said generally rather than in English.
_UNREADABLE = "이 값을 읽을 수 없습니다: {value}"


def reason_text(rejection: Rejection, language: str = "en") -> str:
    """Why ``rejection``'s row was skipped, in ``language`` ("ko" or "en")."""
    if language != "ko":
        return rejection.message
    template = KOREAN.get(rejection.code) or (_UNREADABLE if rejection.code.endswith("_invalid") else None)
    if template is None:
        return rejection.message
    named = {"value": rejection.value, **dict(rejection.context)}
    if rejection.code == "receipt_conflict":
        named["differs"] = _RECEIPT_DIFFERS.get(str(named.get("other")), "맞지 않습니다")
    if not rejection.value:
        template = template.replace(": {value}", "")
    try:
        return template.format_map(named)
    except (KeyError, IndexError, ValueError):  # a context the sentence needs is missing: the parser's English
        return rejection.message
