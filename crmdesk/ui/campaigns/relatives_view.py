"""A "relatives" campaign's targets with their household beside them (issue 20, generation marketing): who the
relative is, their place in the family, the household's best other customer (#{가족이름}) and the household's
revenue, best households first (services/generations.campaign_households)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QTableView, QWidget

from crmdesk.services import generations
from crmdesk.store import Store
from crmdesk.ui.card.family_panel import RELATION_TEXTS
from crmdesk.ui.kit import formatting
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel


def _relation(code: str) -> str:
    source = RELATION_TEXTS.get(code)
    return QCoreApplication.translate("FamilyPanel", source) if source else code


class RelativesView(QTableView):
    """Empty and hidden unless the campaign shown targets relatives."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignRelatives")
        self.setAccessibleName(self.tr("Targeted relatives and their household's revenue"))
        self._store = store
        columns = [
            Column(self.tr("Relative"), lambda t: t.name),
            Column(self.tr("Relation"), lambda t: _relation(t.relation)),
            Column(self.tr("Household"), lambda t: t.household),
            Column(self.tr("Family customer"), lambda t: t.relative,
                   tooltip=lambda t: self.tr("The household's best other customer: #{가족이름} in the message")),
            Column(self.tr("Household revenue"), lambda t: formatting.money(t.household_revenue), right=True),
            Column(self.tr("Last purchase"), lambda t: formatting.day(t.last_purchase_at) if t.last_purchase_at
                   else self.tr("never"), right=True),
        ]
        self.model: RowsModel[generations.TargetHousehold] = RowsModel(columns, self)
        read_only_list(self, self.model, stretch=[0, 2, 3])
        self.setMinimumHeight(140)
        self.hide()

    def show_campaign(self, campaign_id: int | None, target_kind: str | None) -> None:
        if campaign_id is None or target_kind != "relatives":
            self.model.set_rows([])
            self.hide()
            return
        with self._store.session() as session:
            self.model.set_rows(generations.campaign_households(session, campaign_id))
        self.show()
