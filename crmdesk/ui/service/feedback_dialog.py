"""One feedback item: record it (new), or follow it to the end (existing): assign, start, resolve with a
note and a recovery action, close, reopen. Every change is stamped by the service; times are derived."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import ValidationError
from crmdesk.services import feedback as feedback_svc
from crmdesk.store import Store
from crmdesk.ui.kit import accessibility, connection, dialogs, formatting, messages, theme
from crmdesk.ui.kit.customer_finder import CustomerFinder
from crmdesk.ui.kit.staff_picker import StaffPicker, counter_staff_id


class FeedbackDialog(QDialog):
    changed = Signal(int)  # feedback id

    def __init__(self, store: Store, parent: QWidget | None = None, *, feedback_id: int | None = None,
                 customer_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackDialog")
        self._store = store
        self.feedback_id = feedback_id
        self.error = QLabel(objectName="feedbackError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        self.error.hide()
        if feedback_id is None:
            self.setWindowTitle(self.tr("New feedback"))
            self._build_new(customer_id)
        else:
            self._build_existing()
        self.setMinimumWidth(520)
        accessibility.name_controls(self)

    # --- a new item ------------------------------------------------------------------------------------
    def _build_new(self, customer_id: int | None) -> None:
        self.kind = _combo("feedbackKind", messages.FEEDBACK_KINDS)
        self.channel = _combo("feedbackChannel", messages.CHANNELS)
        self.category = QComboBox(objectName="feedbackCategory")
        self.category.setEditable(True)
        self.category.addItems([messages.tr(c) for c in messages.FEEDBACK_CATEGORIES])
        self.category.setCurrentText("")
        self.severity = _combo("feedbackSeverity", messages.SEVERITIES)
        self.severity.setCurrentIndex(self.severity.findData("medium"))
        self.description = QPlainTextEdit(objectName="feedbackDescription")
        self.description.setPlaceholderText(self.tr("What the customer said, in their words"))
        self.description.setTabChangesFocus(True)
        self.finder = CustomerFinder(self._store, prefix="feedbackCustomer")
        self.anonymous = QCheckBox(self.tr("Anonymous (no customer)"), objectName="feedbackAnonymous")
        self.anonymous.toggled.connect(lambda on: self.finder.setEnabled(not on))
        self.assigned = StaffPicker(self._store, remember=False, allow_none=True)
        self.assigned.setObjectName("feedbackAssigned")
        self.assigned.set_staff_id(None)
        # Issue 19: whom the feedback is about (a compliment for them, a complaint about them), if anyone.
        self.about = StaffPicker(self._store, remember=False, allow_none=True)
        self.about.setObjectName("feedbackAbout")
        self.about.set_staff_id(None)
        self.about.setCurrentIndex(0)
        save = QPushButton(self.tr("Save"), objectName="feedbackSave")
        save.setDefault(True)
        save.clicked.connect(self.save_new)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        if customer_id is not None:
            self.finder.preselect(customer_id)
        form = QFormLayout(self)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Customer"), self.finder)
        form.addRow("", self.anonymous)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Severity"), self.severity)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Assigned to"), self.assigned)
        form.addRow(self.tr("About staff member"), self.about)
        form.addRow(self.error)
        form.addRow(_row(save, cancel))

    def reject(self) -> None:
        """Esc or Cancel on a half-written complaint asks first: the customer's words are not typed twice."""
        typed = self.feedback_id is None and self.description.toPlainText().strip()
        if typed and not dialogs.confirm(self, self.tr("New feedback"), self.tr("Discard what you typed?")):
            return
        super().reject()

    def save_new(self) -> None:
        data = {"kind": self.kind.currentData(), "channel": self.channel.currentData(),
                "category": self.category.currentText(), "severity": self.severity.currentData(),
                "description": self.description.toPlainText(),
                "customer_id": None if self.anonymous.isChecked() else self.finder.customer_id(),
                "assigned_staff_id": self.assigned.staff_id(), "about_staff_id": self.about.staff_id()}
        if not self.anonymous.isChecked() and data["customer_id"] is None:
            self._show(self.tr("Choose the customer, or tick Anonymous."))
            return
        def attempt() -> int:
            with self._store.session(immediate=True) as session:  # reads the staff member, then writes
                return feedback_svc.create_feedback(session, data, staff_id=counter_staff_id(session)).id

        try:  # the server may be out of reach: the dialog stays open with the customer's words, and may try again
            saved, feedback_id = connection.retrying(self, self._store, attempt)
        except ValidationError as exc:
            self._show(messages.problems_text(exc.problems))
            return
        if not saved:
            self._show(connection.not_saved_text())
            return
        self.feedback_id = feedback_id  # only once committed
        self.changed.emit(self.feedback_id)
        self.accept()

    # --- an existing item ----------------------------------------------------------------------------
    def _build_existing(self) -> None:
        self.summary = QLabel(objectName="feedbackSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history = QListWidget(objectName="feedbackHistory")
        self.history.setMaximumHeight(140)
        self.assigned = StaffPicker(self._store, remember=False, allow_none=True)
        self.assigned.setObjectName("feedbackAssigned")
        self.assigned.activated.connect(self._assign)
        self.note = QLineEdit(objectName="feedbackNote")
        self.note.setPlaceholderText(self.tr("Note for this step (optional)"))
        self.resolution = QPlainTextEdit(objectName="feedbackResolution")
        self.resolution.setPlaceholderText(self.tr("How it was resolved (needed to resolve)"))
        self.resolution.setMaximumHeight(70)
        self.recovery = QComboBox(objectName="feedbackRecovery")
        self.recovery.addItem(self.tr("(none)"), None)
        for code, text in messages.RECOVERY_ACTIONS.items():
            self.recovery.addItem(messages.tr(text), code)
        self.staff = StaffPicker(self._store, allow_none=True)
        self.staff.setObjectName("feedbackStaff")
        self.buttons: dict[str, QPushButton] = {}
        steps = (("in_progress", self.tr("Start work"), "feedbackStart"),
                 ("resolved", self.tr("Resolve"), "feedbackResolve"),
                 ("closed", self.tr("Close"), "feedbackClose"),
                 ("reopen", self.tr("Reopen"), "feedbackReopen"))
        for status, text, name in steps:
            button = QPushButton(text, objectName=name)
            button.clicked.connect(lambda _=False, s=status: self.move(s))
            self.buttons[status] = button
        close = QPushButton(self.tr("Done"), objectName="feedbackDone")
        close.clicked.connect(self.accept)
        form = QFormLayout()
        form.addRow(self.tr("Assigned to"), self.assigned)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Resolution"), self.resolution)
        form.addRow(self.tr("Recovery"), self.recovery)
        form.addRow(self.tr("By"), self.staff)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("History")))
        layout.addWidget(self.history)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(_row(*self.buttons.values(), None, close))
        self.refresh()

    def refresh(self) -> None:
        with self._store.session() as session:
            item = feedback_svc.get_feedback(session, self.feedback_id)
            [row] = feedback_svc.list_feedback(session, feedback_svc.FeedbackQuery(feedback_id=item.id))
            events = feedback_svc.history(session, item.id)
        self.setWindowTitle(self.tr("Feedback #{id}").format(id=item.id))
        who = html.escape(row.customer_name or self.tr("Anonymous"))
        late = ""
        if row.first_response_late:
            late = "  ⚠ " + self.tr("no first response within the target")
        elif row.resolution_late:
            late = "  ⚠ " + self.tr("not resolved within the target")
        hours = []
        if row.first_response_hours is not None:
            hours.append(self.tr("first response after {h} h").format(h=f"{row.first_response_hours:g}"))
        if row.resolution_hours is not None:
            hours.append(self.tr("resolved after {h} h").format(h=f"{row.resolution_hours:g}"))
        self.summary.setText(
            f"<b>{messages.label(messages.FEEDBACK_KINDS, item.kind)} · {who}</b> · "
            f"{messages.label(messages.SEVERITIES, item.severity)} · {html.escape(item.category)}<br>"
            f"{html.escape(item.description).replace(chr(10), '<br>')}<br><br>"
            f"<b>{messages.label(messages.STATUSES, item.status)}</b> · {formatting.moment(item.received_at)} · "
            f"{', '.join(hours)}<span style='color:{theme.colour('error')}'>{late}</span>")
        self.history.clear()
        for event, name in events:
            step = messages.label(messages.STATUSES, event.to_status)
            if event.from_status == event.to_status:
                step = event.note
            elif event.note:
                step += f" — {event.note}"
            self.history.addItem(f"{formatting.moment(event.at)}  {step}  ({name or '-'})")
        self.assigned.set_staff_id(item.assigned_staff_id)
        if item.assigned_staff_id is None:
            self.assigned.setCurrentIndex(0)
        if item.resolution_note or item.status in ("resolved", "closed"):
            self.resolution.setPlainText(item.resolution_note)  # else keep what is being typed
        self.recovery.setCurrentIndex(max(0, self.recovery.findData(item.recovery_action)))
        allowed = feedback_svc.ALLOWED[item.status]
        self.buttons["in_progress"].setVisible("in_progress" in allowed and item.status == "received")
        self.buttons["resolved"].setVisible("resolved" in allowed)
        self.buttons["closed"].setVisible("closed" in allowed)
        self.buttons["reopen"].setVisible(item.status == "resolved")
        self._status = item.status

    def move(self, status: str) -> None:
        target = "in_progress" if status == "reopen" else status

        def attempt() -> None:
            with self._store.session() as session:
                feedback_svc.change_status(
                    session, self.feedback_id, target, staff_id=self.staff.staff_id(), note=self.note.text(),
                    resolution_note=self.resolution.toPlainText() if target == "resolved" else None,
                    recovery_action=self.recovery.currentData() if target == "resolved" else None)

        try:  # out of reach: the note and the resolution typed stay, the step is not taken
            saved = connection.retrying(self, self._store, attempt)[0]
        except ValidationError as exc:
            self._show(messages.problems_text(exc.problems))
            return
        if not saved:
            self._show(connection.not_saved_text())
            return
        self.error.hide()
        self.note.clear()
        self.refresh()
        self.changed.emit(self.feedback_id)

    def _assign(self) -> None:
        try:
            with self._store.session() as session:
                feedback_svc.assign(session, self.feedback_id, self.assigned.staff_id(),
                                    staff_id=counter_staff_id(session))
        except ValidationError as exc:
            self._show(messages.problems_text(exc.problems))
            return
        self.refresh()
        self.changed.emit(self.feedback_id)

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def _combo(name: str, table: dict[str, str]) -> QComboBox:
    combo = QComboBox(objectName=name)
    for code, text in table.items():
        combo.addItem(messages.tr(text), code)
    return combo


def _row(*widgets: QWidget | None) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    return row
