"""The card's family tab: the household with each member's relation and spend, who referred this customer,
whom they referred, and the referral value beside their own."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import CrmError, ValidationError
from crmdesk.services import family
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, theme
from crmdesk.ui.kit.customer_finder import CustomerFinder
from crmdesk.ui.kit.i18n import error_text

CTX = "FamilyPanel"
RELATION_TEXTS = {
    "parent": QT_TRANSLATE_NOOP("FamilyPanel", "Parent"),
    "child": QT_TRANSLATE_NOOP("FamilyPanel", "Child"),
    "spouse": QT_TRANSLATE_NOOP("FamilyPanel", "Spouse"),
    "sibling": QT_TRANSLATE_NOOP("FamilyPanel", "Sibling"),
}
PROBLEMS = {
    "family_self": QT_TRANSLATE_NOOP("FamilyPanel", "A customer cannot be linked to themselves."),
    "household_other": QT_TRANSLATE_NOOP(
        "FamilyPanel", "That customer already belongs to another household; remove them there first."),
    "referral_self": QT_TRANSLATE_NOOP("FamilyPanel", "A customer cannot refer themselves."),
    "referral_cycle": QT_TRANSLATE_NOOP(
        "FamilyPanel", "That customer was referred by this one (directly or through others)."),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


class FamilyPanel(QWidget):
    changed = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("familyPanel")
        self._store = store
        self.customer_id: int | None = None

        self.household_box = QGroupBox(self.tr("Household"))
        self.household_label = QLabel(objectName="householdLabel")
        self.household_label.setWordWrap(True)
        self.members = QListWidget(objectName="householdMembers")
        self.members.setMaximumHeight(90)
        self.finder = CustomerFinder(store, self, prefix="family")
        self.finder.matches.setMaximumHeight(60)
        self.relation = QComboBox(objectName="familyRelation")
        for code, text in RELATION_TEXTS.items():
            self.relation.addItem(tr(text), code)
        self.add_button = QPushButton(self.tr("Add as family"), objectName="familyAdd")
        self.add_button.clicked.connect(self.add_member)
        self.remove_button = QPushButton(self.tr("Leave household"), objectName="familyLeave")
        self.remove_button.clicked.connect(self.leave_household)
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel(self.tr("The chosen customer is this one's")))
        add_row.addWidget(self.relation)
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        add_row.addWidget(self.remove_button)
        box = QVBoxLayout(self.household_box)
        box.addWidget(self.household_label)
        box.addWidget(self.members)
        box.addWidget(self.finder)
        box.addLayout(add_row)

        self.referral_box = QGroupBox(self.tr("Referrals"))
        self.referral_label = QLabel(objectName="referralLabel")
        self.referral_label.setWordWrap(True)
        self.referrer_button = QPushButton(self.tr("Chosen customer referred this one"), objectName="setReferrer")
        self.referrer_button.clicked.connect(self.set_referrer)
        ref = QVBoxLayout(self.referral_box)
        ref.addWidget(self.referral_label)
        ref.addWidget(self.referrer_button)

        self.error = QLabel(objectName="familyError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.household_box)
        layout.addWidget(self.referral_box)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def show_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.error.hide()
        self.members.clear()
        if customer_id is None:
            self.household_label.setText("")
            self.referral_label.setText("")
            return
        with self._store.session() as session:
            house = family.household_of(session, customer_id)
            refs = family.referrals_of(session, customer_id)
        if house is None:
            self.household_label.setText(self.tr("Not in a household. Find a family member below to link them."))
        else:
            self.household_label.setText(self.tr("{name}: {count} members, together {revenue}").format(
                name=house.name, count=len(house.members), revenue=formatting.money(house.revenue)))
            for m in house.members:
                relation = tr(RELATION_TEXTS.get(m.relation, m.relation))
                text = f"{m.name} · {relation} · {formatting.money(m.total_spent)}"
                item = QListWidgetItem(("▶ " if m.customer_id == customer_id else "   ") + text)
                self.members.addItem(item)
        self.remove_button.setEnabled(house is not None)
        lines = []
        if refs.referred_by:
            lines.append(self.tr("Referred by {name}.").format(name=refs.referred_by[1]))
        if refs.referred:
            names = ", ".join(name for _, name, _ in refs.referred)
            lines.append(self.tr("Referred {count}: {names}.").format(count=len(refs.referred), names=names))
        lines.append(self.tr("Own value {own} · referral value {referral}").format(
            own=formatting.money(refs.own_value), referral=formatting.money(refs.referral_value)))
        self.referral_label.setText("\n".join(lines))

    def _run(self, action) -> bool:
        try:
            with self._store.session() as session:
                action(session)
        except ValidationError as err:
            self._show("\n".join(tr(PROBLEMS[p.code]) if p.code in PROBLEMS else p.message for p in err.problems))
            return False
        except CrmError as err:
            self._show(error_text(err))
            return False
        assert self.customer_id is not None
        self.show_customer(self.customer_id)
        self.changed.emit(self.customer_id)
        return True

    def _chosen(self) -> int | None:
        other = self.finder.customer_id()
        if other is None:
            self._show(self.tr("Find the other customer first."))
        return other

    def add_member(self) -> bool:
        other = self._chosen()
        if other is None or self.customer_id is None:
            return False
        me = self.customer_id
        relation = self.relation.currentData()
        return self._run(lambda s: family.add_to_household(s, other, relation, with_customer_id=me))

    def leave_household(self) -> bool:
        me = self.customer_id
        return me is not None and self._run(lambda s: family.remove_from_household(s, me))

    def set_referrer(self) -> bool:
        other = self._chosen()
        me = self.customer_id
        if other is None or me is None:
            return False
        return self._run(lambda s: family.set_referrer(s, me, other))

    def _show(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
