"""The import wizard: file -> column mapping -> preview and dry run -> import (progress, cancel) -> report.

All the work is crmdesk.importing's (the same engine as `crmdesk import`); reading a large file, the dry run
and the import run as background jobs, so the window never freezes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from crmdesk.errors import CrmError
from crmdesk.importing import mapping as mp
from crmdesk.importing.readers import EncodingUnknown, SourceTable, read_source
from crmdesk.importing.reasons import reason_text
from crmdesk.importing.runner import ImportRefused, ImportReport, Rejection, run_import
from crmdesk.normalise import format_phone
from crmdesk.store import Store
from crmdesk.ui.kit import accessibility, dialogs, jobs
from crmdesk.ui.kit.i18n import error_text, window_language
from crmdesk.ui.kit.lists import read_only_list

PREVIEW_ROWS = 20


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(self.tr("A CSV or Excel (.xlsx) export from your POS, or a customer list."))
        self.sales = QRadioButton(self.tr("Sales (purchase lines)"), objectName="kindSales")
        self.customers = QRadioButton(self.tr("Customers"), objectName="kindCustomers")
        self.sales.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.sales)
        group.addButton(self.customers)
        self.path = QLineEdit(objectName="importPath")
        browse = QPushButton(self.tr("Browse…"), objectName="browseImport")
        browse.clicked.connect(self._browse)
        self.encoding = QComboBox(objectName="importEncoding")
        self.encoding.addItem(self.tr("Detect"), None)
        for name, label in (("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"), ("cp949", "CP949 / EUC-KR"),
                            ("utf-16", "UTF-16"), ("cp1252", self.tr("Windows-1252 (Western European)"))):
            self.encoding.addItem(label, name)
        self.delimiter = QComboBox(objectName="importDelimiter")
        self.delimiter.addItem(self.tr("Detect"), None)
        for sep, label in ((",", self.tr("Comma")), ("\t", self.tr("Tab")), (";", self.tr("Semicolon")),
                           ("|", self.tr("Vertical bar"))):
            self.delimiter.addItem(label, sep)
        self.detected = QLabel(objectName="detectedFormat")
        self.detected.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        kinds = QHBoxLayout()
        kinds.addWidget(self.sales)
        kinds.addWidget(self.customers)
        kinds.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Import"), kinds)
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Text encoding"), self.encoding)
        form.addRow(self.tr("Separator"), self.delimiter)
        form.addRow("", self.detected)
        self.path.textChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        name = dialogs.choose_open_file(self, self.tr("Import file"), "",
                                        self.tr("CSV or Excel files (*.csv *.tsv *.txt *.xlsx)"))
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.path.text().strip())

    def ask_encoding(self, exc: EncodingUnknown) -> None:
        """Neither UTF-8 nor CP949 reads the file: nothing is guessed (a guess stored garbled Hangul); the user
        names the encoding, or fixes the line the message points to."""
        line = exc.lines.get("cp949") or min(exc.lines.values(), default=1)
        text = self.tr("%1 is neither UTF-8 nor CP949 text: line %2 cannot be read. Nothing was imported. Choose "
                       "the file's text encoding under “Text encoding”, or fix that line and try again.").replace(
            "%1", exc.name).replace("%2", str(line))
        self.detected.setText(text)
        dialogs.warn(self, self.tr("Import"), text)
        self.encoding.setFocus(Qt.FocusReason.OtherFocusReason)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        try:
            source = read_source(self.path.text().strip(), encoding=self.encoding.currentData(),
                                 delimiter=self.delimiter.currentData())
        except EncodingUnknown as exc:
            self.ask_encoding(exc)
            return False
        except CrmError as exc:
            self.detected.setText(error_text(exc))
            dialogs.warn(self, self.tr("Import"), error_text(exc))
            return False
        self.w.source = source
        self.w.kind = "customers" if self.customers.isChecked() else "sales"
        self.detected.setText(self.w.describe_source())
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("Each column of the file goes into a field; suggestions come from the headers."))
        self.format = QLabel(objectName="mappingFormat")
        self.table = QTableWidget(0, 3, objectName="mappingTable")
        self.table.setHorizontalHeaderLabels([self.tr("Column in the file"), self.tr("First value"),
                                              self.tr("Import as")])
        read_only_list(self.table, rows=False, stretch=True)  # the choices are the combo boxes in the last column
        self.presets = QComboBox(objectName="presetChoice")
        self.presets.activated.connect(self._apply_preset)
        self.preset_name = QLineEdit(objectName="presetName")
        self.preset_name.setPlaceholderText(self.tr("Name, e.g. the POS's name"))
        save = QPushButton(self.tr("Save as preset"), objectName="savePreset")
        save.clicked.connect(self.save_preset)
        presets = QHBoxLayout()
        presets.addWidget(QLabel(self.tr("Preset")))
        presets.addWidget(self.presets, 1)
        presets.addWidget(self.preset_name, 1)
        presets.addWidget(save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.format)
        layout.addWidget(self.table, 1)
        layout.addLayout(presets)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        source = self.w.source
        assert source is not None
        self.format.setText(self.w.describe_source())
        first = next(iter(source.rows()), [])
        mapping = mp.suggest_mapping(source.headers, self.w.kind)
        self.table.setRowCount(len(source.headers))
        self.combos = []
        for i, header in enumerate(source.headers):
            self.table.setItem(i, 0, QTableWidgetItem(header))
            value = first[i] if i < len(first) and first[i] is not None else ""
            self.table.setItem(i, 1, QTableWidgetItem(str(value)[:60]))
            combo = QComboBox(objectName=f"mapColumn{i}")
            combo.addItem(self.tr("— do not import —"), None)
            for field in mp.FIELDS[self.w.kind]:
                combo.addItem(self.w.field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(mapping[header])))
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._chosen(c))
            self.table.setCellWidget(i, 2, combo)
            self.combos.append(combo)
        self._load_presets()

    def _chosen(self, combo: QComboBox) -> None:
        """A field goes to one column only: choosing it here takes it from the column that had it."""
        field = combo.currentData()
        if field is None:
            return
        for other in self.combos:
            if other is not combo and other.currentData() == field:
                other.blockSignals(True)
                other.setCurrentIndex(0)
                other.blockSignals(False)

    def mapping(self) -> dict[str, str | None]:
        assert self.w.source is not None
        return {h: c.currentData() for h, c in zip(self.w.source.headers, self.combos, strict=True)}

    def set_mapping(self, mapping: dict[str, str | None]) -> None:
        for combo, field in zip(self.combos, mapping.values(), strict=True):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(field)))
            combo.blockSignals(False)

    def _load_presets(self) -> None:
        with self.w.store.session() as session:
            names = mp.preset_names(session, self.w.kind)
        self.presets.clear()
        self.presets.addItem(self.tr("(suggested from the headers)"), None)
        for name in names:
            self.presets.addItem(name, name)

    def _apply_preset(self) -> None:
        name = self.presets.currentData()
        source = self.w.source
        assert source is not None
        mapping = mp.suggest_mapping(source.headers, self.w.kind)
        if name:
            with self.w.store.session() as session:
                preset = mp.load_preset(session, name)
                mapping = mp.apply_overrides(source.headers, mapping, mp.preset_mapping(preset), self.w.kind)
            self.preset_name.setText(name)
        self.set_mapping(mapping)

    def save_preset(self) -> None:
        name = self.preset_name.text().strip()
        source = self.w.source
        assert source is not None
        try:
            with self.w.store.session() as session:
                mp.save_preset(session, name, self.w.kind, self.mapping(), encoding=self.w.page_file.encoding
                               .currentData(), delimiter=self.w.page_file.delimiter.currentData())
        except CrmError as exc:
            dialogs.warn(self, self.tr("Preset"), error_text(exc))
            return
        self._load_presets()
        self.presets.setCurrentIndex(self.presets.findData(name))
        self.w.statusMessage = self.tr("Preset %1 saved.").replace("%1", name)

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        assert self.w.source is not None
        from crmdesk.importing.runner import check_mapping

        try:
            check_mapping(self.w.source, self.w.kind, self.mapping())
        except CrmError:
            if self.w.kind == "sales":
                text = self.tr("Choose the columns holding the date and the amount.")
            else:
                text = self.tr("Choose at least a column with the name, phone, e-mail or customer code.")
            dialogs.warn(self, self.tr("Import"), text)
            return False
        self.w.mapping = self.mapping()
        return True


class PreviewPage(QWizardPage):
    """The first rows as they will be stored, and what the whole file would do (a dry run)."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Preview and dry run"))
        self.setSubTitle(self.tr("Nothing has been written yet."))
        self.table = QTableWidget(0, 0, objectName="previewTable")
        read_only_list(self.table, rows=False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(objectName="dryRunSummary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar(objectName="dryRunProgress")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        self.report: ImportReport | None = None
        self.task = jobs.Task(self, done=self._done, failed=self._failed,
                              progress=lambda done, total: self.progress.setValue(done * 100 // max(total, 1)))

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.report = None
        self.summary.setText(self.tr("Reading the whole file…"))
        self.progress.setValue(0)
        self.progress.show()
        source, kind, mapping = self.w.source, self.w.kind, dict(self.w.mapping)
        store = self.w.store
        self.task.run(lambda report: run_import(store, source, kind, mapping, dry_run=True, progress=report,
                                                preview_rows=PREVIEW_ROWS))

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override
        self.task.stop()

    def _done(self, report: ImportReport) -> None:
        self.report = report
        self.progress.hide()
        fields = [f for f in mp.FIELDS[self.w.kind] if any(f in row.values for row in report.preview)]
        self.table.setColumnCount(len(fields) + 3)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Customer"),
                                              *[self.w.field_label(f) for f in fields], self.tr("Note")])
        self.table.setRowCount(len(report.preview))
        for r, row in enumerate(report.preview):
            cells = [str(row.row), self.w.outcome_label(row.status, row.customer),
                     *[self.w.shown(f, row.values.get(f)) for f in fields], ""]
            if row.status == "rejected":
                rejection = next((x for x in report.rejections if x.row == row.row), None)
                cells[-1] = self.w.reason(rejection) if rejection else row.reason
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0 or (c >= 2 and fields and c - 2 < len(fields) and fields[c - 2] in ("amount", "quantity")):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.summary.setText(self.w.summary_text(report))
        self.completeChanged.emit()

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        if isinstance(exc, jobs.JobCancelled):
            return
        self.summary.setText(self.tr("This file cannot be imported: %1").replace("%1", error_text(exc)))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.report is not None and (self.report.rows_imported > 0)


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Importing"))
        self.setSubTitle(self.tr("All or nothing: a cancel or an error leaves the database as it was."))
        self.progress = QProgressBar(objectName="importProgress")
        self.cancel = QPushButton(self.tr("Cancel the import"), objectName="cancelImport")
        self.cancel.clicked.connect(self._cancel)
        self.state = QLabel(objectName="importState")
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.task = jobs.Task(self, done=self._done, failed=self._failed,
                              progress=lambda done, total: self.progress.setValue(done * 100 // max(total, 1)))
        self.finished = False

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.finished = False
        self.w.report = None
        self.w.failure = None
        self.progress.setValue(0)
        self.cancel.setEnabled(True)
        self.state.setText(self.tr("Importing…"))
        source, kind, mapping = self.w.source, self.w.kind, dict(self.w.mapping)
        store, staff_id, language = self.w.store, self.w.staff_id, window_language()
        self.task.run(lambda report: run_import(store, source, kind, mapping, progress=report, staff_id=staff_id,
                                                language=language))

    def _cancel(self) -> None:
        if self.task.running:
            self.task.stop()
            self.cancel.setEnabled(False)
            self.state.setText(self.tr("Cancelling…"))

    def _done(self, report: ImportReport) -> None:
        self.w.report = report
        self._finish()

    def _failed(self, exc: Exception) -> None:
        self.w.failure = exc
        self._finish()

    def _finish(self) -> None:
        self.finished = True
        self.cancel.setEnabled(False)
        self.completeChanged.emit()
        # After the event loop turns: a job run inline finishes inside initializePage, mid page switch.
        QTimer.singleShot(0, self._advance)

    def _advance(self) -> None:
        if self.w.currentPage() is self:
            self.w.next()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.finished


class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("Import report"))
        self.setSubTitle(self.tr("What the import did, and every row it skipped with the reason."))
        self.summary = QLabel(objectName="reportSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rejected = QTableWidget(0, 3, objectName="rejectedTable")
        self.rejected.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Reason")])
        read_only_list(self.rejected, rows=False)
        self.rejected.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.rejected, 1)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        report, failure = self.w.report, self.w.failure
        if failure is not None:
            if isinstance(failure, jobs.JobCancelled):
                text = self.tr("The import was cancelled. Nothing was written: the database is as it was.")
            else:
                text = self.tr("The import was refused and nothing was written: %1").replace("%1", str(failure))
            self.summary.setText(text)
            rejections = failure.report.rejections if isinstance(failure, ImportRefused) and failure.report else []
        else:
            assert report is not None
            text = self.w.summary_text(report)
            if report.rejected_file:
                text += "\n" + self.tr("The skipped rows are saved in %1, with the reason beside each.").replace(
                    "%1", str(report.rejected_file))
            self.summary.setText(text)
            rejections = report.rejections
        self.rejected.setVisible(bool(rejections))
        self.rejected.setRowCount(min(len(rejections), 1000))
        for r, rejection in enumerate(rejections[:1000]):
            for c, value in enumerate((str(rejection.row), rejection.column or "", self.w.reason(rejection))):
                self.rejected.setItem(r, c, QTableWidgetItem(value))
        self.rejected.resizeColumnToContents(0)
        self.rejected.resizeColumnToContents(1)


class ImportWizard(QWizard):
    """Import a file; ``imported`` is True once something was written (the caller refreshes its lists)."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, staff_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.store = store
        self.staff_id = staff_id if staff_id is not None else _counter_staff(store)
        self.source: SourceTable | None = None
        self.kind = "sales"
        self.mapping: dict[str, str | None] = {}
        self.report: ImportReport | None = None
        self.failure: Exception | None = None
        self.statusMessage = ""
        self.page_file = FilePage(self)
        self.page_mapping = MappingPage(self)
        self.page_preview = PreviewPage(self)
        self.page_run = RunPage(self)
        self.page_report = ReportPage(self)
        for page in (self.page_file, self.page_mapping, self.page_preview, self.page_run, self.page_report):
            self.addPage(page)
        # The import starts from the preview page's button; once it runs there is no way back.
        self.page_preview.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.resize(900, 620)
        accessibility.name_controls(self)

    def reject(self) -> None:
        """Closing the wizard cancels a dry run or an import still running: it rolls back, writes nothing."""
        for task in (self.page_preview.task, self.page_run.task):
            task.stop()
        super().reject()

    @property
    def imported(self) -> bool:
        return self.report is not None and not self.report.dry_run and self.report.rows_imported > 0

    # -- texts shared by the pages

    def field_label(self, field: str) -> str:
        return {
            "customer_code": self.tr("Customer code"), "name": self.tr("Name"), "phone": self.tr("Phone"),
            "email": self.tr("E-mail"), "birthday": self.tr("Birthday"), "date": self.tr("Date and time"),
            "amount": self.tr("Amount (line total)"), "quantity": self.tr("Quantity"), "product": self.tr("Product"),
            "category": self.tr("Category"), "receipt_id": self.tr("Receipt no."), "staff": self.tr("Staff"),
            "cost": self.tr("Cost per unit"), "consent_collection": self.tr("Consent: collection of personal data"),
            "consent_sms": self.tr("Consent: SMS"), "consent_kakao": self.tr("Consent: KakaoTalk"),
            "consent_email": self.tr("Consent: e-mail"), "consent_phone": self.tr("Consent: phone calls"),
            "consent_personalised": self.tr("Consent: personalised recommendations"),
            "consent_night": self.tr("Consent: advertising 21:00-08:00"), "consent_date": self.tr("Consent given on"),
        }.get(field, field)

    def describe_source(self) -> str:
        source = self.source
        if source is None:
            return ""
        if source.format == "xlsx":
            how = self.tr("Excel workbook, first sheet")
        else:
            names = {",": self.tr("comma"), "\t": self.tr("tab"), ";": self.tr("semicolon"),
                     "|": self.tr("vertical bar")}
            how = self.tr("%1 text, separated by %2").replace("%1", str(source.encoding)).replace(
                "%2", names.get(source.delimiter or ",", repr(source.delimiter)))
        return self.tr("%1: %2; %3 columns, header in row %4.").replace("%1", source.path.name).replace(
            "%2", how).replace("%3", str(len(source.headers))).replace("%4", str(source.first_row_number - 1))

    def outcome_label(self, status: str, customer: str) -> str:
        if status == "present":
            return self.tr("already imported")
        if status == "rejected":
            return self.tr("skipped")
        return {"new": self.tr("new customer"), "matched": self.tr("existing customer"),
                "walk-in": self.tr("walk-in")}.get(customer, customer)

    def shown(self, field: str, value: object) -> str:
        if value is None:
            return ""
        if field == "phone":
            return format_phone(str(value))
        if field == "date":
            return value.strftime("%Y-%m-%d %H:%M")  # type: ignore[attr-defined]
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    def reason(self, rejection: Rejection) -> str:
        """The reason in the window's language: importing/reasons.py's, the words the command line and the skipped
        rows' file use too."""
        return reason_text(rejection, window_language())

    def summary_text(self, report: ImportReport) -> str:
        lines = []
        if report.kind == "sales":
            template = (self.tr("Would import %1 of %2 rows as %3 purchases.") if report.dry_run
                        else self.tr("Imported %1 of %2 rows as %3 purchases."))
            lines.append(template.replace("%1", f"{report.rows_imported:,}").replace(
                "%2", f"{report.rows_read:,}").replace("%3", f"{report.purchases_created:,}"))
            lines.append(self.tr("Customers: %1 new, %2 existing ones matched. New products: %3.").replace(
                "%1", f"{report.customers_created:,}").replace("%2", f"{report.customers_matched:,}").replace(
                "%3", f"{report.products_created:,}"))
        else:
            template = (self.tr("Would import %1 of %2 rows.") if report.dry_run
                        else self.tr("Imported %1 of %2 rows."))
            lines.append(template.replace("%1", f"{report.rows_imported:,}").replace("%2", f"{report.rows_read:,}"))
            lines.append(self.tr("Customers: %1 new, %2 completed, %3 matched.").replace(
                "%1", f"{report.customers_created:,}").replace("%2", f"{report.customers_updated:,}").replace(
                "%3", f"{report.customers_matched:,}"))
        if report.rows_present:
            lines.append(self.tr("%1 rows were imported before and are left alone.").replace(
                "%1", f"{report.rows_present:,}"))
        if report.rows_rejected:
            if report.dry_run:
                template = self.tr("%1 rows will be skipped; the report after the import lists each with its reason.")
            else:
                template = self.tr("%1 rows were skipped; they are listed below.")
            lines.append(template.replace("%1", f"{report.rows_rejected:,}"))
        return "\n".join(lines)


def _counter_staff(store: Store) -> int | None:
    """Who is at this terminal's counter (the staff picker's choice), recorded on the import batch."""
    from crmdesk.models import Staff
    from crmdesk.ui.kit.staff_picker import counter_staff_id

    staff_id = counter_staff_id()
    if staff_id is None:
        return None
    with store.session() as session:
        return staff_id if session.get(Staff, staff_id) is not None else None  # a removed one: nobody


def export_sales_dialog(parent: QWidget, store: Store, path: Path | None = None, encoding: str = "utf-8") -> None:
    """Ask for a file name (unless ``path`` is given) and export every purchase line there in the background."""
    from crmdesk.services.exporting import export_sales

    title = QCoreApplication.translate("ExportSales", "Export sales")
    if path is None:
        name, chosen = dialogs.choose_save_file_and_filter(parent, title, "sales.xlsx",
            QCoreApplication.translate("ExportSales", "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv);;"
                                                      "CSV, CP949 for older software (*.csv)"))
        if not name:
            return
        path = Path(name)
        encoding = "cp949" if "CP949" in chosen else "utf-8"
    from crmdesk.ui.kit.reasons import ask_export_reason, with_reason

    reason = ask_export_reason(parent, store)  # issue 17: kept in the audit log
    if reason is None:
        return
    target = path
    task = jobs.Task(parent, done=lambda count: dialogs.inform(
        parent, title, QCoreApplication.translate("ExportSales", "%1 purchase lines exported to %2.").replace(
            "%1", f"{count:,}").replace("%2", str(target))),
        failed=lambda exc: dialogs.warn(parent, title, error_text(exc)))
    parent._export_task = task  # type: ignore[attr-defined]  # kept alive until it reports
    task.run(lambda _report: with_reason(reason, lambda: export_sales(store, target, encoding=encoding)))
