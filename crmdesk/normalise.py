"""Normalisers shared by the services, the importers and the search: phone, email, names, tags, dates.

Phones are stored as digits in national form for Korea ("01012345678", "0212345678") and as
"+<country><number>" for foreign numbers; they are shown formatted ("010-1234-5678"). Validation and
formatting use ``phonenumbers`` (Google's libphonenumber metadata), which knows every Korean range,
so we never hand-maintain prefix tables.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

# Hangul syllables are laid out as ((initial * 21) + medial) * 28 + final + 0xAC00.
_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3
_SYLLABLES_PER_INITIAL = 21 * 28
INITIAL_CONSONANTS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JAMO_CONSONANTS = frozenset(INITIAL_CONSONANTS)
# A Korean keyboard joins ㄱ and ㅅ typed in a row into ㄳ: search means the two initials.
_CLUSTERS = str.maketrans({"ㄳ": "ㄱㅅ", "ㄵ": "ㄴㅈ", "ㄶ": "ㄴㅎ", "ㄺ": "ㄹㄱ", "ㄻ": "ㄹㅁ", "ㄼ": "ㄹㅂ",
                           "ㄽ": "ㄹㅅ", "ㄾ": "ㄹㅌ", "ㄿ": "ㄹㅍ", "ㅀ": "ㄹㅎ", "ㅄ": "ㅂㅅ"})
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_SPACES_RE = re.compile(r"\s+")
# Field separator inside the search text: never typed, so a query cannot match across two fields.
SEARCH_SEPARATOR = "\x1f"


class InvalidValue(ValueError):
    """A value cannot be normalised; ``code`` names the problem for translation, ``context`` what a translated
    sentence may name besides the value (a limit)."""

    def __init__(self, code: str, message: str, **context: object) -> None:
        super().__init__(message)
        self.code = code
        self.context = context


def hangul_initials(text: str) -> str:
    """Initial consonants of each Hangul syllable (김민수 -> ㄱㅁㅅ); other characters are dropped."""
    out = []
    for ch in text:
        code = ord(ch)
        if _HANGUL_FIRST <= code <= _HANGUL_LAST:
            out.append(INITIAL_CONSONANTS[(code - _HANGUL_FIRST) // _SYLLABLES_PER_INITIAL])
        elif ch in _JAMO_CONSONANTS:
            out.append(ch)
    return "".join(out)


def is_initials_query(text: str) -> bool:
    """True when every character is a Hangul initial consonant (ㄱㅁㅅ): a choseong search."""
    return bool(text) and all(ch in _JAMO_CONSONANTS for ch in text)


def fold(text: str | None) -> str:
    """Case- and space-insensitive form used for matching (\"Kim Min Su\" -> \"kimminsu\")."""
    if not text:
        return ""
    # NFC: Hangul pasted from a Mac arrives decomposed into jamo and would match nothing.
    return _SPACES_RE.sub("", unicodedata.normalize("NFC", text)).casefold()


def clean_text(text: str | None) -> str | None:
    """Trim and collapse inner whitespace; empty becomes None."""
    if text is None:
        return None
    text = _SPACES_RE.sub(" ", unicodedata.normalize("NFC", str(text))).strip()
    return text or None


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control(text: str) -> str:
    """Drop control characters pasted from other programs (Word's \x0b line break); keep tabs and
    line breaks. openpyxl refuses them and they show as boxes."""
    return _CONTROL_RE.sub("", text)


# Besides its digits, a phone number is written with spaces, hyphens, dots, brackets and a leading +. Anything else
# (a letter, "²", "①") is refused: dropping it silently stored 010-1234-567A as another customer's 010-123-4567.
_PHONE_TEXT_RE = re.compile(r"\+?[\d\s\-.()]*")


def is_phone_text(text: str) -> bool:
    """True when ``text`` is written only as a phone number may be (digits and separators; no letters)."""
    return _PHONE_TEXT_RE.fullmatch(text.strip()) is not None


def digits_only(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


@lru_cache(maxsize=4096)
def normalise_phone(raw: str | None) -> str | None:
    """Stored form of a phone number, or None when empty; raises InvalidValue when it is not a phone.

    Accepts 010-1234-5678, 01012345678, 010 1234 5678, +82 10-1234-5678, 82-10-..., 02-123-4567.
    """
    if raw is None or not str(raw).strip():
        return None
    import phonenumbers  # imported lazily: its metadata costs start-up time

    text = str(raw).strip()
    if not is_phone_text(text):
        raise InvalidValue("phone_invalid", "a phone number holds only digits, spaces, hyphens, dots, brackets and a "
                                            "leading +")
    digits = digits_only(text)
    if len(digits) < 7:
        raise InvalidValue("phone_short", "a phone number needs at least 7 digits")
    # POS exports often drop the leading zero of mobile numbers (1012345678).
    if not text.startswith("+") and not digits.startswith(("0", "82")) and len(digits) in (9, 10):
        digits = "0" + digits
    candidate = "+" + digits if text.startswith("+") or digits.startswith("82") and len(digits) >= 11 else digits
    try:
        number = phonenumbers.parse(candidate, "KR")
    except phonenumbers.NumberParseException as exc:
        raise InvalidValue("phone_invalid", "not a phone number") from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue("phone_invalid", "not a valid phone number")
    if number.country_code == 82:
        return "0" + str(number.national_number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=8192)
def format_phone(stored: str | None) -> str:
    """Display form: 010-1234-5678, 02-123-4567, or international for foreign numbers."""
    if not stored:
        return ""
    # Fast path for the overwhelmingly common Korean mobile number: no library needed.
    if len(stored) == 11 and stored.startswith("01") and stored.isdigit():
        return f"{stored[:3]}-{stored[3:7]}-{stored[7:]}"
    import phonenumbers

    try:
        number = phonenumbers.parse(stored, "KR")
    except phonenumbers.NumberParseException:
        return stored
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 82 else (
        phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, fmt)


def mask_phone(stored: str | None) -> str:
    """010-****-5678: what reports and staff screens show unless full numbers are chosen."""
    shown = format_phone(stored)
    parts = shown.split("-")
    if len(parts) == 3:
        return f"{parts[0]}-{'*' * len(parts[1])}-{parts[2]}"
    return shown[:-4].translate(str.maketrans("0123456789", "**********")) + shown[-4:] if shown else ""


def last_four(stored: str | None) -> str | None:
    digits = digits_only(stored)
    return digits[-4:] if len(digits) >= 4 else None


def normalise_email(raw: str | None) -> str | None:
    text = clean_text(raw)
    if text is None:
        return None
    text = text.replace(" ", "").lower()
    if not _EMAIL_RE.match(text):
        raise InvalidValue("email_invalid", "an e-mail address looks like name@example.com")
    return text


def normalise_tags(raw: str | list[str] | None) -> str:
    """Tags as one comma-separated string, trimmed, without duplicates, order kept."""
    if raw is None:
        return ""
    items = raw if isinstance(raw, list) else re.split(r"[,;#\n]", raw)
    seen: dict[str, str] = {}
    for item in items:
        tag = clean_text(item)
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return ",".join(seen.values())


_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-./년]?\s*(\d{1,2})\s*[-./월]?\s*(\d{1,2})\s*일?\s*$")


def parse_date(raw: str | date | None) -> date | None:
    """A calendar date from 2024-01-31, 2024.1.31, 2024/01/31, 20240131 or 2024년 1월 31일."""
    if raw is None or isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    match = _DATE_RE.match(text)
    if not match:
        raise InvalidValue("date_invalid", "a date is written like 2024-01-31")
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise InvalidValue("date_invalid", f"{text} is not a real date") from exc


def search_text(*, name: str | None, phone: str | None, email: str | None, code: str | None,
                tags: str | None) -> str:
    """The one column the search matches against: folded fields joined by a separator.

    Holds the folded name, its Hangul initials, phone digits, e-mail, customer code and tags, so one
    LIKE per query word finds a customer by any of them, on SQLite and PostgreSQL alike.
    """
    folded_name = fold(name)
    code_digits = digits_only(code) if code and digits_only(code) != code else ""
    parts = [folded_name, hangul_initials(folded_name), phone or "", fold(email), fold(code), code_digits, fold(tags)]
    return SEARCH_SEPARATOR.join(parts)


def search_terms(query: str) -> list[str]:
    """Split what the user typed into folded terms; phone-like terms lose their hyphens."""
    terms = []
    for word in strip_control(query or "").split():  # a pasted NUL would end the SQL string
        if re.fullmatch(r"[\d\-+() .]+", word):
            word = digits_only(word)
        word = fold(word).translate(_CLUSTERS)
        if word:
            terms.append(word)
    return terms
