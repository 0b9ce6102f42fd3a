import pytest


@pytest.fixture
def window(window, qtbot):
    """The window once it has named its controls (a moment after the first rows: main_window._make_accessible)."""
    qtbot.waitUntil(lambda: bool(window.nav.accessibleName()), timeout=5000)
    return window
