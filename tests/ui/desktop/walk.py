"""Walking the window's widgets as a screen reader sees them (Qt's accessibility interface)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit,
               QAbstractSlider, QGraphicsView, QTabBar)


def accessible_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).strip() if face is not None else ""


def describe(widget: QWidget) -> str:
    path = []
    w: QWidget | None = widget
    while w is not None and len(path) < 4:
        path.append(f"{type(w).__name__}#{w.objectName()}")
        w = w.parentWidget()
    return " < ".join(path)


def interactive(root: QWidget) -> list[QWidget]:
    """The controls a user can reach under root, the root included; the parts Qt builds inside its own
    controls (a combo box's popup, a spin box's editor, a table's header, a line edit's clear button, a
    calendar's navigation, tab bars and scroll bars) are named by Qt or by their owner. A control hidden on
    purpose (not just on another tab) cannot be reached and is left out."""
    found = [root, *root.findChildren(QWidget)]
    return [w for w in found if isinstance(w, INTERACTIVE) and not w.isHidden() and not _internal(w)]


def _internal(widget: QWidget) -> bool:
    if widget.objectName().startswith("qt_"):  # Qt's own parts (the menu bar's overflow button, ...)
        return True
    if isinstance(widget, (QTabBar, QAbstractSlider)) or type(widget).__name__ in ("QHeaderView",
                                                                                   "QTableCornerButton"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QLineEdit, QAbstractItemView, QTabBar)):
            return True
        if type(parent).__name__ in ("QCalendarWidget", "QComboBoxPrivateContainer"):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    return [describe(w) for w in interactive(root) if not accessible_name(w)]


def duplicate_names(root: QWidget) -> list[str]:
    """Interactive controls under root that a screen reader would read alike ("Save PNG…" six times): each
    name said by two or more, with where they are."""
    from PySide6.QtWidgets import QLabel

    labels = {label.buddy(): label.text().replace("&", "") for label in root.window().findChildren(QLabel)
              if label.buddy() is not None}
    seen: dict[str, list[QWidget]] = {}
    for widget in interactive(root):
        name = accessible_name(widget)
        if isinstance(widget, QComboBox):  # Qt on Linux reads its current value: what its label or name says
            name = widget.accessibleName() or labels.get(widget, "")
        if name:
            seen.setdefault(name, []).append(widget)
    return [f"{name!r}: " + "; ".join(describe(w) for w in widgets)
            for name, widgets in seen.items() if len(widgets) > 1]


def unnamed_combos(root: QWidget) -> list[str]:
    """Combo boxes with neither a set name nor a label leading to them. On Linux Qt reads a combo's current
    value as its name, so the walk above never finds them unnamed; a screen reader elsewhere says nothing."""
    from PySide6.QtWidgets import QLabel

    buddied = {label.buddy() for label in root.window().findChildren(QLabel) if label.buddy() is not None}
    return [describe(w) for w in interactive(root)
            if isinstance(w, QComboBox) and not w.accessibleName() and w not in buddied]
