"""Settings → RFM segments…: the owner moves a code to another segment, and the analytics follow."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from crmdesk.services import segments
from crmdesk.services.settings import get_setting, set_setting


def open_editor(window, qtbot):
    window.nav.setCurrentRow(window.screen_row("settings"))
    qtbot.mouseClick(window.settings.findChild(QPushButton, "editSegments"), Qt.MouseButton.LeftButton)
    editor = window.settings.segment_editor
    assert editor is not None and editor.isVisible()
    return editor


def test_moving_a_code_to_another_segment_is_stored_and_used(window, sample, qtbot):
    editor = open_editor(window, qtbot)
    assert editor.combos["555"].currentData() == "Champions"
    assert editor.combos["333"].currentText() == "Potential Loyalist"
    editor.combos["333"].setCurrentIndex(editor.combos["333"].findData("Champions"))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    with sample.session() as session:
        mapping = segments.load_segment_map(session)
    assert mapping["333"] == "Champions" and mapping["555"] == "Champions" and mapping["332"] == "Hibernating"
    assert "RFM segments saved" in window.statusBar().currentMessage()
    again = open_editor(window, qtbot)  # opens on the stored mapping
    assert again.combos["333"].currentData() == "Champions"
    qtbot.mouseClick(again.default_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    with sample.session() as session:
        assert segments.load_segment_map(session)["333"] == "Potential Loyalist"


def test_the_filter_shows_codes_with_a_prefix(window, qtbot):
    editor = open_editor(window, qtbot)
    qtbot.keyClicks(editor.filter, "54")
    shown = [editor.table.item(r, 0).text()[:3] for r in range(editor.table.rowCount())
             if not editor.table.isRowHidden(r)]
    assert shown == ["541", "542", "543", "544", "545"]
    editor.reject()


def test_a_damaged_saved_mapping_is_named_and_the_default_offered(window, sample, qtbot):
    with sample.session() as session:
        set_setting(session, "rfm_segments", json.dumps({"Champions": ["555"]}))
    editor = open_editor(window, qtbot)
    assert "leaves out 124 codes" in editor.error.text()
    assert editor.combos["111"].currentData() == "Lost"  # the default, ready to be saved
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    with sample.session() as session:
        assert len(segments.load_segment_map(session)) == 125
        assert get_setting(session, "rfm_segments").startswith("{")


def test_korean_segment_names(app, qtbot, sample, answers):
    from crmdesk.ui.app.main_window import MainWindow
    from crmdesk.ui.kit.i18n import install_language

    install_language(app, "ko")
    win = MainWindow(sample)
    qtbot.addWidget(win)
    win.show()
    editor = open_editor(win, qtbot)
    assert editor.combos["555"].currentText() == "챔피언"
    assert editor.windowTitle() == "RFM 세그먼트"
    editor.reject()


def test_a_damaged_saved_mapping_is_named_in_korean_in_a_korean_window(app, qtbot, sample, answers):
    """The core's refusal (a SegmentMapError) carries its Korean sentence; a Korean window shows that one."""
    from crmdesk.ui.app.main_window import MainWindow
    from crmdesk.ui.kit.i18n import install_language

    with sample.session() as session:
        set_setting(session, "rfm_segments", json.dumps({"Champions": ["555"]}))
    install_language(app, "ko")
    win = MainWindow(sample)
    qtbot.addWidget(win)
    win.show()
    editor = open_editor(win, qtbot)
    assert "RFM 세그먼트 대응에 코드 124개가 빠졌습니다" in editor.error.text()
    assert "leaves out" not in editor.error.text()
    editor.reject()
