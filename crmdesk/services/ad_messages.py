"""Advertising messages a Korean shop may send (issue 17; 정보통신망법 제50조 and its decree).

- A message is advertising unless it is marked a notice (a service notice, the re-confirmation notice). An
  advertising message starts with "(광고)" and the shop's name and ends with the free opt-out line
  ("무료수신거부 080-…"): crmdesk adds both, exactly once (copies typed into the text are taken out first), and
  refuses an advertising message while no opt-out number or shop name is set.
- Variables (#{이름}, #{포인트}, #{등급}) are filled per recipient. They are a registry: ``register_variable``
  adds a name and the function that fills it for a list of customers, so a new variable needs no change here.
- The length is counted as carriers count it: EUC-KR bytes (every Hangul syllable 2, ASCII 1; counted with
  CP949, the superset that holds every syllable). Up to 90 bytes is an SMS, up to 2,000 an LMS.
- Night rule (제50조③): a message sent between 21:00 and 08:00 (the shop's local time) goes only to customers
  with the ``night`` consent; the others are left out and counted. E-mail is the medium the decree exempts
  (시행령 제61조③), so an e-mail campaign has no night rule.
- The recipient file: ``message`` (filled), ``phone`` (digits only), ``name``, then one column per variable,
  as Korean bulk SMS and KakaoTalk 알림톡 senders read them; written by the one formula-safe writer. An e-mail
  campaign's file has ``email`` instead of ``phone`` and goes to the customers with an address; carriers' byte
  limits do not apply to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from crmdesk.errors import CrmError, Problem, ValidationError
from crmdesk.models.base import now
from crmdesk.models.campaign import Campaign
from crmdesk.models.customer import Customer
from crmdesk.services import consent
from crmdesk.services.shop import ShopDetails, shop_details

AD_MARK = "(광고)"
OPT_OUT_WORDS = "무료수신거부"
SMS_BYTES, LMS_BYTES = 90, 2000
NIGHT_FROM, NIGHT_UNTIL = 21, 8  # hours, the shop's local time
MAX_TEXT = 2000
VARIABLE = re.compile(r"#\{([^{}]{1,30})\}")
_TYPED_OPT_OUT = re.compile(r"^\s*무료\s*수신\s*거부.*$", re.MULTILINE)

# name -> fills it for a list of customers: {customer id: text}; a customer left out gets "".
Filler = Callable[[Session, Sequence[int]], Mapping[int, str]]
VARIABLES: dict[str, Filler] = {}


def register_variable(name: str, filler: Filler) -> None:
    """Make #{name} usable in messages (another module registers its own: a personal offer, a relative's name)."""
    if not name or VARIABLE.fullmatch(f"#{{{name}}}") is None:
        raise ValueError(f"a variable name is 1 to 30 characters without braces: {name!r}")
    VARIABLES[name] = filler


def _column(session: Session, ids: Sequence[int], column) -> dict[int, str]:
    out: dict[int, str] = {}
    for start in range(0, len(ids), 900):  # below SQLite's old 999-variable limit
        chunk = list(ids[start:start + 900])
        rows = session.execute(select(Customer.id, column).where(Customer.id.in_(chunk)))
        out.update((cid, value) for cid, value in rows)
    return out


def _names(session: Session, ids: Sequence[int]) -> dict[int, str]:
    return _column(session, ids, Customer.name)


def _points(session: Session, ids: Sequence[int]) -> dict[int, str]:
    from crmdesk.services import loyalty

    held = loyalty.balances(session, ids)
    return {cid: f"{held.get(cid, 0):,}" for cid in ids}


def _tiers(session: Session, ids: Sequence[int]) -> dict[int, str]:
    from crmdesk.services import loyalty

    return dict(loyalty.current_tiers(session, ids))


def _offer(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """#{추천상품}: each recipient's own next offer, for those who agreed to personalised offers (issue 20)."""
    from crmdesk.services import personal

    return personal.personal_offer(session, ids)


def _relative(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """#{가족이름}: the household's best other customer ("어머님께서도 자주 찾아주시는…")."""
    from crmdesk.services import personal

    return personal.relative_names(session, ids)


register_variable("이름", _names)
register_variable("포인트", _points)
register_variable("등급", _tiers)
register_variable("추천상품", _offer)
register_variable("가족이름", _relative)


def carrier_bytes(text: str) -> int:
    """The message's length as Korean carriers count it (EUC-KR: Hangul 2 bytes, ASCII 1)."""
    total = 0
    for ch in text:
        try:
            total += len(ch.encode("cp949"))
        except UnicodeEncodeError:
            total += 2  # a character outside EUC-KR (an emoji): many phones show it as ?, carriers count 2+
    return total


def kind_of(size: int) -> str:
    """"sms" (≤ 90 bytes), "lms" (≤ 2,000) or "too_long"."""
    return "sms" if size <= SMS_BYTES else "lms" if size <= LMS_BYTES else "too_long"


def is_night(moment: datetime) -> bool:
    return moment.hour >= NIGHT_FROM or moment.hour < NIGHT_UNTIL


@dataclass(frozen=True, slots=True)
class MessageSpec:
    text: str
    notice: bool = False  # a service or re-confirmation notice: no ad marking
    send_at: datetime | None = None  # the shop's local time; None = now


def variables_in(text: str) -> list[str]:
    return list(dict.fromkeys(VARIABLE.findall(text)))


def template(spec: MessageSpec, shop: ShopDetails) -> str:
    """The message with the ad marking and the opt-out line (for advertising), variables still in place.
    Raises ValidationError naming what is wrong (nothing is written then)."""
    body = spec.text.replace("\r\n", "\n").strip()
    problems: list[Problem] = []
    if not spec.notice:
        body = _TYPED_OPT_OUT.sub("", body.replace(AD_MARK, "")).strip()
        if shop.name and body.startswith(shop.name):
            body = body[len(shop.name):].strip()
        if not shop.opt_out:
            problems.append(Problem("opt_out", "opt_out_missing", "an advertising message needs the free opt-out "
                                    "number: set it first (crmdesk settings --opt-out 080…)"))
        if not shop.name:
            problems.append(Problem("shop_name", "shop_name_missing", "an advertising message names the shop after "
                                    "(광고): set the shop's name first (crmdesk settings --shop-name NAME)"))
    if not body:
        problems.append(Problem("message", "message_empty", "the message has no text"))
    elif len(body) > MAX_TEXT:
        problems.append(Problem("message", "too_long", f"the message has at most {MAX_TEXT} characters"))
    unknown = [name for name in variables_in(body) if name not in VARIABLES]
    if unknown:
        problems.append(Problem("message", "variable_unknown", f"#{{{unknown[0]}}} is not a variable crmdesk "
                                f"fills (known: {', '.join(f'#{{{n}}}' for n in VARIABLES)})", unknown[0]))
    if problems:
        raise ValidationError(problems)
    if spec.notice:
        return body
    return f"{AD_MARK}{shop.name}\n{body}\n{OPT_OUT_WORDS} {shop.opt_out_shown}"


@dataclass(frozen=True, slots=True)
class Recipient:
    customer_id: int
    address: str  # the phone (digits only), or the e-mail address of an e-mail campaign
    name: str
    message: str
    values: dict[str, str]
    email: bool = False

    @property
    def size(self) -> int:
        return carrier_bytes(self.message)

    @property
    def kind(self) -> str:
        """"sms", "lms" or "too_long" as carriers count it; "email" for an e-mail (no carrier limits)."""
        return "email" if self.email else kind_of(self.size)


@dataclass
class Composed:
    recipients: list[Recipient]
    variables: list[str]
    left_out_night: int = 0
    contact: str = "phone"  # the file's address column: "phone", or "email" for an e-mail campaign


def compose(session: Session, spec: MessageSpec, ids: Sequence[int], *, limit: int | None = None,
            channel: str = "sms") -> Composed:
    """The filled message for each of ``ids`` that may get it (order kept): a phone (an e-mail address when
    ``channel`` is "email"), and at night the night consent (not for e-mail). ``limit`` stops after that many
    recipients (the preview)."""
    text = template(spec, shop_details(session))
    names = variables_in(text)
    ids = list(ids)
    email = channel == "email"
    night_left = 0
    if is_night(spec.send_at or now()) and not spec.notice and not email:
        agreed = consent.consented_ids(session, consent.Purpose.NIGHT, ids)
        night_left = sum(1 for cid in ids if cid not in agreed)
        ids = [cid for cid in ids if cid in agreed]
    addresses = _column(session, ids, Customer.email if email else Customer.phone)
    ids = [cid for cid in ids if addresses.get(cid)]
    if limit is not None:
        ids = ids[:limit]
    filled = {name: VARIABLES[name](session, ids) for name in names}
    people = _names(session, ids)
    out = []
    for cid in ids:
        values = {name: str(filled[name].get(cid, "")) for name in names}
        message = _fill(text, values)
        out.append(Recipient(cid, addresses[cid], people.get(cid, ""), message, values, email))
    return Composed(out, names, night_left, "email" if email else "phone")


def _fill(text: str, values: Mapping[str, str]) -> str:
    return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def recipient_rows(composed: Composed) -> tuple[list[str], list[list[object]]]:
    header = ["message", composed.contact, "name", *composed.variables]
    return header, [[r.message, r.address, r.name, *(r.values[n] for n in composed.variables)]
                    for r in composed.recipients]


def write_messages(session: Session, composed: Composed, path: Path, *, encoding: str = "utf-8",
                   live: Path | None = None) -> int:
    """The recipient file (CSV, UTF-8 or CP949). A text message over 2,000 bytes is refused by row."""
    from crmdesk.services.exporting import Sheet, write_file

    for number, r in enumerate(composed.recipients, start=2):
        if r.kind == "too_long":
            raise CrmError(f"Row {number} ({r.name}): the message is {r.size:,} bytes, more than an LMS holds "
                           f"({LMS_BYTES:,}); shorten it.",
                           ko=f"메시지가 너무 깁니다: {number}행({r.name})이 {r.size:,}바이트로 "
                              f"LMS 한도({LMS_BYTES:,}바이트)를 넘습니다. 줄이세요.")
    header, rows = recipient_rows(composed)
    return write_file(path, [Sheet("messages", rows, header)], live=live,
                      encoding="utf-8-sig" if encoding == "utf-8" else "cp949", suffixes=(".csv",))



def write_campaign(session: Session, campaign_id: int, ids: list[int], dropped: Mapping[str, int],
                   spec: MessageSpec, path: Path, *, encoding: str = "utf-8", live: Path | None = None
                   ) -> tuple[int, dict[str, int]]:
    """A campaign's message file for its targeted members who may still be contacted (``ids``; the others
    counted in ``dropped``), composed and written, audited. Returns the rows written and who was left out by
    reason, ``no_night_consent`` included. The campaign's channel decides the address (phone or e-mail)."""
    from crmdesk.access import Permission, require
    from crmdesk.services import audit

    require(session, Permission.EXPORT)
    campaign = session.get(Campaign, campaign_id)
    composed = compose(session, spec, ids, channel=campaign.channel if campaign is not None else "sms")
    left_out = dict(dropped)
    if composed.left_out_night:
        left_out["no_night_consent"] = composed.left_out_night
    written = write_messages(session, composed, path, encoding=encoding, live=live)
    audit.record(session, "export", None, {"what": f"campaign {campaign_id} messages", "file": str(path),
                                           "rows": written, "left_out": left_out})
    return written, left_out
