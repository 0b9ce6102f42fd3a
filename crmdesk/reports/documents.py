"""The report documents: one model per report (HTML body, charts, header/footer words), without Qt.

The same :class:`ReportDocument` is painted to the print preview, a printer and a PDF by
:mod:`crmdesk.reports.render`, so what the owner previews is what comes out. The HTML keeps to what Qt's
rich-text engine understands: tables whose ``<thead>`` rows repeat on every page they run over, widths in
percent, sizes in CSS pixels (1/96 inch, scaled to the printer), explicit page breaks before big sections.
A section title sits inside its table's header so it never stands alone at the foot of a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from crmdesk.analytics.margin import MarginCoverage
from crmdesk.normalise import format_phone, mask_phone
from crmdesk.reports.data import CallListData, CardData, ListedCustomer, SegmentReportData
from crmdesk.reports.texts import ACQUISITION, CONTACT_CHANNELS, FEEDBACK_KINDS, FEEDBACK_STATUSES, GENDERS, Words

PAGE_SIZES = ("A4", "Letter")
CONTENT_WIDTH_PX = 680  # a chart's width in CSS pixels: the text width on A4 and Letter with our margins
_HEAD_BG = "#dbe4ee"
_STRIPE = "#e9eef4"
_TITLE_BG = "#31557a"
_NOWRAP = ' style="white-space: nowrap;"'


@dataclass
class BarChart:
    """Grouped horizontal bars: one group per label, one bar per series; values are shares 0..1."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float], str]]  # (legend, values, colour "#rrggbb")
    width: int = CONTENT_WIDTH_PX  # CSS pixels on the page

    @property
    def height(self) -> int:
        return 60 + len(self.labels) * (10 + 11 * len(self.series))


@dataclass
class ReportDocument:
    title: str
    shop: str
    lang: str
    html: str
    header_note: str  # beside the shop name on every page, e.g. "As of 2025-06-30"
    printed: date
    charts: dict[str, BarChart] = field(default_factory=dict)  # <img src="NAME"> -> chart


def _e(value: object) -> str:
    return escape("" if value is None else str(value))


def _phone(stored: str | None, full: bool) -> str:
    return (format_phone(stored) if full else mask_phone(stored)) or "-"


def _cell(text: object, *, right: bool = False, center: bool = False, width: str | None = None,
          bold: bool = False) -> str:
    attrs = ' align="right"' if right else ' align="center"' if center else ""
    if width:
        attrs += f' width="{width}"'
    body = _e(text)
    return f"<td{attrs}>{'<b>' + body + '</b>' if bold else body}</td>"


def _table(headers: Sequence[tuple[str, str, bool | str]], rows: list[str], *, title: str | None = None,
           subtitle: str | None = None, page_break: bool = False) -> str:
    """A full-width table; ``headers`` are (text, width %, right-aligned or "center"). The title row and the
    column headers form the table head, which Qt repeats on each page the table runs over."""
    style = "page-break-before: always; " if page_break else ""
    # Rows told apart by alternating shades, not cell borders: Qt lays collapsed borders out four times slower,
    # which a call list of thousands of customers feels.
    out = [f'<table width="100%" cellspacing="0" cellpadding="3" border="0" style="{style}margin-top: 8px;"><thead>']
    if title:
        sub = f'<br><span style="font-size: 8pt; font-weight: normal;">{_e(subtitle)}</span>' if subtitle else ""
        out.append(f'<tr><td colspan="{len(headers)}" bgcolor="{_TITLE_BG}" style="color: white; font-size: 11pt; '
                   f'font-weight: bold; padding: 5px;">{_e(title)}{sub}</td></tr>')
    out.append("<tr>" + "".join(
        f'<th width="{w}" bgcolor="{_HEAD_BG}" align="{_align(r)}" style="font-size: 8pt;">'
        f"{_e(h)}</th>" for h, w, r in headers) + "</tr></thead><tbody>")
    out.extend(row.replace("<tr", f'<tr bgcolor="{_STRIPE}"', 1) if i % 2 else row for i, row in enumerate(rows))
    out.append("</tbody></table>")
    return "".join(out)


def _align(spec: bool | str) -> str:
    return spec if isinstance(spec, str) else "right" if spec else "left"


def _figures(pairs: list[tuple[str, str]]) -> str:
    """The cover's key figures: a borderless two-column grid of label and value."""
    cells = []
    for i in range(0, len(pairs), 2):
        row = "".join(f'<td width="34%" style="color: #555;">{_e(k)}</td><td width="16%"><b>{_e(v)}</b></td>'
                      for k, v in pairs[i:i + 2])
        cells.append(f"<tr>{row}</tr>")
    return ('<table width="100%" cellspacing="0" cellpadding="4" style="margin-top: 6px; margin-bottom: 6px;">'
            + "".join(cells) + "</table>")


def _title_block(title: str, shop: str, lines: list[str]) -> str:
    sub = "<br>".join(_e(line) for line in lines)
    return (f'<p style="font-size: 20pt; font-weight: bold; color: {_TITLE_BG}; margin-bottom: 2px;">{_e(title)}</p>'
            f'<p style="font-size: 11pt; margin-top: 0px;">{_e(shop)}<br><span style="color: #555;">{sub}</span></p>')


def _change(value: int | None) -> str:
    if value is None:
        return "-"
    return f"+{value:,}" if value > 0 else f"{value:,}" if value < 0 else "0"


def _customer_rows(customers: list[ListedCustomer], words: Words, full_phones: bool) -> list[str]:
    rows = []
    for i, c in enumerate(customers, 1):
        rows.append("<tr>" + "".join((
            _cell(i, right=True), _cell(c.name), _cell(c.code or ""), _cell(_phone(c.phone, full_phones)),
            _cell(words.day(c.last_purchase)), _cell("-" if c.recency_days is None else f"{c.recency_days:,}",
                                                     right=True),
            _cell(f"{c.purchases:,}", right=True), _cell(words.money(c.value), right=True),
            _cell(words("yes") if c.consented else words("no_word"), center=True),
            _cell(c.open_complaints or "", right=True))) + "</tr>")
    return rows


def _margin_note(totals: MarginCoverage, words: Words) -> str:
    """On margin: what the margin is made of, and how much revenue has no cost (left out, never zero cost)."""
    lines = [words("margin_make_up", costed=words.money(totals.costed_revenue), cogs=words.money(totals.cost_of_goods),
                   points=words.money(totals.points), coupons=words.money(totals.coupon_discounts))]
    if totals.uncosted_revenue > 0:
        lines.append(words("margin_uncosted", share=words.percent(totals.uncosted_share),
                           amount=words.money(totals.uncosted_revenue), revenue=words.money(totals.revenue)))
    elif totals.revenue > 0:
        lines.append(words("margin_all_costed"))
    return "".join(f'<p style="font-size: 9pt;">{_e(line)}</p>' for line in lines)


def segment_report(data: SegmentReportData, lang: str = "ko", *, full_phones: bool = False,
                   printed: date | None = None) -> ReportDocument:
    words = Words(lang, "margin" if data.margin is not None else "revenue")
    printed = printed or date.today()
    title = words("segment_report")
    parts = [_title_block(title, data.shop, [f"{words('as_of')} {words.day(data.as_of)}",
                                             f"{words('printed')} {words.day(printed)}"])]
    parts.append(_figures([
        (words("customers"), words.count(data.customers)), (words("buyers"), words.count(data.buyers)),
        (words("revenue"), words.money(data.revenue)), (words("pareto_top20"), words.percent(data.top20_share)),
        (words("pareto_80"), words.percent(data.share_for_80)
         + (f" ({words.count(data.customers_for_80)})" if data.customers_for_80 else "")),
    ]))
    if data.margin is not None:
        parts.append(_margin_note(data.margin, words))
    charts: dict[str, BarChart] = {}
    shown = [s for s in data.segments if s.customers]
    if shown:
        chart = BarChart(words("segment_chart"), [words.segment(s.segment) for s in shown], [
            (words("chart_customers"), [s.share for s in shown], "#4e79a7"),
            (words("chart_revenue"), [s.revenue_share for s in shown], "#f28e2b")])
        charts["segments.png"] = chart
        parts.append(f'<p align="center"><img src="segments.png" width="{chart.width}" height="{chart.height}"></p>')
    else:
        parts.append(f"<p>{_e(words('no_customers'))}</p>")

    # Segments at a glance: one row per segment with every figure, the change since a month earlier.
    change_head = words("change", date=words.day(data.previous_as_of))
    heads = [(words("segment"), "17%", False), (words("customers"), "9%", True),
             (words("share_customers"), "9%", True), (words("revenue"), "14%", True),
             (words("share_revenue"), "9%", True), (words("avg_recency"), "10%", True),
             (words("avg_frequency"), "9%", True), (words("avg_spend"), "12%", True), (change_head, "11%", True)]
    rows = ["<tr>" + "".join((
        _cell(words.segment(s.segment), bold=True), _cell(f"{s.customers:,}", right=True),
        _cell(words.percent(s.share), right=True), _cell(words.money(s.revenue), right=True),
        _cell(words.percent(s.revenue_share), right=True), _cell(words.number(s.avg_recency, 0), right=True),
        _cell(words.number(s.avg_frequency), right=True), _cell(words.money(s.avg_spend), right=True),
        _cell(_change(s.change), right=True))) + "</tr>" for s in data.segments]
    parts.append(_table(heads, rows, title=words("segments_overview"), page_break=True))
    note = (words("change_note", date=words.day(data.previous_as_of)) if data.has_previous
            else words("no_history", date=words.day(data.previous_as_of)))
    parts.append(f'<p style="font-size: 8pt; color: #555;">{_e(note)}</p>')

    # Recommended action per segment.
    action_rows = ["<tr>" + _cell(words.segment(s.segment), bold=True) + _cell(words.action(s.segment)) + "</tr>"
                   for s in data.segments if s.customers]
    parts.append(_table([(words("segment"), "22%", False), (words("action"), "78%", False)], action_rows,
                        title=words("actions")))

    # Per-segment customer lists, each from a new page; the title and headers repeat on following pages.
    list_heads: list[tuple[str, str, bool | str]] = [
        (words("no"), "5%", True), (words("name"), "13%", False), (words("code"), "9%", False),
        (words("phone"), "14%", False), (words("last_purchase"), "12%", False),
        (words("days"), "7%", True), (words("purchases"), "8%", True), (words("value"), "13%", True),
        (words("consent"), "9%", "center"), (words("complaints"), "10%", True)]
    for seg in data.segments:
        if seg.segment not in data.lists or not seg.customers:
            continue
        total, listed = data.lists[seg.segment]
        rows = _customer_rows(listed, words, full_phones)
        if total > len(listed):
            rows.append(f'<tr><td colspan="{len(list_heads)}" style="color: #555;">'
                        f"{_e(words('more_not_listed', count=total - len(listed)))}</td></tr>")
        parts.append(_table(list_heads, rows, title=f"{words.segment(seg.segment)} · {words.count(total)}",
                            subtitle=f"{words('action')} — {words.action(seg.segment)}", page_break=True))
    if not full_phones:
        parts.append(f'<p style="font-size: 8pt; color: #555;">{_e(words("masked_note"))}</p>')
    return ReportDocument(title, data.shop, lang, "".join(parts), f"{words('as_of')} {words.day(data.as_of)}",
                          printed, charts)


def call_list(data: CallListData, lang: str = "ko", *, full_phones: bool = False,
              printed: date | None = None) -> ReportDocument:
    words = Words(lang)
    printed = printed or date.today()
    segment = words.segment(data.segment)
    title = words("call_list_title", segment=segment)
    parts = [_title_block(title, data.shop, [f"{words('as_of')} {words.day(data.as_of)} · "
                                             f"{words('printed')} {words.day(printed)}"])]
    intro = words("call_list_intro", segment=segment, count=len(data.customers) + data.truncated,
                  total=data.in_segment)
    parts.append(f"<p>{_e(intro)}"
                 f"<br><b>{_e(words('call_list_hint', action=words.action(data.segment)))}</b></p>")
    heads = [(words("no"), "4%", True), (words("name"), "14%", False), (words("phone"), "15%", False),
             (words("last_visit"), "11%", False), (words("last_purchase"), "11%", False),
             (words("value"), "12%", True), (words("complaints"), "7%", True), (words("notes"), "26%", False)]
    rows = []
    for i, c in enumerate(data.customers, 1):
        name = f"{_e(c.name)}<br><span style='font-size: 7pt; color: #555;'>{_e(c.code or '')}</span>"
        complaints = f"<b style='color: #b00020;'>{c.open_complaints}</b>" if c.open_complaints else ""
        rows.append(f'<tr><td align="right">{i}</td><td>{name}</td><td>{_e(_phone(c.phone, full_phones))}</td>'
                    f"<td{_NOWRAP}>{_e(words.day(c.last_visit))}</td><td{_NOWRAP}>{_e(words.day(c.last_purchase))}</td>"
                    f'<td align="right">{_e(words.money(c.value))}</td><td align="right">{complaints}</td>'
                    "<td>&nbsp;<br>&nbsp;<br>&nbsp;</td></tr>")
    if data.truncated:
        rows.append(f'<tr><td colspan="{len(heads)}" style="color: #555;">'
                    f"{_e(words('more_not_listed', count=data.truncated))}</td></tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(heads)}">{_e(words("no_customers"))}</td></tr>')
    parts.append(_table(heads, rows))
    if not full_phones:
        parts.append(f'<p style="font-size: 8pt; color: #555;">{_e(words("masked_note"))}</p>')
    return ReportDocument(title, data.shop, lang, "".join(parts), f"{words('as_of')} {words.day(data.as_of)}",
                          printed)


def _acquired(words: Words, code: str | None) -> str:
    return words.pick(ACQUISITION.get(code, (code, code))) if code else "-"


def customer_card(data: CardData, lang: str = "ko", *, full_phones: bool = False,
                  printed: date | None = None) -> ReportDocument:
    words = Words(lang)
    printed = printed or data.printed
    c = data.customer
    title = words("customer_card")
    subtitle = " · ".join(t for t in (title, c.customer_code, f"{words('printed')} {words.day(printed)}") if t)
    parts = [_title_block(c.name, data.shop, [subtitle])]
    if c.archived:
        parts.append(f'<p style="color: #b00020;"><b>{_e(words("archived"))}</b></p>')
    birthday = words.day(c.birthday) if c.birthday else "-"
    if c.birthday and c.birthday_lunar:
        birthday += f" ({words('lunar')})"
    consent = words("yes") if c.marketing_consent else words("no_word")
    if c.marketing_consent and c.marketing_consent_at:
        consent += f" ({words.day(c.marketing_consent_at)})"
    gender = words.pick(GENDERS[c.gender]) if c.gender in GENDERS else "-"
    details = [(words("phone"), _phone(c.phone, full_phones)), (words("email"), c.email or "-"),
               (words("birthday"), birthday), (words("gender"), gender),
               (words("first_seen"), words.day(c.first_seen)),
               (words("acquired_via"), _acquired(words, c.acquired_via)),
               (words("marketing"), consent), (words("tags"), c.tags or "-"),
               (words("visits"), f"{c.visit_count:,}"), (words("total_spent"), words.money(c.total_spent)),
               (words("last_purchase"), words.day(c.last_purchase_at)),
               (words("open_complaints"), f"{data.open_complaints:,}")]
    parts.append(_figures(details))
    if c.address:
        parts.append(f"<p><span style='color: #555;'>{_e(words('address'))}</span> {_e(c.address)}</p>")
    if c.memo:
        memo = "<br>".join(_e(line) for line in c.memo.splitlines())
        parts.append(f"<p><span style='color: #555;'>{_e(words('memo'))}</span><br>{memo}</p>")
    purchase_rows = []
    for p in data.purchases:
        amount = words.money(p.total) + (f" ({words('voided')})" if p.voided else "")
        purchase_rows.append("<tr>" + _cell(words.day(p.purchased_at)) + _cell(p.items)
                             + _cell(amount, right=True) + "</tr>")
    if not purchase_rows:
        purchase_rows.append(f'<tr><td colspan="3">{_e(words("none_yet"))}</td></tr>')
    parts.append(_table([(words("date"), "15%", False), (words("items"), "63%", False),
                         (words("amount"), "22%", True)], purchase_rows, title=words("recent_purchases")))
    event_rows = []
    for entry in data.timeline:
        if entry.kind == "contact":
            kind = f"{words('contact')}: {words.pick(CONTACT_CHANNELS.get(entry.code, (entry.code, entry.code)))}"
        else:
            status = words.pick(FEEDBACK_STATUSES.get(entry.subcode, (entry.subcode, entry.subcode)))
            kind = f"{words.pick(FEEDBACK_KINDS.get(entry.code, (entry.code, entry.code)))} ({status})"
        event_rows.append("<tr>" + _cell(words.day(entry.at)) + _cell(kind) + _cell(entry.text) + "</tr>")
    if not event_rows:
        event_rows.append(f'<tr><td colspan="3">{_e(words("none_yet"))}</td></tr>')
    parts.append(_table([(words("date"), "15%", False), (words("kind"), "22%", False), (words("what"), "63%", False)],
                        event_rows, title=words("recent_contacts")))
    lines = "".join("<tr><td>&nbsp;</td></tr>" for _ in range(8))
    parts.append(f'<table width="100%" cellspacing="0" cellpadding="6" border="1" style="border-collapse: collapse; '
                 f'border-color: #9aa5b1; margin-top: 8px;"><thead><tr><td bgcolor="{_TITLE_BG}" style="color: white; '
                 f'font-weight: bold;">{_e(words("consultation_notes"))}</td></tr></thead>{lines}</table>')
    return ReportDocument(f"{title}: {c.name}", data.shop, lang, "".join(parts), c.customer_code or "", printed)
