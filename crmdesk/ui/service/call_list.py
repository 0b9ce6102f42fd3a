"""A campaign's printable call list as PDF: one row per targeted customer with a box to tick and room to
write the outcome, so whoever phones can work down the sheet at the counter.

Built as HTML and painted by crmdesk.reports.render, like the other printed reports."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from crmdesk.normalise import format_phone
from crmdesk.services import campaigns as camp
from crmdesk.store import Store
from crmdesk.ui.kit import formatting
from crmdesk.ui.kit.i18n import window_language

CTX = "CallList"


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def call_list_html(view: camp.CampaignView, rows: list[camp.CallRow]) -> str:
    c = view.campaign
    head = [QCoreApplication.translate("CallList", "✓"), QCoreApplication.translate("CallList", "Customer"),
            QCoreApplication.translate("CallList", "Phone"), QCoreApplication.translate("CallList", "Tier"),
            QCoreApplication.translate("CallList", "Last purchase"), QCoreApplication.translate("CallList", "Spent"),
            QCoreApplication.translate("CallList", "Outcome")]
    title = QCoreApplication.translate("CallList", "Call list: {name}").format(name=c.name)
    offer = " ".join(t for t in (c.offer_value, c.offer_code) if t)
    sub = QCoreApplication.translate("CallList", "{start} – {end} · offer: {offer} · {n} customers").format(
        start=formatting.day(c.starts_on), end=formatting.day(c.ends_on), offer=offer or "–", n=len(rows))
    # Qt's rich text ignores nowrap: explicit shares keep phone numbers and dates on one line.
    widths = (3, 14, 18, 6, 15, 15, 29)
    cells = "".join(f"<th width='{w}%'>{escape(h)}</th>" for h, w in zip(head, widths, strict=True))
    body = "".join(
        "<tr><td>☐</td>"
        f"<td>{escape(r.name)}</td><td>{escape(format_phone(r.phone))}</td>"
        f"<td>{escape(r.tier)}</td><td>{formatting.day(r.last_purchase_at)}</td>"
        f"<td align='right'>{formatting.money(r.total_spent)}</td><td></td></tr>" for r in rows)
    return (f"<h2>{escape(title)}</h2><p>{escape(sub)}</p>"
            "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
            f"<thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>")


def write_call_list(store: Store, campaign_id: int, path: Path) -> tuple[int, dict[str, int]]:
    """Write the PDF; returns the number of customers on it and those left out now, by reason
    (camp.send_check). Painted by the reports' renderer, so it has the reports' page header (shop, dates),
    page numbers, repeated column heads and the report font, whose spaces survive copying and searching the
    PDF's text."""
    from crmdesk.reports.data import shop_name
    from crmdesk.reports.documents import ReportDocument
    from crmdesk.reports.render import write_pdf

    with store.session() as session:
        view = camp.campaign_view(session, campaign_id)
        rows = camp.call_list(session, campaign_id)
        dropped = camp.send_check(session, view.campaign).dropped
    lang = window_language()
    title = QCoreApplication.translate("CallList", "Call list: {name}").format(name=view.campaign.name)
    period = f"{formatting.day(view.campaign.starts_on)} ~ {formatting.day(view.campaign.ends_on)}"
    report = ReportDocument(title, shop_name(store), lang, call_list_html(view, rows), period, date.today())
    write_pdf(report, path)
    return len(rows), dropped
