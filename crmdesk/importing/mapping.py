"""Column mapping: which source column feeds which field, suggested from Korean and English headers, and named
presets remembered for the next file from the same POS.

A mapping is a dict ``{source header: field or None}``; None means "do not import this column".
"""

from __future__ import annotations

import json
import re
import unicodedata

from sqlalchemy import select
from sqlmodel import Session, col

from crmdesk.errors import CrmError
from crmdesk.importing.consent import CONSENT_FIELDS
from crmdesk.importing.consent import SYNONYMS as CONSENT_SYNONYMS
from crmdesk.models import ImportPreset
from crmdesk.models.base import now

CUSTOMER_FIELDS = ("customer_code", "name", "phone", "email", "birthday")
# ``cost``: what one unit of the line cost the shop (issue 20: profit); the line keeps it, and a product without a
# cost in the catalogue learns it.
SALES_FIELDS = CUSTOMER_FIELDS + ("date", "amount", "quantity", "product", "category", "receipt_id", "staff", "cost")
# A customer file may carry each customer's consent answers (importing/consent.py).
FIELDS = {"customers": CUSTOMER_FIELDS + CONSENT_FIELDS, "sales": SALES_FIELDS}
KINDS = tuple(FIELDS)

# Header spellings per field, folded (lower case, no spaces or punctuation, bracketed notes dropped).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_code": ("고객번호", "고객코드", "회원번호", "회원코드", "고객id", "회원id", "멤버십번호", "customercode",
                      "customerid", "customerno", "customernumber", "memberid", "memberno", "membercode", "code"),
    "name": ("이름", "성명", "고객명", "회원명", "고객이름", "회원이름", "고객", "name", "customername", "customer",
             "fullname", "membername"),
    "phone": ("전화번호", "휴대폰", "휴대폰번호", "핸드폰", "핸드폰번호", "연락처", "휴대전화", "휴대전화번호", "전화",
              "고객연락처", "고객전화번호", "phone", "phonenumber", "mobile", "mobilephone", "tel", "telephone",
              "cellphone", "contact"),
    "email": ("이메일", "메일", "전자우편", "이메일주소", "email", "emailaddress", "mail"),
    "birthday": ("생일", "생년월일", "birthday", "birthdate", "dateofbirth", "dob"),
    "date": ("거래일자", "거래일", "거래일시", "거래시간", "판매일", "판매일자", "판매일시", "판매시간", "일시", "일자",
             "날짜", "구매일", "구매일자", "구매일시", "결제일", "결제일자", "결제일시", "매출일", "매출일자",
             "매출일시", "영업일자", "주문일", "주문일시",
             "date", "datetime", "purchasedate", "purchasedat", "saledate",
             "salesdate", "orderdate", "transactiondate", "timestamp", "time"),
    "amount": ("금액", "판매금액", "결제금액", "매출액", "매출금액", "판매액", "합계", "합계금액", "실판매금액",
               "실결제금액", "총액", "총금액", "주문금액", "amount", "total", "linetotal", "sales", "salesamount",
               "lineamount", "paid"),
    "quantity": ("수량", "판매수량", "주문수량", "개수", "qty", "quantity", "count", "units"),
    "product": ("상품명", "상품", "품목", "품명", "품목명", "메뉴", "메뉴명", "제품명", "제품", "product",
                "productname", "item", "itemname", "menu", "menuitem", "description"),
    "category": ("분류", "카테고리", "상품분류", "대분류", "품목분류", "상품구분", "category", "productcategory",
                 "group", "itemgroup", "department"),
    "receipt_id": ("영수증번호", "영수증", "전표번호", "주문번호", "거래번호", "receipt", "receiptid", "receiptno",
                   "receiptnumber", "orderid", "orderno", "ordernumber", "transactionid", "invoice", "invoiceno"),
    "cost": ("원가", "매입가", "매입단가", "원가단가", "단위원가", "상품원가", "cost", "unitcost", "costprice",
             "costperunit", "purchaseprice"),
    "staff": ("담당자", "직원", "판매자", "판매직원", "담당", "캐셔", "직원명", "담당직원", "staff", "cashier",
              "employee", "seller", "clerk", "salesperson"),
    **CONSENT_SYNONYMS,
}
_BRACKETS_RE = re.compile(r"[(\[{（].*?[)\]}）]")
_NON_WORD_RE = re.compile(r"[\W_]+")


def fold_header(header: str) -> str:
    """"판매 금액(원)" -> "판매금액", "Customer_Code" -> "customercode"."""
    text = unicodedata.normalize("NFC", str(header)).casefold()
    return _NON_WORD_RE.sub("", _BRACKETS_RE.sub("", text))


_LOOKUP = {syn: field for field, names in SYNONYMS.items() for syn in names}


# Headers holding a money or count that is not the line's amount: never guessed from a part of their name.
_NOT_GUESSED = ("할인", "단가", "부가세", "세액", "공급가", "포인트", "적립", "원가", "미수", "잔액", "환불")
# Korean names too generic to be guessed from inside a longer header ("고객" in "고객등급").
_TOO_GENERIC = {"고객", "전화", "메일", "상품", "제품", "메뉴", "담당"}


def suggest_field(header: str, kind: str = "sales", *, exact_only: bool = False) -> str | None:
    """The field a header most likely holds, or None: an exact known spelling, else (unless ``exact_only``) a
    known Korean name inside a longer header ("고객 휴대폰번호", "판매금액 합계")."""
    folded = fold_header(header)
    allowed = FIELDS[kind]
    field = _LOOKUP.get(folded)
    if field in allowed:
        return field
    if exact_only or len(folded) < 3 or any(word in folded for word in _NOT_GUESSED):
        return None
    for syn, candidate in _GUESSABLE:
        if candidate in allowed and syn in folded:
            return candidate
    return None


_GUESSABLE = sorted(((syn, f) for syn, f in _LOOKUP.items() if not syn.isascii() and len(syn) >= 2
                     and syn not in _TOO_GENERIC), key=lambda kv: -len(kv[0]))


def header_score(headers: list[str]) -> int:
    return sum(1 for h in headers if h and _LOOKUP.get(fold_header(h)))


def suggest_mapping(headers: list[str], kind: str = "sales") -> dict[str, str | None]:
    """Each header with its suggested field. Exact spellings are placed first, guesses fill the fields still
    free; a field goes to the first column that names it."""
    mapping: dict[str, str | None] = dict.fromkeys(headers)
    used: set[str] = set()
    for exact_only in (True, False):
        for header in headers:
            if mapping[header] is not None:
                continue
            field = suggest_field(header, kind, exact_only=exact_only)
            if field and field not in used:
                used.add(field)
                mapping[header] = field
    return mapping


def apply_overrides(headers: list[str], mapping: dict[str, str | None], overrides: dict[str, str | None],
                    kind: str) -> dict[str, str | None]:
    """``mapping`` with the user's choices laid over it (a preset or --map); a field chosen for one column
    is taken away from any other column that had it."""
    allowed = FIELDS[kind]
    out = dict(mapping)
    by_fold = {fold_header(h): h for h in headers}
    holders: dict[str, set[str]] = {}  # field -> the columns that have it: linear in the header's width
    for column, assigned in out.items():
        if assigned is not None:
            holders.setdefault(assigned, set()).add(column)
    for source, field in overrides.items():
        header = source if source in out else by_fold.get(fold_header(source))
        if header is None:
            continue  # a preset made for a file with more columns: its other columns simply do not apply
        if field is not None and field not in allowed:
            raise CrmError(f"{field} is not a field for {kind}; choose one of: {', '.join(allowed)}.",
                           ko=f"필드 {field}은(는) {kind}에 없는 필드입니다. 다음 중에서 고르세요: "
                              f"{', '.join(allowed)}.")
        previous = out.get(header)
        if previous is not None:
            holders[previous].discard(header)
        if field is not None:
            for other in holders.get(field, set()):
                out[other] = None
            holders[field] = {header}
        out[header] = field
    return out


def parse_map_options(values: list[str]) -> dict[str, str | None]:
    """``--map 'SOURCE COLUMN=FIELD'`` options; FIELD ``-`` (or empty) means: do not import that column."""
    overrides: dict[str, str | None] = {}
    for value in values:
        source, sep, field = value.rpartition("=")
        if not sep or not source.strip():
            raise CrmError(f"--map {value}: write it as SOURCE_COLUMN=FIELD, e.g. --map 핸드폰=phone.",
                           ko=f"--map {value}: 원본열=필드 형식으로 쓰세요. 예: --map 핸드폰=phone.")
        field = field.strip()
        overrides[source.strip()] = None if field in ("", "-", "none", "ignore") else field
    return overrides


def save_preset(session: Session, name: str, kind: str, mapping: dict[str, str | None], *,
                encoding: str | None = None, delimiter: str | None = None) -> ImportPreset:
    name = (name or "").strip()
    if not name:
        raise CrmError("A preset needs a name.",
                       ko="프리셋에는 이름이 필요합니다.")
    if len(name) > 100:
        raise CrmError("A preset name has at most 100 characters.",
                       ko="프리셋 이름은 최대 100자입니다.")
    payload = json.dumps(mapping, ensure_ascii=False)
    if len(payload) > 5000:
        raise CrmError("This mapping is too large to keep as a preset.",
                       ko="이 열 대응은 너무 커서 프리셋으로 저장할 수 없습니다.")
    preset = session.execute(select(ImportPreset).where(col(ImportPreset.name) == name)).scalar_one_or_none()
    if preset is None:
        preset = ImportPreset(name=name, kind=kind, mapping=payload, encoding=encoding, delimiter=delimiter)
        session.add(preset)
    else:
        preset.kind, preset.mapping, preset.encoding, preset.delimiter = kind, payload, encoding, delimiter
        preset.updated_at = now()
    session.flush()
    return preset


def load_preset(session: Session, name: str) -> ImportPreset:
    preset = session.execute(select(ImportPreset).where(col(ImportPreset.name) == name)).scalar_one_or_none()
    if preset is None:
        names = preset_names(session)
        known = f" Saved presets: {', '.join(names)}." if names else " No preset has been saved yet."
        raise CrmError(f"There is no import preset named {name}.{known}",
                       ko=f"이름이 {name}인 가져오기 프리셋이 없습니다. "
                          + (f"저장된 프리셋: {', '.join(names)}." if names else "아직 저장된 프리셋이 없습니다."))
    return preset


def preset_mapping(preset: ImportPreset) -> dict[str, str | None]:
    return dict(json.loads(preset.mapping or "{}"))


def preset_names(session: Session, kind: str | None = None) -> list[str]:
    stmt = select(col(ImportPreset.name)).order_by(col(ImportPreset.name))
    if kind:
        stmt = stmt.where(col(ImportPreset.kind) == kind)
    return list(session.execute(stmt).scalars())
