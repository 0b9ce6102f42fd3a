"""Light or dark, as the system says: the palette, and the few colours that carry meaning, for both schemes.

``apply(app)`` follows the system's colour scheme (``QStyleHints.colorScheme``, Qt 6.5+); where the platform
reports a dark scheme but hands Qt a light palette (Windows' classic style, a bare X11 desktop), it switches to
Qt's Fusion style with a dark palette of its own. ``CRMDESK_COLOR_SCHEME=dark|light`` overrides the system (for a
shop PC in a bright room, and for screenshots). Screens take meaning colours (an error, a warning, something
done) from ``colour(role)`` and backgrounds and borders from the palette (``palette(mid)`` in a style sheet), so
they read on both; the window is rebuilt when the scheme changes, as it is for a language change. PDF reports
are documents on paper and stay light whatever the window shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ENV = "CRMDESK_COLOR_SCHEME"

# The colours that say something (red is a problem, green is done), readable on a light and on a dark window.
_LIGHT = {
    "error": "#c0392b", "warning": "#8d5b00",  # the warning was #b9770e: 3.7:1 on white, below WCAG AA
    "success": "#1e8449", "muted": "#666666", "greyed": "#888888",
    "gold": "#8e6c00", "purple": "#8e44ad", "blue": "#1f618d", "teal": "#117a65", "danger_text": "#8e2b2b",
    # tinted backgrounds for banners: a hint (blue), a notice (yellow), a danger (red)
    "info_bg": "#eef5fb", "notice_bg": "#fdf2d0", "danger_bg": "#f6dede", "selection_bg": "#e3eefb",
    "quote_bg": "#f4f6f7",  # a message quoted in a preview
}
_DARK = {
    "error": "#ff7b6b", "warning": "#f0b94a", "success": "#5fd38d", "muted": "#a8b0b8", "greyed": "#8f969d",
    "gold": "#e0c04a", "purple": "#c39bd3", "blue": "#7fb3e6", "teal": "#5ccdb0", "danger_text": "#ffb3aa",
    "info_bg": "#1f3347", "notice_bg": "#463a14", "danger_bg": "#4a2323", "selection_bg": "#233a57",
    "quote_bg": "#36393d",
}
# Chart series: mid tones that read on a light and on a dark chart background alike.
SERIES = {"blue": "#3b78c2", "orange": "#e8893a", "grey": "#9aa5b1"}
STAGE_COLOURS = {"new": "#5aa9e6", "active": "#3b78c2", "loyal": "#2e8b57", "at_risk": "#e8893a",
                 "dormant": "#b5651d", "lost": "#9aa5b1"}
_state = {"dark": False, "light_palette": None, "light_style": ""}


def system_scheme(app: QGuiApplication) -> Qt.ColorScheme:
    """The scheme to show: the override, else what the system says, else what its palette looks like."""
    chosen = os.environ.get(ENV, "").strip().lower()
    if chosen in ("dark", "light"):
        return Qt.ColorScheme.Dark if chosen == "dark" else Qt.ColorScheme.Light
    scheme = app.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme
    return Qt.ColorScheme.Dark if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 \
        else Qt.ColorScheme.Light


def apply(app: QApplication, scheme: Qt.ColorScheme | None = None) -> bool:
    """Show ``scheme`` (default: the system's); returns True when dark."""
    if _state["light_palette"] is None:
        _state["light_palette"] = QPalette(app.palette())
        _state["light_style"] = app.style().name()
    scheme = scheme or system_scheme(app)
    dark = scheme == Qt.ColorScheme.Dark
    if dark and app.palette().color(QPalette.ColorRole.Window).lightness() >= 128:
        app.setStyle("Fusion")  # a style that draws with the palette it is given
        app.setPalette(dark_palette())
    elif not dark and app.palette().color(QPalette.ColorRole.Window).lightness() < 128:
        if _state["light_style"] and app.style().name() != _state["light_style"]:
            app.setStyle(str(_state["light_style"]))  # the platform's own style, as before the dark scheme
        app.setPalette(QPalette(_state["light_palette"]))  # type: ignore[arg-type]
    _state["dark"] = dark
    return dark


def is_dark() -> bool:
    return bool(_state["dark"])


def colour(role: str) -> str:
    """A meaning colour ("error", "warning", "success", "muted", "info_bg", ...) for the scheme shown."""
    return (_DARK if _state["dark"] else _LIGHT)[role]


def text_on(background: QColor) -> QColor:
    """Text that reads on a coloured cell (a heat map's): white on a dark cell, near-black on a light one."""
    return QColor("#ffffff" if background.lightness() < 150 else "#222222")


def text_style(role: str, extra: str = "") -> str:
    """A style sheet colouring a label's text by meaning: ``label.setStyleSheet(theme.text_style("error"))``."""
    return f"color: {colour(role)};{(' ' + extra) if extra else ''}"


def dark_palette() -> QPalette:
    """A dark palette for Fusion: grey surfaces, light text, the accent kept blue; disabled text dimmed."""
    roles = QPalette.ColorRole
    palette = QPalette()
    colours = {
        roles.Window: "#2b2d30", roles.WindowText: "#e6e6e6", roles.Base: "#1e1f22", roles.AlternateBase: "#27292c",
        roles.ToolTipBase: "#3c3f41", roles.ToolTipText: "#e6e6e6", roles.PlaceholderText: "#8c9196",
        roles.Text: "#e6e6e6", roles.Button: "#3c3f41", roles.ButtonText: "#e6e6e6", roles.BrightText: "#ff6b6b",
        roles.Light: "#4a4d50", roles.Midlight: "#3f4245", roles.Mid: "#55595d", roles.Dark: "#1a1b1d",
        roles.Shadow: "#000000", roles.Highlight: "#3d7bd9", roles.HighlightedText: "#ffffff",
        roles.Link: "#7fb3e6", roles.LinkVisited: "#c39bd3",
    }
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7a7d80"))
    return palette


def follow_system(app: QApplication, rebuild: object) -> Callable[[Qt.ColorScheme], None]:
    """When the system switches between light and dark: apply it, then ``rebuild()`` the window. Returns the
    handler connected to the application's style hints."""

    def changed(_scheme: Qt.ColorScheme) -> None:
        if os.environ.get(ENV):
            return
        was = is_dark()
        if apply(app) != was and callable(rebuild):
            rebuild()

    app.styleHints().colorSchemeChanged.connect(changed)
    return changed
