"""Paint a :class:`~crmdesk.reports.documents.ReportDocument` onto paper: a PDF file, a printer or the preview.

One function, :func:`paint`, lays the document out for the device it is given (QPdfWriter or QPrinter, both
QPagedPaintDevice) and draws every page with the shop, the title, the date and "page n of N" in the margins,
so the preview, the printout and the PDF are the same pages. Qt's rich-text engine does the pagination and
repeats table headers; charts are drawn with QPainter at four times their printed size (about 380 dpi) so
they stay crisp, in the bundled Korean font, which QPdfWriter embeds (subset) in the PDF.

This module needs Qt (QtGui; QtPrintSupport only for printers). The command line imports it inside the
``report`` command alone and, without a display, runs Qt on the offscreen platform.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from crmdesk.reports.documents import BarChart, ReportDocument
from crmdesk.reports.texts import Words
from crmdesk.store.overwrite import refuse_database_target

MARGIN_MM = 12.0
BAND_MM = 9.0  # header and footer bands inside the margins
CHART_SCALE = 4  # chart pixels per CSS pixel
PDF_DPI = 300
PAGE_SIZE_IDS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def ensure_gui() -> None:
    """A QGuiApplication with the bundled fonts, for callers without a window (the command line, scripts).
    Without a display Qt runs offscreen, which paints PDFs just the same."""
    if QGuiApplication.instance() is None:
        headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                             or os.environ.get("WAYLAND_DISPLAY"))
        if headless:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        global _app
        _app = QGuiApplication(["crmdesk"])
    report_family()


_app: QGuiApplication | None = None
_family: list[str] = []


def report_family() -> str:
    """The font family reports are set in: the cleaned copy of the bundled Korean font (see
    :mod:`crmdesk.reports.fonts`), else the bundled font itself. Registers the fonts on first use."""
    if not _family:
        from crmdesk.reports.fonts import REPORT_FAMILY, report_font_files
        from crmdesk.reports.qtfonts import KOREAN_FAMILY, register_fonts

        register_fonts()
        families = set()
        for path in report_font_files():
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families.update(QFontDatabase.applicationFontFamilies(font_id))
        _family.append(REPORT_FAMILY if REPORT_FAMILY in families else KOREAN_FAMILY)
    return _family[0]


def page_layout(page_size: str = "A4") -> QPageLayout:
    if page_size not in PAGE_SIZE_IDS:
        raise ValueError(f"page size must be one of {', '.join(PAGE_SIZE_IDS)}, not {page_size!r}")
    return QPageLayout(QPageSize(PAGE_SIZE_IDS[page_size]), QPageLayout.Orientation.Portrait,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(report_family())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def chart_image(chart: BarChart, scale: int = CHART_SCALE) -> QImage:
    """The chart as an image ``scale`` times its printed size in CSS pixels."""
    width, height = chart.width, chart.height
    image = QImage(width * scale, height * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.scale(scale, scale)

    def font(px: float, bold: bool = False) -> QFont:
        f = QFont(report_family())
        f.setPixelSize(max(1, round(px)))  # CSS pixels; the painter's scale makes them sharp
        f.setBold(bold)
        return f

    p.setFont(font(13, bold=True))
    p.setPen(QColor("#222"))
    p.drawText(QRectF(0, 0, width, 20), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, chart.title)
    # Legend, right-aligned on the title line.
    p.setFont(font(11))
    metrics = QFontMetricsF(p.font())
    x = width
    for legend, _values, colour in reversed(chart.series):
        x -= metrics.horizontalAdvance(legend) + 8
        p.drawText(QPointF(x, 15), legend)
        x -= 14
        p.fillRect(QRectF(x, 5, 10, 10), QColor(colour))
        x -= 14
    label_width = 140.0
    value_width = 52.0
    left, right = label_width, width - value_width
    top = 32.0
    bar, step, gap = 9.0, 11.0, 10.0
    group = gap + step * len(chart.series)
    peak = max((v for _, values, _ in chart.series for v in values), default=0.0)
    top_tick = max(0.1, min(1.0, -(-peak // 0.1) * 0.1))  # round up to a whole 10 %
    scale_x = (right - left) / top_tick
    bottom = top + group * len(chart.labels)
    # Grid lines and their percentages underneath.
    p.setFont(font(10))
    ticks = round(top_tick / 0.1)
    every = 1 if ticks <= 5 else 2
    for i in range(0, ticks + 1, every):
        gx = left + i * 0.1 * scale_x
        p.setPen(QPen(QColor("#dddddd"), 0.6))
        p.drawLine(QPointF(gx, top), QPointF(gx, bottom))
        p.setPen(QColor("#666"))
        p.drawText(QRectF(gx - 20, bottom + 2, 40, 14), Qt.AlignmentFlag.AlignCenter, f"{i * 10} %")
    for index, label in enumerate(chart.labels):
        y0 = top + index * group + gap / 2
        p.setFont(font(11))
        p.setPen(QColor("#222"))
        p.drawText(QRectF(0, y0, label_width - 8, step * len(chart.series)),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        p.setFont(font(9.5))
        for s, (_legend, values, colour) in enumerate(chart.series):
            value = values[index]
            y = y0 + s * step
            length = max(value * scale_x, 0.0)
            p.fillRect(QRectF(left, y, length, bar), QColor(colour))
            p.setPen(QColor("#333"))
            p.drawText(QRectF(left + length + 3, y - 1, value_width + 40, bar + 2),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, Words.percent(value))
    p.setPen(QPen(QColor("#888"), 0.8))
    p.drawLine(QPointF(left, top), QPointF(left, bottom))
    p.end()
    return image


def build_text_document(report: ReportDocument, device: QPagedPaintDevice) -> QTextDocument:
    """The report laid out for ``device``'s resolution, one QTextDocument page per printed page body."""
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(_font(9))
    for name, chart in report.charts.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, name, chart_image(chart))
    # Content first, device and page size after: with the device set, Qt lays out during setHtml as well, which
    # made a 300-page call list take minutes instead of seconds.
    doc.setHtml(report.html)
    doc.documentLayout().setPaintDevice(device)
    body = _body_rect(device)
    doc.setPageSize(QSizeF(body.width(), body.height()))
    return doc


def _band(device: QPagedPaintDevice) -> float:
    return BAND_MM / 25.4 * device.resolution()


def _paint_rect(device: QPagedPaintDevice) -> QRectF:
    rect = device.pageLayout().paintRectPixels(device.resolution())
    return QRectF(0, 0, rect.width(), rect.height())


def _body_rect(device: QPagedPaintDevice) -> QRectF:
    page = _paint_rect(device)
    band = _band(device)
    return QRectF(0, band, page.width(), page.height() - 2 * band)


def paint(report: ReportDocument, device: QPagedPaintDevice) -> int:
    """Lay out and draw every page of ``report`` on ``device`` (page layout already set); returns the pages."""
    doc = build_text_document(report, device)
    pages = max(1, doc.pageCount())
    body = _body_rect(device)
    page = _paint_rect(device)
    band = _band(device)
    words = Words(report.lang)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(f"Could not start painting the report {report.title!r} (printer or file not writable).")
    try:
        layout = doc.documentLayout()
        line = QPen(QColor("#9aa5b1"))
        line.setWidthF(device.resolution() / 150)
        for index in range(pages):
            if index:
                device.newPage()
            painter.save()
            painter.translate(body.left(), body.top() - index * body.height())
            clip = QRectF(0, index * body.height(), body.width(), body.height())
            painter.setClipRect(clip)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = clip
            layout.draw(painter, context)
            painter.restore()
            # Header: shop left, title right; footer: as-of and printed date left, page n of N right.
            painter.setPen(QColor("#333"))
            header = QRectF(0, 0, page.width(), band * 0.7)
            painter.setFont(_font(8.5, bold=True))
            painter.drawText(header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, report.shop)
            painter.setFont(_font(8))
            painter.drawText(header, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"{report.title}  ·  {report.header_note}" if report.header_note else report.title)
            painter.setPen(line)
            painter.drawLine(QPointF(0, band * 0.75), QPointF(page.width(), band * 0.75))
            footer_top = page.height() - band * 0.75
            painter.drawLine(QPointF(0, footer_top), QPointF(page.width(), footer_top))
            painter.setPen(QColor("#333"))
            footer = QRectF(0, page.height() - band * 0.7, page.width(), band * 0.7)
            painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{words('printed')} {words.day(report.printed)}  ·  crmdesk")
            painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             words("page", page=index + 1, pages=pages))
    finally:
        painter.end()
    return pages


def write_pdf(report: ReportDocument, path: str | Path, page_size: str = "A4") -> int:
    """Write ``report`` as a PDF (A4 or Letter) to ``path``; returns the number of pages."""
    path = Path(path)
    refuse_database_target(path)  # never over a database (store/overwrite.py: the one check)
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(page_layout(page_size))
    writer.setTitle(f"{report.title} — {report.shop}")
    writer.setCreator("crmdesk")
    pages = paint(report, writer)
    del writer  # the file is complete once the writer is gone
    return pages


def setup_printer(printer, page_size: str = "A4") -> None:
    """Give a QPrinter our page size and margins (the user can still change them in the print dialog)."""
    printer.setPageLayout(page_layout(page_size))
