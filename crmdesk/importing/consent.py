"""What an import records about consent: only what the user stated (issue 17).

A customer file says nothing about whether its people agreed to anything, unless the user says so, in one of two
ways:

1. For the whole file (``crmdesk import customers FILE --consent-source TEXT --consent-date YYYY-MM-DD``: where and
   on which day the customers agreed to collection, e.g. "paper membership forms"); then each new card gets a
   collection event dated that day, method ``import``, and the import's audit entry names the source.
2. Per customer, in mapped columns:
   - Fields: ``consent_collection``, ``consent_sms``, ``consent_kakao``, ``consent_email``, ``consent_phone``,
     ``consent_personalised``, ``consent_night`` hold each customer's answer (Y/N, 예/아니오, 동의/거부, 1/0, O/X,
     true/false, 수신/수신거부); ``consent_date`` the day the customer gave it. An empty cell is no answer. A value that
     is not an answer, or a date that cannot be read or lies in the future, costs its row (named in the report).
   - Mapping an answer column is the user's statement: each answer, grant or refusal, becomes a ledger event with
     method ``import`` dated the row's ``consent_date`` (else the day ``--consent-date`` states; a row with neither is
     rejected, and a file with no date column and no stated day is refused before anything is read). The import's
     audit entry names the file as the answers' source.
   - Agreeing to any purpose presupposes agreeing to collection (as the new-card form enforces): a row that grants a
     purpose without a collection answer records the collection grant too, and so confirms the card. Only a
     collection grant confirms a card; without it an imported card stays "consent not confirmed".
   - New and matched cards alike get the file's answers: the latest act counts (services/consent.py orders by the
     day given), so an old file cannot undo a newer answer, and importing the same file again adds nothing.

Otherwise the new cards are marked "consent not confirmed" and nothing is written to the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from crmdesk import normalise as nz
from crmdesk.errors import CrmError
from crmdesk.importing import values as vx
from crmdesk.models.customer import Customer
from crmdesk.store.bulk import chunks, insert_rows

Stated = tuple[str, date]  # (source, day)


def record_collection(conn: sa.Connection, customer_ids: Iterable[int], stated: Stated | None,
                      stamp: datetime) -> None:
    """The stated agreement to collection for each new card (nothing when nothing was stated)."""
    if stated is None:
        return
    given = datetime.combine(stated[1], datetime.min.time())
    insert_rows(conn, "consent_event", ("customer_id", "purpose", "granted", "at", "method", "recorded_at"),
                ((cid, "collection", True, given, "import", stamp) for cid in customer_ids))


def audit_details(stated: Stated | None) -> dict[str, str]:
    return {"consent_source": stated[0], "consent_date": stated[1].isoformat()} if stated else {}

PURPOSES = ("collection", "sms", "kakao", "email", "phone", "personalised", "night")
ANSWER_FIELDS = tuple(f"consent_{p}" for p in PURPOSES)
DATE_FIELD = "consent_date"
CONSENT_FIELDS = (*ANSWER_FIELDS, DATE_FIELD)

# Header spellings (folded as mapping.fold_header folds them), merged into mapping.SYNONYMS.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "consent_collection": ("개인정보수집동의", "개인정보동의", "개인정보수집이용동의", "수집이용동의",
                           "collectionconsent", "consentcollection", "privacyconsent"),
    "consent_sms": ("문자수신동의", "sms수신동의", "문자수신여부", "sms수신여부", "문자수신", "sms수신", "smsconsent",
                    "consentsms", "smsoptin"),
    "consent_kakao": ("카카오톡수신동의", "카톡수신동의", "카카오수신동의", "카카오톡수신여부", "카톡수신여부",
                      "kakaoconsent", "consentkakao"),
    "consent_email": ("이메일수신동의", "메일수신동의", "이메일수신여부", "메일수신여부", "emailconsent",
                      "consentemail", "emailoptin"),
    "consent_phone": ("전화수신동의", "전화수신여부", "tm동의", "phoneconsent", "consentphone"),
    "consent_personalised": ("맞춤추천동의", "맞춤형광고동의", "personalisedconsent", "personalizedconsent",
                             "consentpersonalised"),
    "consent_night": ("야간수신동의", "야간광고수신동의", "nightconsent", "consentnight"),
    "consent_date": ("동의일", "동의일자", "동의일시", "수신동의일", "수신동의일자", "consentdate", "consentedat",
                     "consentedon"),
}

_YES = {"y", "yes", "o", "○", "◯", "예", "네", "동의", "동의함", "수신", "수신동의", "허용", "1", "true", "t", "agree",
        "agreed", "granted"}
_NO = {"n", "no", "x", "×", "✕", "아니오", "아니요", "거부", "거절", "미동의", "비동의", "동의안함", "수신거부",
       "미수신", "0", "false", "f", "refused", "declined", "withdrawn"}


def parse_answer(raw: object) -> bool:
    """A customer's answer as a file writes it; InvalidValue ``consent_invalid`` for anything else."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = "".join(str(raw).split()).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise nz.InvalidValue("consent_invalid", f"not a consent answer (Y/N, 예/아니오, 동의/거부, 1/0): {raw}")


def parse_consent_date(raw: object) -> datetime | None:
    """The day the customer answered; never in the future (a consent cannot be recorded ahead of time)."""
    when = vx.parse_datetime(raw)
    if when is None:
        return None
    if when.year < 1900:
        raise nz.InvalidValue("date_too_old", f"too far in the past for a consent: {when:%Y-%m-%d}")
    if when > datetime.now() + timedelta(minutes=5):
        raise nz.InvalidValue("date_future", f"a consent cannot be given in the future: {when:%Y-%m-%d}")
    return when


PARSERS = {**dict.fromkeys(ANSWER_FIELDS, parse_answer), DATE_FIELD: parse_consent_date}


class ConsentColumns:
    """One import's statement about consent: the stated source and day (1.) and the mapped answers (2.), checked per
    row (through ``parser``, the import's RowParser), noted per card, written with the cards."""

    def __init__(self, mapped: set[str], stated: Stated | None, file_name: str, parser: Any = None) -> None:
        self.stated = stated
        self.answers = [f for f in ANSWER_FIELDS if f in mapped]
        self.has_date_column = DATE_FIELD in mapped
        self.stated_day = datetime.combine(stated[1], datetime.min.time()) if stated else None
        self.file_name = file_name
        self.noted: dict[tuple[int, str], tuple[bool, datetime]] = {}  # (card, purpose) -> (granted, at)
        if self.answers and not self.has_date_column and self.stated_day is None:
            raise CrmError(f"{file_name}: the consent answers need the day they were given: map a column to "
                                  "consent_date, or state the day for the whole file (--consent-source TEXT "
                                  "--consent-date YYYY-MM-DD).",
                           ko=f"파일 {file_name}: 동의 응답에는 동의한 날짜가 필요합니다. 열 하나를 "
                              "consent_date에 대응시키거나, 파일 전체의 날짜를 적으세요(--consent-source 내용 "
                              "--consent-date YYYY-MM-DD).")
        if parser is not None and self.active and self.stated_day is None:
            parser.check = self.problem  # a row answering without its day is rejected, named in the report

    @property
    def active(self) -> bool:
        return bool(self.answers)

    def problem(self, values: Any) -> tuple[str, str, str] | None:
        """(field, code, message) when the row answers without a day to date it; None when it is fine."""
        if not self.active or values.get(DATE_FIELD) is not None or self.stated_day is not None:
            return None
        if any(values.get(f) is not None for f in self.answers):
            return DATE_FIELD, "consent_date_missing", "a consent answer without the day it was given"
        return None

    def note(self, customer_id: int, values: Any, result: str) -> str:
        """Keep the row's answers for its card (``result``: "new" or "matched", returned as it is); a later row of the
        same card and purpose replaces the earlier answer."""
        at = values.get(DATE_FIELD) or self.stated_day
        given = {f.removeprefix("consent_"): values.get(f) for f in self.answers if values.get(f) is not None}
        if not given or at is None:
            return result
        stated_collection = result == "new" and self.stated_day is not None  # the stated source records it
        if "collection" not in given and any(given.values()) and not stated_collection:
            given["collection"] = True  # a purpose agreed presupposes the agreement to collection
        for purpose, granted in given.items():
            self.noted[(customer_id, purpose)] = (bool(granted), at)
        return result

    def write(self, conn: sa.Connection, stamp: datetime, created: Iterable[int]) -> int:
        """The stated collection of the ``created`` cards (1.), then the noted answers (2.) the ledger does not hold
        yet, and the cards' marking and marketing flag in step; returns how many answers were written."""
        record_collection(conn, created, self.stated, stamp)
        if not self.noted:
            return 0
        ids = sorted({cid for cid, _ in self.noted})
        held = self._held(conn, ids)
        events = [(cid, purpose, granted, at, "import", stamp)
                  for (cid, purpose), (granted, at) in self.noted.items() if (cid, purpose, granted, at) not in held]
        insert_rows(conn, "consent_event", ("customer_id", "purpose", "granted", "at", "method", "recorded_at"),
                    events)
        confirmed = sorted({cid for (cid, purpose), (granted, _at) in self.noted.items()
                            if purpose == "collection" and granted})
        for chunk in chunks(confirmed, 900):
            conn.execute(sa.text("UPDATE customer SET consent_unconfirmed = :no WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)), {"no": False, "ids": chunk})
        self._marketing_flags(conn, ids)
        return len(events)

    def _held(self, conn: sa.Connection, ids: list[int]) -> set[tuple[int, str, bool, datetime]]:
        from crmdesk.models.privacy import ConsentEvent

        held: set[tuple[int, str, bool, datetime]] = set()
        with Session(bind=conn) as session:
            for chunk in chunks(ids, 900):
                held.update((e.customer_id, e.purpose, bool(e.granted), e.at) for e in session.exec(
                    select(ConsentEvent).where(col(ConsentEvent.customer_id).in_(chunk))))
        return held

    def _marketing_flags(self, conn: sa.Connection, ids: list[int]) -> None:
        """The card's marketing flag is "some marketing channel is granted" (services/consent.py keeps it so)."""
        from crmdesk.services import consent

        with Session(bind=conn) as session:
            agreed: set[int] = set()
            for purpose in consent.MARKETING_PURPOSES:
                agreed |= consent.consented_ids(session, purpose, ids)
            latest = {cid: at for (cid, _purpose), (_granted, at) in self.noted.items()}
            for card in _cards(session, ids):
                cid = int(card.id or 0)
                if card.marketing_consent != (cid in agreed):
                    card.marketing_consent, card.marketing_consent_at = cid in agreed, latest[cid]
                    session.add(card)
            session.flush()

    def audit_details(self) -> dict[str, object]:
        """What the import's audit entry says about the answers: their source (the file) and how many."""
        out: dict[str, object] = dict(audit_details(self.stated))
        if self.active:
            out.update(consent_answers_from=self.file_name, consent_answers=len(self.noted))
        return out


def _cards(session: Session, ids: list[int]) -> Iterator[Customer]:
    for chunk in chunks(ids, 900):
        yield from session.exec(select(Customer).where(col(Customer.id).in_(chunk)))
