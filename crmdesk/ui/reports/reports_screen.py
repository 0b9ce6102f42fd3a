"""Reports: the segment report and call lists (a screen), the customer card (a dialog from the card).

Every report goes the same way: its figures are gathered in a background job with progress; then the one
document model (:mod:`crmdesk.reports.documents`) is painted to the print preview, a printer or a PDF file by
:func:`crmdesk.reports.render.paint`, so what the preview shows is what the paper and the PDF get. Saving a
PDF paints in the job as well (QPdfWriter and QTextDocument work off the GUI thread); the preview and the
printer are painted on the GUI thread, as Qt requires for print dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.analytics.rfm import KOREAN_NAMES, SEGMENT_NAMES
from crmdesk.reports import data, documents
from crmdesk.reports.documents import ReportDocument
from crmdesk.store import Store
from crmdesk.ui.kit import accessibility, dialogs, jobs

SEGMENTS, CALLS, CARD = "segments", "calls", "card"

class ReportPanel(QWidget):
    """Options of one or more report kinds, and Preview / Print / Save as PDF."""

    status_message = Signal(str)

    def __init__(self, store: Store, kinds: tuple[str, ...] = (SEGMENTS, CALLS), customer_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPanel")
        self._store = store
        self.customer_id = customer_id
        self._task = jobs.Task(self, done=self._built, failed=self._failed,
                               progress=lambda done, total: self.progress.setValue(done * 100 // max(total, 1)))
        self._making: tuple[str, str] = ("", "")  # the action asked for and the file it writes
        self.preview: QPrintPreviewDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self.printer: QPrinter | None = None
        self.last_document: ReportDocument | None = None
        self.last_pdf: str | None = None
        self._build_options(kinds)
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    # --- building ---------------------------------------------------------------------------------
    def _build_options(self, kinds: tuple[str, ...]) -> None:
        """The report's options, in the window's language."""
        window_ko = QLocale().language() == QLocale.Language.Korean  # the window's language, as installed

        self.kind = QComboBox(objectName="reportKind")
        names = {SEGMENTS: self.tr("Segment report (monthly review)"),
                 CALLS: self.tr("Call list of a segment"), CARD: self.tr("Customer card")}
        for kind in kinds:
            self.kind.addItem(names[kind], kind)
        self.segment = QComboBox(objectName="reportSegment")
        for name in SEGMENT_NAMES:
            self.segment.addItem(KOREAN_NAMES[name] if window_ko else name, name)
        self.segment.setCurrentIndex(self.segment.findData("At Risk"))
        self.as_of = QDateEdit(QDate.currentDate(), objectName="reportAsOf")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setMaximumDate(QDate.currentDate())
        self.language = QComboBox(objectName="reportLanguage")
        self.language.addItem("한국어", "ko")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if window_ko else 1)
        self.paper = QComboBox(objectName="reportPaper")
        self.paper.addItem("A4", "A4")
        self.paper.addItem("Letter", "Letter")
        self.list_limit = QSpinBox(objectName="reportListLimit")
        self.list_limit.setRange(-1, 100_000)
        self.list_limit.setValue(50)
        self.list_limit.setSpecialValueText(self.tr("everyone"))
        self.list_limit.setToolTip(self.tr("Customers listed per segment, highest value first; 0 leaves the lists "
                                           "out"))
        self.call_limit = QSpinBox(objectName="reportCallLimit")
        self.call_limit.setRange(0, 100_000)  # 0: everyone
        self.call_limit.setValue(100)
        self.call_limit.setSpecialValueText(self.tr("everyone"))
        self.call_limit.setToolTip(self.tr("The customers with the highest value first; a day's calls, not the "
                                           "whole segment"))
        self.full_phones = QCheckBox(self.tr("Print full phone numbers (otherwise 010-****-5678)"),
                                     objectName="reportFullPhones")
        self.form = QFormLayout()
        if len(kinds) > 1:
            self.form.addRow(self.tr("Report"), self.kind)
        self.form.addRow(self.tr("Segment"), self.segment)
        self.form.addRow(self.tr("As of"), self.as_of)
        self.form.addRow(self.tr("Customers listed per segment"), self.list_limit)
        self.form.addRow(self.tr("At most, on the list"), self.call_limit)
        self.form.addRow(self.tr("Language"), self.language)
        self.form.addRow(self.tr("Paper"), self.paper)
        self.form.addRow("", self.full_phones)

    def _build_buttons(self) -> QHBoxLayout:
        """Preview, Print, Save as PDF; progress and Cancel while a report is made."""
        self.preview_button = QPushButton(self.tr("Preview…"), objectName="reportPreview")
        self.print_button = QPushButton(self.tr("Print…"), objectName="reportPrint")
        self.pdf_button = QPushButton(self.tr("Save as PDF…"), objectName="reportPdf")
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="reportCancel")
        self.preview_button.clicked.connect(lambda: self.start("preview"))
        self.print_button.clicked.connect(lambda: self.start("print"))
        self.pdf_button.clicked.connect(lambda: self.start("pdf"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.progress = QProgressBar(objectName="reportProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel(objectName="reportStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.cancel_button)
        return buttons

    # --- options -------------------------------------------------------------------------------------
    def current_kind(self) -> str:
        return self.kind.currentData()

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        for widget, shown in ((self.segment, kind == CALLS), (self.as_of, kind != CARD),
                              (self.list_limit, kind == SEGMENTS), (self.call_limit, kind == CALLS)):
            self.form.setRowVisible(widget, shown)

    def options(self) -> dict[str, Any]:
        return {"kind": self.current_kind(), "segment": self.segment.currentData(),
                "as_of": self.as_of.date().toPython(), "lang": self.language.currentData(),
                "page_size": self.paper.currentData(), "full_phones": self.full_phones.isChecked(),
                "list_limit": None if self.list_limit.value() == -1 else self.list_limit.value(),
                "call_limit": self.call_limit.value() or None,
                "customer_id": self.customer_id}

    # --- building ------------------------------------------------------------------------------------
    def start(self, action: str) -> None:
        """Gather the figures off the GUI thread, then preview, print or save (``action``)."""
        if self.job is not None:
            return
        options = self.options()
        path = ""
        if action == "pdf":
            path = dialogs.choose_pdf_file(self, self.tr("Save the report as PDF"), self._suggested_name(options))
            if not path:
                return
        reason = ""
        if action != "preview" and _lists_people(options):  # a PDF or paper with customers leaves the shop
            from crmdesk.ui.kit.reasons import ask_export_reason

            asked = ask_export_reason(self, self._store)  # issue 17: kept in the report's audit entry
            if asked is None:
                return
            reason = asked
        store = self._store
        from crmdesk.reports.render import report_family

        report_family()  # fonts are registered on the GUI thread, once

        def work(report: Callable[[int, int], None]) -> tuple[ReportDocument, int | None]:
            from crmdesk.ui.kit.reasons import with_reason

            document = with_reason(reason, lambda: build_document(store, options, report))
            pages = None
            if action == "pdf":
                from crmdesk.reports.render import write_pdf

                pages = write_pdf(document, path, options["page_size"])
            return document, pages

        self._making = (action, path)
        self._busy(True)
        self.status.setText(self.tr("Preparing the report…"))
        self._task.run(work)

    @property
    def job(self) -> jobs.Job | None:
        """The report being made, if any."""
        return self._task.current

    def cancel(self) -> None:
        self._task.stop()

    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.progress.setValue(0)

    def _suggested_name(self, options: dict[str, Any]) -> str:
        day = options["as_of"].isoformat()
        if options["kind"] == CALLS:
            return f"call-list-{options['segment'].replace(' ', '-').replace(chr(39), '').lower()}-{day}.pdf"
        if options["kind"] == CARD:
            return f"customer-card-{options['customer_id']}.pdf"
        return f"segment-report-{day}.pdf"

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        if isinstance(exc, jobs.JobCancelled):
            self.status.setText(self.tr("Cancelled."))
            return
        self.status.setText("")
        dialogs.warn(self, self.tr("Report"), self.tr("The report could not be made: {error}").format(error=exc))

    def _built(self, result: tuple[ReportDocument, int | None]) -> None:
        action, path = self._making
        self._busy(False)
        document, pages = result
        self.last_document = document
        if action == "pdf":
            self.last_pdf = path
            text = self.tr("Saved {pages} pages to {path}.").format(pages=pages, path=path)
            self.status.setText(text)
            self.status_message.emit(text)
            return
        self.status.setText("")
        printer = self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        from crmdesk.reports.render import paint, setup_printer

        options = self.options()
        setup_printer(printer, options["page_size"])
        printer.setDocName(document.title)
        if not QPrinterInfo.availablePrinters():
            # No printer installed: Qt offers "print to file" only; suggest a real file name, not the bare folder.
            printer.setOutputFileName(str(Path.home() / self._suggested_name(options)))
        if action == "preview":
            self.preview = QPrintPreviewDialog(printer, self)
            self.preview.setObjectName("reportPreviewDialog")
            self.preview.setWindowTitle(document.title)
            self.preview.paintRequested.connect(lambda device: paint(document, device))
            self.preview.resize(900, 1000)
            self.preview.open()
        else:
            self.print_dialog = QPrintDialog(printer, self)
            self.print_dialog.setObjectName("reportPrintDialog")
            self.print_dialog.accepted.connect(lambda: self._print(document, printer))
            # QPrintDialog.open() in PySide6 wants a receiver; a window-modal show() is what open() does.
            self.print_dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.print_dialog.show()

    def _print(self, document: ReportDocument, printer: QPrinter) -> None:
        from crmdesk.reports.render import paint

        try:
            pages = paint(document, printer)
        except OSError as exc:
            dialogs.warn(self, self.tr("Report"), self.tr("The report could not be printed: {error}").format(error=exc))
            return
        self.status_message.emit(self.tr("Sent {pages} pages to the printer.").format(pages=pages))


def _lists_people(options: dict[str, Any]) -> bool:
    """Whether the report carries personal data: a card, a call list, a segment report with its customer lists."""
    return options["kind"] != SEGMENTS or options["list_limit"] != 0


def build_document(store: Store, options: dict[str, Any],
                   progress: Callable[[int, int], None] = lambda _d, _t: None) -> ReportDocument:
    """The document for ``options`` (as :meth:`ReportPanel.options` gives them); no widgets touched."""
    kind, lang, full = options["kind"], options["lang"], options["full_phones"]
    as_of: date = options["as_of"]
    if kind == CALLS:
        figures = data.call_list_data(store, options["segment"], as_of, limit=options.get("call_limit"),
                                      progress=progress)
        return documents.call_list(figures, lang, full_phones=full)
    if kind == CARD:
        progress(0, 1)
        card = data.card_data(store, options["customer_id"])
        progress(1, 1)
        return documents.customer_card(card, lang, full_phones=full)
    limit = options["list_limit"]
    figures = data.segment_report_data(store, as_of, list_limit=limit, progress=progress)
    return documents.segment_report(figures, lang, full_phones=full)


class ReportsScreen(QWidget):
    """The Reports screen of the main window: the segment report and call lists."""

    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsScreen")
        title = QLabel(self.tr("Reports"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        hint = QLabel(self.tr("Print the monthly segment report, or a call list of the customers in one segment who "
                              "agreed to be called. Preview first, then print or save as PDF."))
        hint.setWordWrap(True)
        self.panel = ReportPanel(store, (SEGMENTS, CALLS))
        self.panel.status_message.connect(self.status_message)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.panel, 1)


class CardPrintDialog(QDialog):
    """Print one customer's card: opened from the card's Print button."""

    def __init__(self, store: Store, customer_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardPrintDialog")
        self.setWindowTitle(self.tr("Print the card of {name}").format(name=name))
        self.panel = ReportPanel(store, (CARD,), customer_id=customer_id)
        close = QPushButton(self.tr("Close"), objectName="closeCardPrint")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(480, 220)
        accessibility.name_controls(self)
