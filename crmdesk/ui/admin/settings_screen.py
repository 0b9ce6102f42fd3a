"""Settings: window language (this PC) and shop name (the database, so every terminal shares it)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import ValidationError
from crmdesk.services import feedback as feedback_svc
from crmdesk.services.settings import get_setting, set_setting
from crmdesk.store import Store
from crmdesk.ui.admin.loyalty_settings import LoyaltySettingsGroup
from crmdesk.ui.admin.move_database import MoveDatabaseGroup
from crmdesk.ui.admin.shop_details import ShopDetailsGroup
from crmdesk.ui.data.backups_ui import BackupsGroup
from crmdesk.ui.kit import i18n, messages, theme


class SettingsScreen(QWidget):
    language_changed = Signal(str)
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsScreen")
        self._store = store
        self.language = QComboBox(objectName="languageChoice")
        self.language.addItem(self.tr("Same as the system"), "system")
        self.language.addItem("한국어", "ko")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.chosen_language())))
        self.language.activated.connect(self._language_chosen)
        with store.session() as session:
            shop = get_setting(session, "shop_name")
            limits = feedback_svc.targets(session)
        self.shop_name = QLineEdit(shop, objectName="shopName")
        self.shop_name.setPlaceholderText(self.tr("Shown in the window title"))
        save = QPushButton(self.tr("Save"), objectName="saveSettings")
        save.clicked.connect(self._save_shop)
        database = QLabel(store.shown, objectName="databaseLocation")
        database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Shop name"), self.shop_name)
        self.first_response = QSpinBox(objectName="firstResponseHours")
        self.resolution = QSpinBox(objectName="resolutionHours")
        for box, value in ((self.first_response, limits.first_response), (self.resolution, limits.resolution)):
            box.setRange(1, 24 * 90)
            box.setSuffix(self.tr(" h"))
            box.setValue(int(value.total_seconds() // 3600))
        form.addRow(self.tr("Complaints, inquiries: first response within"), self.first_response)
        form.addRow(self.tr("Complaints, inquiries: resolved within"), self.resolution)
        self.settings_error = QLabel(objectName="settingsError")
        self.settings_error.setStyleSheet(theme.text_style("error"))
        form.addRow("", self.settings_error)
        form.addRow("", save)
        segments = QPushButton(self.tr("RFM segments…"), objectName="editSegments")
        segments.setToolTip(self.tr("Choose which segment each RFM code (e.g. 545) belongs to"))
        segments.clicked.connect(self.edit_segments)
        self.segment_editor = None
        costs = QPushButton(self.tr("Products and costs…"), objectName="editCosts")
        costs.setToolTip(self.tr("What each product costs, or its margin: the dashboard and reports can show margin "
                                 "instead of revenue"))
        costs.clicked.connect(self.edit_costs)
        self.catalogue_editor = None
        dashboard_buttons = QHBoxLayout()
        dashboard_buttons.addWidget(segments)
        dashboard_buttons.addWidget(costs)
        dashboard_buttons.addStretch(1)
        form.addRow(self.tr("Dashboard"), dashboard_buttons)
        form.addRow(self.tr("Database"), database)
        hint = QLabel(self.tr("Start crmdesk with --db FILE, or set CRMDESK_DB, to open another database."))
        hint.setWordWrap(True)
        self.backups = BackupsGroup(store)
        self.backups.status_message.connect(self.status_message)
        self.loyalty = LoyaltySettingsGroup(store)
        self.loyalty.status_message.connect(self.status_message)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        self.shop_details = ShopDetailsGroup(store)  # issue 17
        self.shop_details.status_message.connect(self.status_message)
        layout.addWidget(self.shop_details)
        layout.addWidget(self.loyalty)
        layout.addWidget(self.backups)
        self.move_database = MoveDatabaseGroup(store)
        self.move_database.status_message.connect(self.status_message)
        layout.addWidget(self.move_database)
        layout.addStretch(1)

    def _language_chosen(self) -> None:
        choice = self.language.currentData()
        QSettings().setValue(i18n.SETTING_KEY, choice)
        self.language_changed.emit(choice)

    def _save_shop(self) -> None:
        try:
            with self._store.session() as session:
                set_setting(session, "shop_name", self.shop_name.text().strip())
                feedback_svc.set_targets(session, self.first_response.value(), self.resolution.value())
        except ValidationError as exc:
            self.settings_error.setText(messages.problems_text(exc.problems))
            return
        self.settings_error.clear()
        self.status_message.emit(self.tr("Settings saved."))

    def edit_costs(self) -> None:
        from crmdesk.ui.admin.catalogue import CatalogueEditor

        self.catalogue_editor = CatalogueEditor(self._store, self)
        self.catalogue_editor.saved.connect(lambda: self.status_message.emit(
            self.tr("Costs saved; press Refresh on the dashboard to see the margin.")))
        self.catalogue_editor.open()

    def edit_segments(self) -> None:
        """Opened on demand: the editor needs pandas (through the RFM module), which start-up does not load."""
        from crmdesk.ui.admin.segment_editor import SegmentEditor

        self.segment_editor = SegmentEditor(self._store, self)
        self.segment_editor.saved.connect(lambda: self.status_message.emit(
            self.tr("RFM segments saved; press Refresh on the dashboard to see them.")))
        self.segment_editor.open()
