"""Ctrl+L: log a contact in seconds. Type a name, initials or the last four phone digits, check the
channel (remembered on this terminal), type a note, press Enter.

The search box keeps the focus while Up/Down move through the matches, so a counter visit is: four digits,
Enter. Everything else has a default: channel (last used here), purpose, staff (who is at the counter).
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from crmdesk.errors import ValidationError
from crmdesk.services import contacts as contacts_svc
from crmdesk.services import moments as moments_svc
from crmdesk.store import Store
from crmdesk.ui.kit import accessibility, connection, messages, theme
from crmdesk.ui.kit.customer_finder import CustomerFinder
from crmdesk.ui.kit.staff_picker import StaffPicker
from crmdesk.ui.moments.rating_row import RatingRow

CHANNEL_KEY = "counter/contact_channel"
FOLLOW_UP_DAYS = (None, 1, 3, 7, 14, -1)  # -1: a date picked by hand


class LogContactDialog(QDialog):
    """On accept, ``contact_id`` is the logged contact and ``customer_name`` who it was with."""

    logged = Signal(int, int)  # contact id, customer id

    def __init__(self, store: Store, parent: QWidget | None = None, *, customer_id: int | None = None,
                 purpose: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logContact")
        self.setWindowTitle(self.tr("Log a contact"))
        self._store = store
        self.contact_id: int | None = None
        self.customer_name = ""

        self.finder = CustomerFinder(store, prefix="contact")
        self.search = self.finder.search

        self._build_fields(purpose)
        follow_row = self._build_follow_up()
        self.staff = StaffPicker(store, allow_none=True)
        self.staff.setObjectName("contactStaff")
        # Issue 19: rate the touchpoints of this contact, one key each (1-5).
        self.ratings = RatingRow(store, QLocale().language() == QLocale.Language.Korean)
        self.error = QLabel(objectName="contactError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        self.error.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("contactSave")
        self.save_button.setText(self.tr("Log (Enter)"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(self.tr("Customer"), self.finder)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Purpose"), self.purpose)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(self.tr("Outcome"), self.outcome)
        form.addRow(self.tr("Follow-up"), follow_row)
        form.addRow(self.tr("Staff"), self.staff)
        form.addRow(self.tr("Ratings 1-5"), self.ratings)
        form.addRow(self.error)
        form.addRow(buttons)
        self.setMinimumWidth(460)

        self.finder.chosen_changed.connect(self._chosen_changed)
        self.finder.activated.connect(self.save)
        for edit in (self.note, self.outcome):
            edit.returnPressed.connect(self.save)
        if customer_id is not None:
            self.finder.preselect(customer_id)
            self.note.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self._chosen_changed()
        accessibility.name_controls(self)

    # --- building ---------------------------------------------------------------------------------
    def _build_fields(self, purpose: str | None) -> None:
        """Channel (the last one used), purpose, note and outcome."""
        self.channel = QComboBox(objectName="contactChannel")
        for code, text in messages.CHANNELS.items():
            self.channel.addItem(messages.tr(text), code)
        last = QSettings().value(CHANNEL_KEY, "visit")
        self.channel.setCurrentIndex(max(0, self.channel.findData(last)))
        self.purpose = QComboBox(objectName="contactPurpose")
        for code, text in messages.PURPOSES.items():
            self.purpose.addItem(messages.tr(text), code)
        if purpose:
            self.purpose.setCurrentIndex(max(0, self.purpose.findData(purpose)))
        self.note = QLineEdit(objectName="contactNote")
        self.note.setPlaceholderText(self.tr("What happened, in a few words"))
        self.outcome = QLineEdit(objectName="contactOutcome")
        self.outcome.setPlaceholderText(self.tr("Outcome (optional)"))

    def _build_follow_up(self) -> QHBoxLayout:
        """When to follow up: never, in some days, or on a date."""
        self.follow_up = QComboBox(objectName="contactFollowUp")
        for days in FOLLOW_UP_DAYS:
            if days is None:
                self.follow_up.addItem(self.tr("No follow-up"), None)
            elif days == -1:
                self.follow_up.addItem(self.tr("On a date…"), -1)
            elif days == 1:
                self.follow_up.addItem(self.tr("Tomorrow"), days)
            else:
                self.follow_up.addItem(self.tr("In {days} days").format(days=days), days)
        self.follow_up_date = QDateEdit(objectName="contactFollowUpDate")
        self.follow_up_date.setCalendarPopup(True)
        self.follow_up_date.setDisplayFormat("yyyy-MM-dd")
        self.follow_up_date.setMinimumDate(QDate.currentDate())
        self.follow_up_date.setDate(QDate.currentDate().addDays(1))
        self.follow_up_date.setVisible(False)
        self.follow_up.currentIndexChanged.connect(
            lambda: self.follow_up_date.setVisible(self.follow_up.currentData() == -1))
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(self.follow_up_date)
        follow_row.addStretch(1)
        return follow_row

    def customer_id(self) -> int | None:
        return self.finder.customer_id()

    def _chosen_changed(self) -> None:
        self.save_button.setEnabled(self.finder.customer_id() is not None)
        self.error.hide()

    # --- saving ----------------------------------------------------------------------------------------
    def follow_up_on(self) -> date | None:
        days = self.follow_up.currentData()
        if days is None:
            return None
        if days == -1:
            return self.follow_up_date.date().toPython()
        return date.today() + timedelta(days=int(days))

    def _promotion_allowed(self, customer_id: int | None, channel: str, purpose: str) -> bool:
        """A promotional call or message to a customer without consent for that channel: warn first (issue 17)."""
        from crmdesk.services import consent_review
        from crmdesk.ui.card.consent_panel import channel_text
        from crmdesk.ui.kit import dialogs

        def read() -> list[str]:
            with self._store.session() as session:
                return consent_review.promotion_without_consent(session, customer_id, channel, purpose)

        reached, missing = connection.retrying(self, self._store, read)
        if not reached:
            self._not_saved()
            return False
        if not missing:
            return True
        channels = " / ".join(channel_text(p) for p in missing)
        return dialogs.confirm(self, self.tr("No consent for this channel"), self.tr(
            "{name} has not agreed to advertising by {channels}. A promotion by this channel without consent is "
            "against the law (정보통신망법 제50조). Log it anyway?").format(
                name=self.finder.customer_name(), channels=channels))

    def save(self) -> None:
        customer_id = self.customer_id()
        data = {"customer_id": customer_id, "channel": self.channel.currentData(),
                "purpose": self.purpose.currentData(), "note": self.note.text(), "outcome": self.outcome.text(),
                "follow_up_on": self.follow_up_on(), "staff_id": self.staff.staff_id()}
        if not self._promotion_allowed(customer_id, data["channel"], data["purpose"]):
            return
        def attempt() -> int:
            with self._store.session(immediate=True) as session:  # reads, then writes
                contact = contacts_svc.log_contact(session, data)
                if self.ratings.scores():  # in the same transaction: the contact and its ratings, or neither
                    moments_svc.record_ratings(session, self.ratings.scores(), customer_id=customer_id,
                                               staff_id=data["staff_id"], contact_id=contact.id)
                return contact.id

        try:  # the server may be out of reach: the dialog stays open with everything typed, and may try again
            saved, contact_id = connection.retrying(self, self._store, attempt)
        except ValidationError as exc:
            self.error.setText(messages.problems_text(exc.problems))
            self.error.show()
            return
        if not saved:
            self._not_saved()
            return
        self.contact_id = contact_id  # only once committed
        self.customer_name = self.finder.customer_name()
        QSettings().setValue(CHANNEL_KEY, self.channel.currentData())
        self.logged.emit(self.contact_id, customer_id)
        self.accept()

    def _not_saved(self) -> None:
        self.error.setText(connection.not_saved_text())
        self.error.show()
