"""Who is at the counter: remembered on this terminal, preselected in every entry form."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QComboBox, QWidget
from sqlmodel import Session

from crmdesk.models import Staff
from crmdesk.services import staff as staff_svc
from crmdesk.store import Store

SETTING_KEY = "counter/staff_id"


def counter_staff_id(session: Session | None = None) -> int | None:
    """The staff member last chosen at this terminal (a per-machine setting: each till has its own).
    Given a session, only an active staff member of that database counts (the setting outlives databases)."""
    value = QSettings().value(SETTING_KEY)
    try:
        staff_id = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if staff_id is not None and session is not None:
        staff = session.get(Staff, staff_id)
        if staff is None or not staff.active:
            return None
    return staff_id


def set_counter_staff_id(staff_id: int | None) -> None:
    QSettings().setValue(SETTING_KEY, "" if staff_id is None else staff_id)


class StaffPicker(QComboBox):
    """Active staff by name, the counter's staff member preselected; choosing one makes them the counter's.

    ``staff_id()`` is the choice (None when the shop has no staff yet or "nobody" is chosen)."""

    staff_changed = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None, *, remember: bool = True,
                 allow_none: bool = False, none_text: str | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._none_text = none_text
        self._remember = remember
        self._allow_none = allow_none
        self.reload()
        self.currentIndexChanged.connect(self._changed)

    def reload(self) -> None:
        wanted = self.staff_id() if self.count() else counter_staff_id()
        self.blockSignals(True)
        self.clear()
        if self._allow_none:
            self.addItem(self._none_text or self.tr("(nobody)"), None)
        with self._store.session() as session:
            for member in staff_svc.list_staff(session):
                self.addItem(member.name, member.id)
        index = self.findData(wanted) if wanted is not None else -1
        if index < 0 and self._remember and self.count() == 1 + self._allow_none:
            index = self.count() - 1  # a one-person shop: that person is at the counter
        self.setCurrentIndex(index if index >= 0 else 0 if self.count() else -1)
        self.blockSignals(False)

    def staff_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None

    def set_staff_id(self, staff_id: int | None) -> None:
        """Choose a staff member; one no longer active is added for the occasion, so the truth is shown."""
        index = self.findData(staff_id)
        if index < 0 and staff_id is not None:
            with self._store.session() as session:
                staff = session.get(Staff, staff_id)
            if staff is not None:
                self.blockSignals(True)
                self.addItem(self.tr("{name} (inactive)").format(name=staff.name), staff.id)
                self.blockSignals(False)
                index = self.count() - 1
        if index >= 0:
            self.setCurrentIndex(index)

    def _changed(self) -> None:
        if self._remember and self.staff_id() is not None:
            set_counter_staff_id(self.staff_id())
        self.staff_changed.emit(self.staff_id())
