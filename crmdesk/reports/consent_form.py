"""The printable consent form (issue 17): A4, Korean or English, with the shop's details, what the customer is
told (purpose, items, how long they are kept, the right to refuse and what refusing means), the required
agreement to collection, each optional purpose with its own tick boxes, and a line for the signature. From a
card the customer's name and phone are printed in; from Settings the form is blank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from crmdesk.normalise import format_phone
from crmdesk.reports.documents import ReportDocument
from crmdesk.services import consent
from crmdesk.services.shop import ShopDetails

_TITLE = "#31557a"
_BOX = "□"

_W: dict[str, tuple[str, str]] = {
    "title": ("Consent to the collection and use of personal data", "개인정보 수집·이용 및 광고성 정보 수신 동의서"),
    "shop": ("Shop", "상호"), "phone": ("Phone", "전화"), "address": ("Address", "주소"),
    "opt_out": ("Free opt-out number", "무료수신거부"),
    "customer": ("Customer", "고객"), "name": ("Name", "성명"), "mobile": ("Mobile phone", "휴대전화"),
    "required": ("[Required] Collection and use of personal data", "[필수] 개인정보 수집·이용 동의"),
    "purpose": ("Purpose", "수집·이용 목적"),
    "purpose_text": ("Keeping the customer's card: purchases, points, answering questions and requests",
                     "고객 카드 관리: 구매 내역, 포인트 적립, 문의 및 요청 응대"),
    "items": ("Items collected", "수집 항목"),
    "items_text": ("Name, mobile phone number; e-mail and birthday when given",
                   "성명, 휴대전화번호 (제공하신 경우 이메일, 생일)"),
    "kept": ("How long they are kept", "보유·이용 기간"),
    "kept_text": ("Until you ask us to delete them, at most {years} years after your last visit",
                  "삭제를 요청하실 때까지, 최대 마지막 방문 후 {years}년"),
    "refuse": ("Right to refuse: you may refuse. Without this consent we keep no card with your contact "
               "details; you can still buy without a card.",
               "동의를 거부하실 수 있습니다. 거부하시면 연락처가 담긴 고객 카드를 만들 수 없으며, 카드 없이 구매는 "
               "가능합니다."),
    "agree": ("Agree", "동의함"), "disagree": ("Do not agree", "동의하지 않음"),
    "optional": ("[Optional] Advertising and recommendations", "[선택] 광고성 정보 수신 및 맞춤 추천 동의"),
    "optional_text": ("Each purpose is asked separately. Refusing any of them changes nothing else: your card, "
                      "purchases and points stay as they are.",
                      "각 항목은 따로 동의를 받습니다. 동의하지 않으셔도 고객 카드, 구매, 포인트 이용에 불이익이 "
                      "없습니다."),
    "withdraw": ("You may withdraw any consent at any time at the shop or free of charge at {opt_out}.",
                 "동의는 언제든지 매장에서 또는 무료수신거부 번호 {opt_out}로 철회하실 수 있습니다."),
    "date": ("Date: ________ / ____ / ____", "날짜: ________ 년 ____ 월 ____ 일"),
    "signature": ("Name: ______________________   Signature: ______________________",
                  "성명: ______________________   서명: ______________________"),
    "printed": ("Printed {day}", "인쇄일 {day}"),
}

PURPOSES: dict[consent.Purpose, tuple[str, str]] = {
    consent.Purpose.SMS: ("Advertising by SMS", "문자(SMS) 광고 수신"),
    consent.Purpose.KAKAO: ("Advertising by KakaoTalk", "카카오톡 광고 수신"),
    consent.Purpose.EMAIL: ("Advertising by e-mail", "이메일 광고 수신"),
    consent.Purpose.PHONE: ("Advertising by phone call", "전화 광고 수신"),
    consent.Purpose.PERSONALISED: ("Personalised recommendations from your purchases",
                                   "구매 내역에 따른 맞춤 추천"),
    consent.Purpose.NIGHT: ("Advertising between 21:00 and 08:00", "야간(21시~08시) 광고 수신"),
}


@dataclass(frozen=True, slots=True)
class FormCustomer:
    name: str
    phone: str | None


def _w(key: str, lang: str, **values: object) -> str:
    en, ko = _W[key]
    text = ko if lang == "ko" else en
    return escape(text.format(**values) if values else text)


def _row(label: str, value: str) -> str:
    return (f'<tr><td width="28%" bgcolor="#e9eef4"><b>{label}</b></td>'
            f'<td width="72%">{value}</td></tr>')


def _table(rows: list[str], title: str | None = None) -> str:
    head = (f'<thead><tr><td colspan="2" bgcolor="{_TITLE}" style="color: white; font-weight: bold;">{title}</td>'
            "</tr></thead>") if title else ""
    return ('<table width="100%" cellspacing="0" cellpadding="5" border="1" style="border-collapse: collapse; '
            f'border-color: #9aa5b1; margin-top: 8px;">{head}{"".join(rows)}</table>')


def consent_form(shop: ShopDetails, lang: str = "ko", *, customer: FormCustomer | None = None,
                 retention_years: int = 5, printed: date | None = None) -> ReportDocument:
    """The form as a report document (render.write_pdf makes the A4 PDF)."""
    printed = printed or date.today()
    dash = "-"
    opt_out = escape(shop.opt_out_shown) or dash
    parts = [f'<p style="font-size: 17pt; font-weight: bold; color: {_TITLE};">{_w("title", lang)}</p>',
             _table([_row(_w("shop", lang), escape(shop.name) or dash),
                     _row(_w("phone", lang), escape(shop.phone_shown) or dash),
                     _row(_w("address", lang), escape(shop.address) or dash),
                     _row(_w("opt_out", lang), opt_out)])]
    who = customer or FormCustomer("", None)
    parts.append(_table([_row(_w("name", lang), escape(who.name) or "&nbsp;"),
                         _row(_w("mobile", lang), escape(format_phone(who.phone)) or "&nbsp;")],
                        _w("customer", lang)))
    boxes = f"{_BOX} {_w('agree', lang)} &nbsp;&nbsp;&nbsp; {_BOX} {_w('disagree', lang)}"
    parts.append(_table([_row(_w("purpose", lang), _w("purpose_text", lang)),
                         _row(_w("items", lang), _w("items_text", lang)),
                         _row(_w("kept", lang), _w("kept_text", lang, years=retention_years)),
                         f'<tr><td colspan="2">{_w("refuse", lang)}<br><b>{boxes}</b></td></tr>'],
                        _w("required", lang)))
    rows = [f'<tr><td colspan="2">{_w("optional_text", lang)}</td></tr>']
    for en, ko in PURPOSES.values():
        rows.append(_row(escape(ko if lang == "ko" else en), boxes))
    parts.append(_table(rows, _w("optional", lang)))
    parts.append(f'<p style="margin-top: 10px;">{_w("withdraw", lang, opt_out=shop.opt_out_shown or dash)}</p>')
    parts.append(f'<p style="margin-top: 24px; font-size: 12pt;">{_w("date", lang)}</p>'
                 f'<p style="margin-top: 18px; font-size: 12pt;">{_w("signature", lang)}</p>')
    title = _W["title"][1 if lang == "ko" else 0]
    return ReportDocument(title, shop.name, lang, "".join(parts), _w("printed", lang, day=printed.isoformat()),
                          printed)


def form_for(store, customer_id: int | None, lang: str = "ko") -> ReportDocument:
    """The form with this shop's details (and the customer's name and phone when a card is given)."""
    from crmdesk.services import privacy, shop

    with store.session() as session:
        details = shop.shop_details(session)
        years = privacy.retention_years(session)
        who = None
        if customer_id is not None:
            from crmdesk.services.customers import get_customer

            card = get_customer(session, customer_id)
            who = FormCustomer(card.name, card.phone)
    return consent_form(details, lang, customer=who, retention_years=years)
