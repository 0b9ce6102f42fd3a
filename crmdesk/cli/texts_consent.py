"""The command line's words for the rest of issue 17 (e-mail campaigns, the reason for every file of personal
data, consent columns in imports), merged into cli/texts.py's tables beside texts_law.py."""

from __future__ import annotations

CONSENT_HELP: dict[str, str | tuple[str, str]] = {}

CONSENT_WORDS: dict[str, tuple[str, str]] = {
    "email_preview": ("Preview (e-mail to {address}):", "미리보기 ({address}에 보낼 이메일):"),
}
