from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QLabel, QListWidget

from crmdesk.ui.app import fonts
from crmdesk.ui.kit import i18n


def test_bundled_korean_font_is_registered_and_has_hangul(app):
    assert fonts.KOREAN_FAMILY in fonts.register_fonts()
    assert fonts.KOREAN_FAMILY in QFontDatabase.families()
    assert app.font().family() == fonts.KOREAN_FAMILY
    metrics = QFontMetrics(app.font())
    for ch in "김민수ㄱㅁㅅ":
        assert metrics.inFontUcs4(ord(ch)), ch


def test_korean_catalogue_translates_the_window(app, window):
    assert i18n.install_language(app, "ko") == "ko"
    assert QCoreApplication.translate("MainWindow", "Customers") == "고객"
    from crmdesk.ui.app.main_window import MainWindow

    korean = MainWindow(window.store)
    try:
        nav = korean.findChild(QListWidget, "navigation")
        assert nav.item(0).text() == "고객"
        assert korean.customers.card.save_button.text() == "저장"
        assert "고객" in korean.customers.count_label.text()
    finally:
        korean.deleteLater()
        i18n.install_language(app, "en")
    assert QCoreApplication.translate("MainWindow", "Customers") == "Customers"


def test_every_korean_message_is_translated():
    import xml.etree.ElementTree as ET

    tree = ET.parse(i18n.TRANSLATIONS_DIR / "crmdesk_ko.ts")
    unfinished = [m.findtext("source") for m in tree.iter("message")
                  if m.find("translation").get("type") == "unfinished" or not (m.findtext("translation") or "")]
    assert unfinished == []


def test_language_follows_the_choice_in_settings(app, qtbot, sample):
    from crmdesk.ui.app.application import Controller

    controller = Controller(app, sample, None)
    qtbot.addWidget(controller.window)
    settings = controller.window.settings
    settings.language.setCurrentIndex(settings.language.findData("ko"))
    settings.language.activated.emit(settings.language.currentIndex())
    qtbot.addWidget(controller.window)
    assert i18n.chosen_language() == "ko"
    assert controller.window.nav.item(0).text() == "고객"
    assert controller.window.findChild(QLabel, "customerCount").text().startswith("고객")
    settings = controller.window.settings
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.language.activated.emit(settings.language.currentIndex())
    qtbot.addWidget(controller.window)
    assert controller.window.nav.item(0).text() == "Customers"


def test_a_window_rebuilt_for_another_language_frees_the_old_one(app, qtbot, sample):
    """Start-up objects are frozen out of the garbage collector; a rebuilt window must still let the old go."""
    import gc
    import weakref

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from crmdesk.ui.app import application
    from crmdesk.ui.app.application import Controller

    controller = Controller(app, sample, "en")
    old_models = []
    for language in ("ko", "en"):
        old_models.append(weakref.ref(controller.window.customers.model))
        controller.change_language(language)
        qtbot.addWidget(controller.window)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qtbot.wait(application.REFREEZE_AFTER_MS + 300)  # the collection and freeze that follow a rebuild
    gc.collect()
    assert [ref() for ref in old_models] == [None, None]
    assert controller.window.customers.model is not None and gc.get_freeze_count() > 0
