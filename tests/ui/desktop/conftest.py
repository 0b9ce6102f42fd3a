import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from crmdesk.ui.kit import theme


@pytest.fixture
def window(window, qtbot):
    """The window once it has named its controls (a moment after the first rows: main_window._make_accessible)."""
    qtbot.waitUntil(lambda: bool(window.nav.accessibleName()), timeout=5000)
    return window


@pytest.fixture
def restore_palette(app):
    palette, style = QPalette(app.palette()), app.style().name()
    yield app
    theme.apply(app, Qt.ColorScheme.Light)
    app.setPalette(palette)
    app.setStyle(style)
