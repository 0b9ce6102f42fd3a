"""The consent section of a new card (quick add): what the law asks the customer to be told (purpose, items
collected, how long they are kept, the right to refuse and what refusing means), the required agreement to
collection and each optional purpose, unticked until the customer says yes. Every answer is recorded, a refusal
too, by the method chosen and the counter's staff member (issue 17)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from crmdesk.models import ConsentMethod
from crmdesk.services import consent as svc
from crmdesk.ui.card.consent_panel import method_text, purpose_text
from crmdesk.ui.kit import theme


class ConsentAsk(QGroupBox):
    """``answers()``: the customer's answer per purpose; ``method()``: how it was taken."""

    def __init__(self, retention_years: int, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Consent (read it to the customer or hand over the form)"), parent)
        self.setObjectName("consentAsk")
        self.notice = QLabel(self.tr(
            "<b>Purpose:</b> keeping the customer's card: purchases, points, answering questions. "
            "<b>Items:</b> name, mobile phone, and e-mail or birthday when given. "
            "<b>Kept:</b> until the customer asks us to delete them, at most {years} years after the last visit. "
            "<b>Right to refuse:</b> the customer may refuse; then we keep no card with a phone or e-mail (buying "
            "needs no card). Each purpose below is optional: refusing it changes nothing else.").format(
                years=retention_years), objectName="consentNotice")
        self.notice.setWordWrap(True)
        self.method_box = QComboBox(objectName="consentAskMethod")
        for method in (ConsentMethod.VERBAL, ConsentMethod.PAPER):
            self.method_box.addItem(method_text(method.value), method.value)
        self.boxes: dict[svc.Purpose, QCheckBox] = {}
        required = QCheckBox(self.tr("[Required] Agrees to the collection and use of personal data"),
                             objectName="consentAsk_collection")
        self.boxes[svc.Purpose.COLLECTION] = required
        form = QFormLayout()
        form.addRow(self.tr("Asked"), self.method_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(required)
        optional = QLabel(self.tr("Optional: tick only what the customer agrees to"))
        optional.setStyleSheet(theme.text_style("muted"))
        layout.addWidget(optional)
        for purpose in svc.OPTIONAL_PURPOSES:
            box = QCheckBox(self.tr("[Optional] {purpose}").format(purpose=purpose_text(purpose)),
                            objectName=f"consentAsk_{purpose.value}")
            box.toggled.connect(lambda on, b=box: on and required.setChecked(True))
            self.boxes[purpose] = box
            layout.addWidget(box)

    def answers(self) -> dict[svc.Purpose, bool]:
        return {purpose: box.isChecked() for purpose, box in self.boxes.items()}

    def method(self) -> str:
        return str(self.method_box.currentData())
