"""Window language: Korean or English, following the system locale unless chosen in settings."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication

from crmdesk.config import RESOURCES_DIR
from crmdesk.errors import CrmError

TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
LANGUAGES = ("ko", "en")
SETTING_KEY = "ui/language"  # "system", "ko" or "en"
_installed: list[QTranslator] = []


def chosen_language() -> str:
    return str(QSettings().value(SETTING_KEY, "system"))


def effective_language(choice: str | None = None) -> str:
    choice = choice or chosen_language()
    if choice in LANGUAGES:
        return choice
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def window_language() -> str:
    """The language the window speaks now ("ko" or "en"): install_language sets the default locale to it."""
    return "ko" if QLocale().language() == QLocale.Language.Korean else "en"


def error_text(exc: BaseException) -> str:
    """A refusal of the core as the window says it: Korean in a Korean window when the core gave it (CrmError.ko);
    anything else (an OSError beside it) as its own text."""
    return exc.said(window_language()) if isinstance(exc, CrmError) else str(exc)


def install_language(app: QApplication, language: str) -> str:
    """Replace the installed catalogues with those of ``language`` ("ko" or "en"); returns it."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "ko":
        ours = QTranslator(app)
        if ours.load(str(TRANSLATIONS_DIR / "crmdesk_ko.qm")):
            _installed.append(ours)
        qt = QTranslator(app)
        if qt.load("qtbase_ko", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            _installed.append(qt)
    for translator in _installed:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale("ko_KR" if language == "ko" else "en_US"))
    return language
