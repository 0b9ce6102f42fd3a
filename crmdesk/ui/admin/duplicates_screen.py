"""Duplicate review: suspected pairs with the reason, the two cards side by side, choose which card stays,
merge, and undo recent merges. The scan runs off the GUI thread (100,000 cards take a few seconds)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import CrmError
from crmdesk.models import Customer
from crmdesk.normalise import format_phone
from crmdesk.services import customers as csvc
from crmdesk.services import duplicates as dup
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, formatting, jobs, messages, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.rows_model import RecordsModel

CTX = "DuplicatesScreen"
REASON_TEXTS = {
    dup.SAME_PHONE: QT_TRANSLATE_NOOP("DuplicatesScreen", "Same phone"),
    dup.SAME_NAME_BIRTHDAY: QT_TRANSLATE_NOOP("DuplicatesScreen", "Same name and birthday"),
    dup.SIMILAR_NAME_LAST4: QT_TRANSLATE_NOOP("DuplicatesScreen", "Similar name, same last 4 digits"),
    dup.SAME_NAME_PHONE_TYPO: QT_TRANSLATE_NOOP("DuplicatesScreen", "Same name, phone one digit apart"),
}
REFUSALS = {
    "merge_same": QT_TRANSLATE_NOOP("DuplicatesScreen", "A card cannot be merged into itself."),
    "merge_already_merged": QT_TRANSLATE_NOOP("DuplicatesScreen",
                                              "One of these cards was already merged into another card."),
    "merge_survivor_archived": QT_TRANSLATE_NOOP("DuplicatesScreen",
                                                 "The card to keep is archived; restore it first."),
    "undo_done": QT_TRANSLATE_NOOP("DuplicatesScreen", "This merge was already undone."),
    "undo_later_merge": QT_TRANSLATE_NOOP("DuplicatesScreen",
                                          "A later merge involves the same cards; undo that one first."),
    "undo_card_changed": QT_TRANSLATE_NOOP(
        "DuplicatesScreen", "A card was edited after the merge; undoing it now would lose those edits. "
        "Correct the cards by hand instead."),
    "undo_rows_moved": QT_TRANSLATE_NOOP(
        "DuplicatesScreen", "Some of the moved purchases, contacts or feedback were moved to another customer "
        "since; the merge can no longer be undone exactly."),
}
# The rows of the side-by-side comparison: (customer attribute, label).
COMPARED = (
    ("name", QT_TRANSLATE_NOOP("DuplicatesScreen", "Name")),
    ("phone", QT_TRANSLATE_NOOP("DuplicatesScreen", "Phone")),
    ("email", QT_TRANSLATE_NOOP("DuplicatesScreen", "E-mail")),
    ("birthday", QT_TRANSLATE_NOOP("DuplicatesScreen", "Birthday")),
    ("gender", QT_TRANSLATE_NOOP("DuplicatesScreen", "Gender")),
    ("address", QT_TRANSLATE_NOOP("DuplicatesScreen", "Address")),
    ("customer_code", QT_TRANSLATE_NOOP("DuplicatesScreen", "Customer code")),
    ("tags", QT_TRANSLATE_NOOP("DuplicatesScreen", "Tags")),
    ("first_seen", QT_TRANSLATE_NOOP("DuplicatesScreen", "First seen")),
    ("acquired_via", QT_TRANSLATE_NOOP("DuplicatesScreen", "Came via")),
    ("memo", QT_TRANSLATE_NOOP("DuplicatesScreen", "Memo")),
    ("purchase", QT_TRANSLATE_NOOP("DuplicatesScreen", "Purchases")),
    ("total_spent", QT_TRANSLATE_NOOP("DuplicatesScreen", "Spent")),
    ("contact", QT_TRANSLATE_NOOP("DuplicatesScreen", "Contacts")),
    ("feedback", QT_TRANSLATE_NOOP("DuplicatesScreen", "Feedback")),
)
FIELD_NAMES = dict(COMPARED) | {"birthday_lunar": QT_TRANSLATE_NOOP("DuplicatesScreen", "lunar calendar")}


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def refusal_text(err: CrmError) -> str:
    source = REFUSALS.get(getattr(err, "code", ""))
    return tr(source) if source else error_text(err)


def _shown(customer: Customer, counts: dict[str, int], attr: str) -> str:
    if attr in counts:
        return f"{counts[attr]:,}"
    value = getattr(customer, attr)
    if attr == "phone":
        return format_phone(value)
    if attr in ("birthday", "first_seen"):
        text = formatting.day(value)
        if attr == "birthday" and value and customer.birthday_lunar:
            text += " " + QCoreApplication.translate("DuplicatesScreen", "(lunar)")
        return text
    if attr == "gender":
        return messages.tr(messages.GENDERS[value]) if value in messages.GENDERS else ""
    if attr == "acquired_via":
        return messages.tr(messages.ACQUISITION[value]) if value in messages.ACQUISITION else ""
    if attr == "total_spent":
        return formatting.money(value)
    if attr == "tags":
        return (value or "").replace(",", ", ")
    return "" if value is None else str(value)


class PairsModel(RecordsModel[dup.DuplicatePair]):
    """Suspected pairs, strongest first: reason, one card, the other."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.cards: dict[int, dup.CardBrief] = {}

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Why"), self.tr("Card A"), self.tr("Card B"))

    def set_pairs(self, pairs: list[dup.DuplicatePair], cards: dict[int, dup.CardBrief]) -> None:
        self.cards = dict(cards)
        self.set_rows(pairs)

    def drop_card(self, customer_id: int) -> None:
        """A merged card's pairs are gone: it is archived now."""
        for row in reversed(range(len(self.rows))):
            pair = self.rows[row]
            if customer_id in (pair.first_id, pair.second_id):
                self.drop_row(row)

    def drop_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()

    def _card_text(self, customer_id: int) -> str:
        card = self.cards.get(customer_id)
        if card is None:
            return f"#{customer_id}"
        phone = format_phone(card.phone)
        return f"{card.name} · {phone}" if phone else card.name

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        pair = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return ", ".join(tr(REASON_TEXTS[r]) for r in pair.reasons)
            return self._card_text(pair.first_id if index.column() == 1 else pair.second_id)
        if role == Qt.ItemDataRole.UserRole:
            return pair
        return None


class DuplicatesScreen(QWidget):
    status_message = Signal(str)
    customers_changed = Signal()  # a merge or an undo changed which cards the customer list shows

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesScreen")
        self._store = store
        self._scanned = False
        self._scan_task = jobs.Task(self, done=self._scan_done, failed=self._scan_failed)
        self._cards: tuple[Customer, Customer] | None = None
        self._counts: tuple[dict[str, int], dict[str, int]] = ({}, {})

        top = self._build_top()
        self.model = PairsModel(self)
        self.table = QTableView(objectName="pairTable")
        read_only_list(self.table, self.model, selection=Selection.SingleSelection, alternating=True, stretch_last=True,
                       widths={0: 190, 1: 170})
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show_pair(current.row()))

        self._build_compare()
        self._build_merges()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.compare_box, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([560, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.merges_box)
        self._show_pair(-1)
        self.load_merges()

    # --- building ---------------------------------------------------------------------------------
    def _build_top(self) -> QHBoxLayout:
        """Title, how the search went, and Find duplicates."""
        title = QLabel(self.tr("Duplicate customers"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.scan_button = QPushButton(self.tr("Find duplicates"), objectName="scanDuplicates")
        self.scan_button.clicked.connect(self.scan)
        self.scan_status = QLabel(objectName="scanStatus")
        self.scan_status.setWordWrap(True)
        self.busy = QProgressBar(objectName="scanBusy")
        self.busy.setRange(0, 0)  # the search cannot say how far it is: a moving bar says it is working
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.scan_status, 1)
        top.addWidget(self.busy)
        top.addWidget(self.scan_button)
        return top

    def _build_compare(self) -> None:
        """The two cards side by side, which to keep, what a merge would do, Merge and Not the same person."""
        self.compare_box = QGroupBox(self.tr("Compare"), objectName="compareBox")
        grid = QGridLayout(self.compare_box)
        self.keep_a = QRadioButton(self.tr("Keep this card"), objectName="keepA")
        self.keep_b = QRadioButton(self.tr("Keep this card"), objectName="keepB")
        self.keep_a.setAccessibleName(self.tr("Keep the left card"))  # read alike, the two would not say which
        self.keep_b.setAccessibleName(self.tr("Keep the right card"))
        self.keep_group = QButtonGroup(self)
        self.keep_group.addButton(self.keep_a, 0)
        self.keep_group.addButton(self.keep_b, 1)
        self.keep_group.idToggled.connect(lambda _id, on: on and self._update_plan())
        grid.addWidget(self.keep_a, 0, 1)
        grid.addWidget(self.keep_b, 0, 2)
        self.cells: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (attr, label) in enumerate(COMPARED, start=1):
            grid.addWidget(QLabel(tr(label)), row, 0)
            pair = (QLabel(objectName=f"a_{attr}"), QLabel(objectName=f"b_{attr}"))
            for col, cell in enumerate(pair, start=1):
                cell.setWordWrap(True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                grid.addWidget(cell, row, col)
            self.cells[attr] = pair
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.plan = QLabel(objectName="mergePlan")
        self.plan.setWordWrap(True)
        self.plan.setStyleSheet(f"background: {theme.colour('info_bg')}; padding: 6px; border-radius: 4px;")
        grid.addWidget(self.plan, len(COMPARED) + 1, 0, 1, 3)
        self.merge_button = QPushButton(self.tr("Merge"), objectName="mergeButton")
        self.merge_button.clicked.connect(self.merge)
        self.skip_button = QPushButton(self.tr("Not the same person"), objectName="skipPair")
        self.skip_button.setToolTip(self.tr("Take this pair off the list until the next search"))
        self.skip_button.clicked.connect(self.skip)
        actions = QHBoxLayout()
        actions.addWidget(self.skip_button)
        actions.addStretch(1)
        actions.addWidget(self.merge_button)
        grid.addLayout(actions, len(COMPARED) + 2, 0, 1, 3)

    def _build_merges(self) -> None:
        """Recent merges, each of which can be undone."""
        self.merges_box = QGroupBox(self.tr("Recent merges"), objectName="mergesBox")
        self.merges = QListWidget(objectName="mergeList")
        self.merges.setMaximumHeight(110)
        self.undo_button = QPushButton(self.tr("Undo merge"), objectName="undoMerge")
        self.undo_button.setToolTip(self.tr("Put both cards and everything that moved back as they were"))
        self.undo_button.clicked.connect(self.undo)
        merges_layout = QHBoxLayout(self.merges_box)
        merges_layout.addWidget(self.merges, 1)
        merges_layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._scanned:  # the first visit searches; later visits keep the list until asked
            self.scan()

    # --- scanning --------------------------------------------------------------------------------------
    def scan(self) -> None:
        if self._scan_task.running:
            return
        self._scanned = True
        self.scan_button.setEnabled(False)
        self.scan_status.setText(self.tr("Searching all customer cards…"))
        self.busy.show()
        store = self._store

        def work(_report: Any) -> tuple[dup.DuplicateScan, dict[int, dup.CardBrief]]:
            with store.session() as session:
                found = dup.find_duplicates(session)
                ids = [i for p in found.pairs for i in (p.first_id, p.second_id)]
                return found, dup.describe_cards(session, ids)

        self._scan_task.run(work)

    def _scan_done(self, result: tuple[dup.DuplicateScan, dict[int, dup.CardBrief]]) -> None:
        self.busy.hide()
        found, cards = result
        self.scan_button.setEnabled(True)
        self.model.set_pairs(found.pairs, cards)
        text = self.tr("{pairs} suspected pairs among {customers} customers.").format(
            pairs=f"{len(found.pairs):,}", customers=f"{found.customers_scanned:,}")
        if found.crowded:
            shared, count = found.crowded[0]
            text += " " + self.tr("Not compared: {value} is on {count} cards (a placeholder?).").format(
                value=shared, count=f"{count:,}")
        self.scan_status.setText(text)
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self._show_pair(-1)

    def _scan_failed(self, exc: Exception) -> None:
        self.busy.hide()
        self.scan_button.setEnabled(True)
        self.scan_status.setText(self.tr("The search failed: {error}").format(error=exc))

    # --- comparing -------------------------------------------------------------------------------------
    def current_pair(self) -> dup.DuplicatePair | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def _show_pair(self, row: int) -> None:
        pair = self.model.rows[row] if 0 <= row < len(self.model.rows) else None
        for widget in (self.merge_button, self.skip_button, self.keep_a, self.keep_b):
            widget.setEnabled(pair is not None)
        if pair is None:
            self._cards = None
            for a, b in self.cells.values():
                a.setText("")
                b.setText("")
            self.plan.setText(self.tr("Choose a pair on the left to compare the two cards."))
            return
        with self._store.session() as session:
            a, b = csvc.get_customer(session, pair.first_id), csvc.get_customer(session, pair.second_id)
            counts = (dup.card_counts(session, a.id), dup.card_counts(session, b.id))
        self._cards, self._counts = (a, b), counts
        for attr, (cell_a, cell_b) in self.cells.items():
            text_a, text_b = _shown(a, counts[0], attr), _shown(b, counts[1], attr)
            cell_a.setText(text_a)
            cell_b.setText(text_b)
            differ = text_a != text_b and text_a != "" and text_b != ""
            style = f"background: {theme.colour('notice_bg')};" if differ else ""
            cell_a.setStyleSheet(style)
            cell_b.setStyleSheet(style)
        self.keep_a.setAccessibleName(self.tr("Keep the card of {name} (no. {id})").format(name=a.name, id=a.id))
        self.keep_b.setAccessibleName(self.tr("Keep the card of {name} (no. {id})").format(name=b.name, id=b.id))
        # The card with more history stays by default; on a tie the older card.
        keep_b = (b.visit_count, -b.id) > (a.visit_count, -a.id)
        self.keep_group.blockSignals(True)
        (self.keep_b if keep_b else self.keep_a).setChecked(True)
        self.keep_group.blockSignals(False)
        self._update_plan()

    def survivor_and_merged(self) -> tuple[Customer, Customer] | None:
        if self._cards is None:
            return None
        a, b = self._cards
        return (b, a) if self.keep_b.isChecked() else (a, b)

    def _update_plan(self) -> None:
        chosen = self.survivor_and_merged()
        if chosen is None:
            return
        survivor, merged = chosen
        try:
            with self._store.session() as session:
                plan = dup.plan_merge(session, survivor.id, merged.id)
        except CrmError as err:
            self.plan.setText(refusal_text(err))
            self.merge_button.setEnabled(False)
            return
        self.merge_button.setEnabled(True)
        moving = self.tr("{purchases} purchases, {contacts} contacts and {feedback} feedback move to {name}.").format(
            purchases=plan.moving.get("purchase", 0), contacts=plan.moving.get("contact", 0),
            feedback=plan.moving.get("feedback", 0), name=survivor.name)
        filled = [tr(FIELD_NAMES[f]) for f in plan.filled if f in FIELD_NAMES]
        fills = self.tr("Filled from the other card: {fields}.").format(fields=", ".join(filled)) if filled \
            else self.tr("No empty fields to fill.")
        if plan.tags != survivor.tags:
            fills += " " + self.tr("Tags are combined: {tags}.").format(tags=plan.tags.replace(",", ", "))
        seen = self.tr("First seen: {date}.").format(date=formatting.day(plan.first_seen) or "—")
        archived = self.tr("The other card is archived and marked as merged; Undo puts everything back.")
        self.plan.setText(" ".join((moving, fills, seen, archived)))

    # --- acting ----------------------------------------------------------------------------------------
    def merge(self) -> bool:
        chosen = self.survivor_and_merged()
        if chosen is None:
            return False
        survivor, merged = chosen
        question = self.tr("Merge {merged} (#{merged_id}) into {survivor} (#{survivor_id})?").format(
            merged=merged.name, merged_id=merged.id, survivor=survivor.name, survivor_id=survivor.id)
        if not dialogs.confirm(self, self.tr("Merge customers"), question):
            return False
        try:
            with self._store.session() as session:
                dup.merge_customers(session, survivor.id, merged.id)
        except CrmError as err:
            dialogs.warn(self, self.tr("Merge customers"), refusal_text(err))
            return False
        row = self.table.currentIndex().row()
        self.model.drop_card(merged.id)
        self.load_merges()
        self.customers_changed.emit()
        self.status_message.emit(self.tr("{merged} was merged into {survivor}.").format(
            merged=merged.name, survivor=survivor.name))
        if self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))
        else:
            self._show_pair(-1)
        return True

    def skip(self) -> None:
        row = self.table.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.model.drop_row(row)
            if self.model.rowCount():
                self.table.selectRow(min(row, self.model.rowCount() - 1))
            else:
                self._show_pair(-1)

    def load_merges(self) -> None:
        with self._store.session() as session:
            rows = dup.recent_merges(session, limit=20)
        self.merges.clear()
        for row in rows:
            moved = row.moved.get("purchase", 0) + row.moved.get("contact", 0) + row.moved.get("feedback", 0)
            item = QListWidgetItem(self.tr("{when}: {merged} → {survivor} ({moved} records moved)").format(
                when=formatting.moment(row.merged_at), merged=row.merged_name, survivor=row.survivor_name,
                moved=moved))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.merges.addItem(item)
        self.undo_button.setEnabled(bool(rows))
        if rows:
            self.merges.setCurrentRow(0)
        else:
            empty = QListWidgetItem(self.tr("No merges to undo."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.merges.addItem(empty)

    def undo(self) -> bool:
        item = self.merges.currentItem()
        merge_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if merge_id is None:
            return False
        try:
            with self._store.session() as session:
                record = dup.undo_merge(session, merge_id)
                survivor_name = csvc.get_customer(session, record.survivor_id).name
                merged_name = csvc.get_customer(session, record.merged_id).name
        except CrmError as err:
            dialogs.warn(self, self.tr("Undo merge"), refusal_text(err))
            return False
        self.load_merges()
        self.customers_changed.emit()
        self.status_message.emit(self.tr("{merged} is a card of its own again, apart from {survivor}.").format(
            merged=merged_name, survivor=survivor_name))
        self.scan()  # the pair is a suspect again
        return True
