"""The customer list as a model fed page by page from SQL.

A search first fetches one page (200 rows), which SQL finds by walking the name index and stopping
at the 200th match: that is all a keystroke waits for. The exact number of matches (a scan of the whole
index) is counted afterwards by ``load_count``, which the screen calls once typing pauses; until then
the list grows page by page as it is scrolled (canFetchMore). Once the count is known, rowCount is the
true total, so the scroll bar is honest, and any row is fetched on demand with its page. Sorting and
filtering are new SQL queries: no proxy model, which would take seconds at 100,000 rows.

The plain list (no search, no set, by name) is read with plain SQL (services/customer_rows.py), so the window's
first rows need none of the models; the services read every other list, imported when first asked for.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from crmdesk.normalise import format_phone, mask_phone
from crmdesk.services.customer_rows import PLAIN_LIST, CustomerQuery, CustomerRow, plain_list_page
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, theme

PAGE_SIZE = 200
MAX_PAGES = 50
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

COL_NAME, COL_PHONE, COL_TAGS, COL_LAST, COL_VISITS, COL_SPENT, COL_CODE = range(7)
_NUMERIC_COLUMNS = frozenset({COL_VISITS, COL_SPENT})
# Column -> sort key of the service.
SORT_KEYS = {COL_NAME: "name", COL_PHONE: "phone", COL_TAGS: "tags", COL_LAST: "last_purchase_at",
             COL_VISITS: "visit_count", COL_SPENT: "total_spent", COL_CODE: "customer_code"}


def _texts(rec: CustomerRow, mask: bool = False) -> tuple[str, ...]:
    """The cells of one row as shown, formatted once when its page is read (painting asks for them often).
    ``mask``: the phone as 010-****-5678 (a staff member's list)."""
    phone = mask_phone(rec.phone) if mask else format_phone(rec.phone)
    return (rec.name, phone, rec.tags.replace(",", ", "), formatting.day(rec.last_purchase_at),
            f"{rec.visit_count:,}", formatting.money(rec.total_spent), rec.customer_code or "")


def _page(session: Any, query: CustomerQuery, page_no: int) -> list[CustomerRow]:
    if query == PLAIN_LIST:
        return plain_list_page(session, offset=page_no * PAGE_SIZE, limit=PAGE_SIZE)
    from crmdesk.services.customers import search_customers

    return search_customers(session, query, offset=page_no * PAGE_SIZE, limit=PAGE_SIZE)


def _count(session: Any, query: CustomerQuery) -> int:
    from crmdesk.services.customers import count_customers

    return count_customers(session, query)


class CustomerTableModel(QAbstractTableModel):
    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._query = CustomerQuery()
        self._count = 0  # rows the view may show: the total once known, else the rows loaded so far
        self._count_known = True
        self._pages: OrderedDict[int, list[CustomerRow]] = OrderedDict()
        self._texts: dict[int, list[tuple[Any, ...] | None]] = {}  # page number -> cell texts of its rows
        self.refresh(count=False)  # the first rows at once; the screen counts them all a moment later

    # --- what the list shows -------------------------------------------------------------------
    @property
    def query(self) -> CustomerQuery:
        return self._query

    def set_query(self, query: CustomerQuery) -> None:
        if query != self._query:
            self._query = query
            self.refresh()

    def set_search(self, text: str) -> None:
        self.set_query(replace(self._query, text=text))

    @property
    def count_known(self) -> bool:
        return self._count_known

    def refresh(self, *, count: bool = True) -> None:
        """Show the first page of the current query at once (after any change to customers too). Without
        search words the rows are counted at once too (the index alone: cheap), unless ``count`` is False."""
        self.beginResetModel()
        self._pages.clear()
        self._texts.clear()
        with self._store.session() as session:
            first = _page(session, self._query, 0)
            self._pages[0] = first
            self._count = len(first)
            self._count_known = len(first) < PAGE_SIZE
            if not self._count_known and not self._query.text and count:
                # Without search words the count reads the index alone: cheap enough to do now.
                self._count = _count(session, self._query)
                self._count_known = True
        self.endResetModel()

    def load_count(self) -> int:
        """Count every match (one scan) and let the view show them all; returns the total."""
        if self._count_known:
            return self._count
        with self._store.session() as session:
            total = _count(session, self._query)
        self._count_known = True
        if total > self._count:
            self.beginInsertRows(QModelIndex(), self._count, total - 1)
            self._count = total
            self.endInsertRows()
        return total

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._count_known

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._count_known:
            return
        page_no = self._count // PAGE_SIZE
        with self._store.session() as session:
            page = _page(session, self._query, page_no)
        self._pages[page_no] = page
        if len(page) < PAGE_SIZE:
            self._count_known = True
        if page:
            self.beginInsertRows(QModelIndex(), self._count, self._count + len(page) - 1)
            self._count += len(page)
            self.endInsertRows()

    def row_record(self, row: int) -> CustomerRow | None:
        if not 0 <= row < self._count:
            return None
        page_no, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            with self._store.session() as session:
                page = _page(session, self._query, page_no)
            self._pages[page_no] = page
            while len(self._pages) > MAX_PAGES:
                self._texts.pop(self._pages.popitem(last=False)[0], None)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def row_of(self, customer_id: int) -> int | None:
        """Row of a customer among the pages already loaded (None if not loaded or not matching)."""
        for page_no, page in self._pages.items():
            for offset, rec in enumerate(page):
                if rec.id == customer_id:
                    return page_no * PAGE_SIZE + offset
        return None

    # --- Qt model API -----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(SORT_KEYS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Name"), self.tr("Phone"), self.tr("Tags"), self.tr("Last purchase"), self.tr("Visits"),
                self.tr("Total spent"), self.tr("Code"))[section]

    def _cells(self, row: int) -> tuple[Any, ...] | None:
        """The row's cell texts (and its archived flag last), formatted once when the row is first shown."""
        page_no, offset = divmod(row, PAGE_SIZE)
        texts = self._texts.get(page_no)
        if texts is not None and offset < len(texts):
            cells = texts[offset]
            if cells is not None:
                return cells
        rec = self.row_record(row)  # loads the page if needed
        if rec is None:
            return None
        texts = self._texts.get(page_no)
        if texts is None:
            texts = self._texts[page_no] = [None] * len(self._pages[page_no])
        cells = texts[offset] = (*_texts(rec, formatting.masks_phones(self._store)), rec.archived)
        return cells

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # Painting asks for seven roles of every visible cell, 1,300 calls a frame: the common answers come
        # first and cost one dictionary look-up (the formatted cells), never a query or a format.
        if role == _DISPLAY:
            cells = self._cells(index.row())
            return None if cells is None else cells[index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in _NUMERIC_COLUMNS else None
        if role == _FOREGROUND:
            cells = self._cells(index.row())
            return QColor(theme.colour("greyed")) if cells is not None and cells[-1] else None
        if role == ROW_ROLE:
            return self.row_record(index.row())
        return None  # the other roles the view asks for (font, decoration, check state, background)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is not None:
            self.set_query(replace(self._query, sort_key=key,
                                   descending=order == Qt.SortOrder.DescendingOrder))
