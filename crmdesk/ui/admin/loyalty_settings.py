"""Settings → Loyalty: the earn rate, how long points last and the tiers (the database's, so every terminal
shares them)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from crmdesk.errors import ValidationError
from crmdesk.services import loyalty
from crmdesk.store import Store
from crmdesk.ui.kit import theme

PROBLEMS = {
    "percent_invalid": QT_TRANSLATE_NOOP("LoyaltySettings", "The earn rate is a percentage from 0 to 100."),
    "months_invalid": QT_TRANSLATE_NOOP("LoyaltySettings", "Points last 1 to 120 months."),
    "tiers_invalid": QT_TRANSLATE_NOOP(
        "LoyaltySettings", "Write the tiers as name=minimum spend, separated by commas, each name once."),
    "tiers_no_base": QT_TRANSLATE_NOOP("LoyaltySettings", "The lowest tier must start at 0."),
}


def tiers_text(tiers: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name}={minimum:,}" for name, minimum in tiers)


def parse_tiers(text: str) -> list[tuple[str, int]]:
    """"일반=0, 실버=300,000" -> [("일반", 0), ("실버", 300000)]; ValueError when a part cannot be read."""
    out = []
    for part in _split(text.replace("，", ",")):
        name, sep, minimum = part.partition("=")
        if not sep:
            raise ValueError(part)
        out.append((name.strip(), int(minimum.strip().replace(",", "").replace("원", "") or "x")))
    return out


def _split(text: str) -> list[str]:
    # Thousands separators are commas too: a part starts at each "name=".
    parts: list[str] = []
    for piece in text.split(","):
        if "=" in piece or not parts:
            parts.append(piece)
        else:
            parts[-1] += piece
    return [p for p in (p.strip() for p in parts) if p]


class LoyaltySettingsGroup(QGroupBox):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Loyalty points and tiers"))
        self.setObjectName("loyaltySettings")
        self._store = store
        with store.session() as session:
            current = loyalty.rules(session)
        self.earn = QDoubleSpinBox(objectName="earnPercent", decimals=1, maximum=100.0, singleStep=0.5)
        self.earn.setSuffix(" %")
        self.earn.setValue(float(current.earn_percent))
        self.months = QSpinBox(objectName="expiryMonths", minimum=1, maximum=120)
        self.months.setSuffix(self.tr(" months"))
        self.months.setValue(current.expiry_months)
        self.tiers = QLineEdit(tiers_text(current.tiers), objectName="tierThresholds")
        self.tiers.setToolTip(self.tr("Spend over the last 12 months that puts a customer in each tier"))
        self.error = QLabel(objectName="loyaltySettingsError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        save = QPushButton(self.tr("Save loyalty settings"), objectName="saveLoyalty")
        save.clicked.connect(self.save)
        form = QFormLayout(self)
        form.addRow(self.tr("Points earned per purchase"), self.earn)
        form.addRow(self.tr("Points expire after"), self.months)
        form.addRow(self.tr("Tiers (name=minimum 12-month spend)"), self.tiers)
        form.addRow("", self.error)
        form.addRow("", save)

    def save(self) -> bool:
        try:
            tiers = parse_tiers(self.tiers.text())
        except ValueError:
            self.error.setText(QCoreApplication.translate("LoyaltySettings", PROBLEMS["tiers_invalid"]))
            return False
        try:
            with self._store.session() as session:
                loyalty.set_rules(session, earn_percent=f"{self.earn.value():g}", expiry_months=self.months.value(),
                                  tiers=tiers)
                changed = loyalty.recompute_tiers(session)
        except ValidationError as exc:
            self.error.setText("\n".join(QCoreApplication.translate("LoyaltySettings", PROBLEMS[p.code])
                                         if p.code in PROBLEMS else p.message for p in exc.problems))
            return False
        self.error.clear()
        self.status_message.emit(self.tr("Loyalty settings saved; {n} customers changed tier.").format(n=changed))
        return True
