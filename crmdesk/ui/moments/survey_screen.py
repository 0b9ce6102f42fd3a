"""The counter survey: a full-screen window a customer answers on their own, one touchpoint at a time.

Large number buttons (1-5, with words), an optional "would you recommend us?" (0-10), an optional last four
digits of their phone to put the answers on their card (stored there only when exactly one card has them and it
keeps the collection consent; otherwise anonymous, and the screen never says which), a thank-you, then it waits
for the next customer. It cannot be closed by the customer: Esc and the window's close do nothing, and the small
"Staff" button asks for a staff member's password or PIN when sign-in is on. With sign-in off it must be held down
for two seconds, then confirmed: a tap, what a curious customer does, does nothing.

``open_survey`` opens it in place of the main window: the main window is hidden while the survey runs (out of the
taskbar and Alt+Tab, its shortcuts off) and comes back when staff leave.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services import auth
from crmdesk.services import moments as moments_svc
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs

THANKS_MS = 4000  # the thank-you stays this long, then the screen waits for the next customer
IDLE_MS = 120_000  # a survey left half-answered is dropped after two minutes without a touch
BIG = "font-size: 26pt; padding: 18px;"
TITLE = "font-size: 30pt; font-weight: bold;"
HOLD_MS = 2000  # with sign-in off, staff hold the Staff button this long to leave
SCORE_COLOURS = ("#e74c3c", "#e67e22", "#f1c40f", "#7dcea0", "#27ae60")


class StaffUnlock(QDialog):
    """A staff member's name and password or PIN; ``unlocked`` when it is right (the try counts as a sign-in:
    wrong ones lock the account as at sign-in)."""

    unlocked = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("surveyUnlock")
        self.setWindowTitle(self.tr("Staff only"))
        self._store = store
        self.account = QComboBox(objectName="surveyUnlockAccount")
        with store.session() as session:
            for member in auth.accounts(session):
                self.account.addItem(member.name, member.id)
        self.secret = QLineEdit(objectName="surveyUnlockSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(self.try_unlock)
        self.message = QLabel(objectName="surveyUnlockMessage")
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        button = QPushButton(self.tr("Leave the survey"), objectName="surveyUnlockButton")
        button.clicked.connect(self.try_unlock)
        cancel = QPushButton(self.tr("Back to the survey"))
        cancel.clicked.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("A staff member's password or PIN closes the survey screen.")))
        form.addRow(self.tr("Name"), self.account)
        form.addRow(self.tr("Password or PIN"), self.secret)
        form.addRow(self.message)
        row = QHBoxLayout()
        row.addWidget(cancel)
        row.addWidget(button)
        form.addRow(row)

    def try_unlock(self) -> None:
        staff_id = self.account.currentData()
        if staff_id is None:
            self.message.setText(self.tr("No staff account can sign in."))
            return
        try:
            auth.sign_in(self._store, staff_id, self.secret.text())
        except auth.SignInRefused as refused:
            self.secret.clear()
            self.message.setText(str(refused))
            return
        self.unlocked.emit()
        self.accept()


class SurveyScreen(QWidget):
    """The survey window. ``answered`` is emitted with the SurveyResult after each customer."""

    answered = Signal(object)
    left = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None, *, ask_nps: bool | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("surveyScreen")
        self.setWindowTitle(self.tr("How was your visit?"))
        self._store = store
        self._released = False
        self.korean = QLocale().language() == QLocale.Language.Korean  # the window's language (install_language)
        with store.session() as session:
            self.moments = [(m.id, moments_svc.moment_name(m, "ko" if self.korean else "en"))
                            for m in moments_svc.list_moments(session)]
            # None: as the shop set it in the touchpoint list (asked unless switched off)
            self.ask_nps = moments_svc.survey_asks_nps(session) if ask_nps is None else ask_nps
        self.scores: dict[int, int] = {}
        self.nps: int | None = None
        self.step = 0
        self.unlock: StaffUnlock | None = None
        self.idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self.idle.timeout.connect(self.reset)
        self.thanks_timer = QTimer(self, singleShot=True, interval=THANKS_MS)
        self.thanks_timer.timeout.connect(self.reset)
        self.pages = QStackedWidget(objectName="surveyPages")
        self.start_page = self._start_page()
        self.moment_page = self._moment_page()
        self.nps_page = self._nps_page()
        self.digits_page = self._digits_page()
        self.thanks_page = self._thanks_page()
        for page in (self.start_page, self.moment_page, self.nps_page, self.digits_page, self.thanks_page):
            self.pages.addWidget(page)
        self.staff_button = QPushButton(self.tr("Staff"), objectName="surveyStaffButton")
        self.staff_button.setFlat(True)
        self.staff_button.setStyleSheet("color: #999; font-size: 10pt;")
        self.staff_button.clicked.connect(self.request_leave)
        self.hold = QTimer(self, singleShot=True, interval=HOLD_MS)
        self.hold.timeout.connect(self._held)
        self.staff_button.pressed.connect(self.hold.start)
        self.staff_button.released.connect(self.hold.stop)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.staff_button)
        layout = QVBoxLayout(self)
        layout.addLayout(corner)
        layout.addWidget(self.pages, 1)
        self.setStyleSheet("#surveyScreen { background: #fdfaf5; }")
        self.reset()

    # --- pages ---------------------------------------------------------------------------------------------
    def _start_page(self) -> QWidget:
        page = QWidget(objectName="surveyStart")
        title = QLabel(self.tr("How was your visit today?"), alignment=Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet(TITLE)
        hint = QLabel(self.tr("A few taps, one question at a time. Thank you for helping us do better."),
                      alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        hint.setStyleSheet("font-size: 16pt; color: #555;")
        self.start_button = QPushButton(self.tr("Start"), objectName="surveyStartButton")
        self.start_button.setStyleSheet(BIG + "background: #2e86c1; color: white; border-radius: 12px;")
        self.start_button.clicked.connect(self._begin)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addSpacing(30)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
        return page

    def _moment_page(self) -> QWidget:
        page = QWidget(objectName="surveyMoment")
        self.progress = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, objectName="surveyProgress")
        self.progress.setStyleSheet("font-size: 14pt; color: #777;")
        self.question = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, objectName="surveyQuestion", wordWrap=True)
        self.question.setStyleSheet(TITLE)
        words = (self.tr("Very poor"), self.tr("Poor"), self.tr("Okay"), self.tr("Good"), self.tr("Excellent"))
        row = QHBoxLayout()
        self.score_buttons: list[QPushButton] = []
        for score, (word, colour) in enumerate(zip(words, SCORE_COLOURS, strict=True), start=1):
            button = QPushButton(f"{score}\n{word}", objectName=f"surveyScore{score}")
            button.setMinimumSize(150, 150)
            button.setStyleSheet(f"{BIG} background: {colour}; color: #1b1b1b; border-radius: 16px;")
            button.clicked.connect(lambda _=False, s=score: self.rate(s))
            self.score_buttons.append(button)
            row.addWidget(button)
        skip = QPushButton(self.tr("Skip this question"), objectName="surveySkip")
        skip.setStyleSheet("font-size: 14pt; padding: 10px;")
        skip.clicked.connect(lambda: self.rate(None))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.question)
        layout.addSpacing(24)
        layout.addLayout(row)
        layout.addSpacing(12)
        layout.addWidget(skip, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
        return page

    def _nps_page(self) -> QWidget:
        page = QWidget(objectName="surveyNps")
        title = QLabel(self.tr("How likely are you to recommend us to a friend?"),
                       alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        title.setStyleSheet(TITLE)
        scale = QLabel(self.tr("0 = not at all · 10 = certainly"), alignment=Qt.AlignmentFlag.AlignCenter)
        scale.setStyleSheet("font-size: 14pt; color: #555;")
        row = QHBoxLayout()
        for score in range(11):
            button = QPushButton(str(score), objectName=f"surveyNps{score}")
            button.setMinimumSize(80, 100)
            button.setStyleSheet("font-size: 24pt; border-radius: 10px; background: #d6eaf8;")
            button.clicked.connect(lambda _=False, s=score: self.recommend(s))
            row.addWidget(button)
        skip = QPushButton(self.tr("Skip this question"), objectName="surveyNpsSkip")
        skip.setStyleSheet("font-size: 14pt; padding: 10px;")
        skip.clicked.connect(lambda: self.recommend(None))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(scale)
        layout.addSpacing(24)
        layout.addLayout(row)
        layout.addWidget(skip, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
        return page

    def _digits_page(self) -> QWidget:
        page = QWidget(objectName="surveyDigits")
        title = QLabel(self.tr("Add this to your membership card?"), alignment=Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet(TITLE)
        hint = QLabel(self.tr("Type the last four digits of your phone number, or stay anonymous. Your answers go "
                              "on your card only if you agreed to us keeping your details."),
                      alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        hint.setStyleSheet("font-size: 15pt; color: #555;")
        self.digits = QLineEdit(objectName="surveyDigitsBox", maxLength=4, alignment=Qt.AlignmentFlag.AlignCenter)
        self.digits.setReadOnly(True)  # typed on the keypad below
        self.digits.setStyleSheet("font-size: 34pt; letter-spacing: 12px;")
        self.digits.setFixedWidth(260)
        pad = QGridLayout()
        keys = [*"123456789", "←", "0", "✓"]
        for n, key in enumerate(keys):
            name = key if key.isdigit() else "Back" if key == "←" else "Done"
            button = QPushButton(key, objectName=f"surveyKey{name}")
            button.setMinimumSize(110, 80)
            button.setStyleSheet("font-size: 24pt; border-radius: 10px; background: #eaeded;")
            button.clicked.connect(lambda _=False, k=key: self._key(k))
            pad.addWidget(button, n // 3, n % 3)
        anonymous = QPushButton(self.tr("Stay anonymous"), objectName="surveyAnonymous")
        anonymous.setStyleSheet("font-size: 16pt; padding: 12px;")
        anonymous.clicked.connect(lambda: self.finish(None))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.digits, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addLayout(pad)
        layout.addWidget(anonymous, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget(objectName="surveyThanks")
        title = QLabel(self.tr("Thank you!"), alignment=Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 44pt; font-weight: bold; color: #27ae60;")
        text = QLabel(self.tr("Your answers help us make every visit better."), alignment=Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet("font-size: 18pt;")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addStretch(1)
        return page

    # --- the flow ------------------------------------------------------------------------------------------
    def reset(self) -> None:
        """Wait for the next customer: nothing of the last one stays on screen."""
        self.scores, self.nps, self.step = {}, None, 0
        self.digits.clear()
        self.idle.stop()
        self.pages.setCurrentWidget(self.start_page)

    def _begin(self) -> None:
        self.idle.start()
        self._show_step()

    def _show_step(self) -> None:
        if self.step < len(self.moments):
            _mid, name = self.moments[self.step]
            self.progress.setText(f"{self.step + 1} / {len(self.moments)}")
            self.question.setText(name)
            self.pages.setCurrentWidget(self.moment_page)
        elif self.ask_nps and self.nps is None and self.pages.currentWidget() is not self.nps_page:
            self.pages.setCurrentWidget(self.nps_page)
        else:
            self.pages.setCurrentWidget(self.digits_page)

    def rate(self, score: int | None) -> None:
        """The answer to the current touchpoint (None: skipped)."""
        self.idle.start()
        if score is not None:
            self.scores[self.moments[self.step][0]] = score
        self.step += 1
        self._show_step()

    def recommend(self, score: int | None) -> None:
        self.idle.start()
        self.nps = score
        self.pages.setCurrentWidget(self.digits_page)

    def _key(self, key: str) -> None:
        self.idle.start()
        if key == "←":
            self.digits.setText(self.digits.text()[:-1])
        elif key == "✓":
            self.finish(self.digits.text())
        elif len(self.digits.text()) < 4:
            self.digits.setText(self.digits.text() + key)

    def finish(self, last4: str | None) -> None:
        """Store the answers (anonymous unless the digits find a consenting card) and say thank you."""
        self.idle.stop()
        if self.scores or self.nps is not None:
            with self._store.session() as session:
                result = moments_svc.record_survey(session, self.scores, nps_score=self.nps, last4=last4)
            self.answered.emit(result)
        self.digits.clear()
        self.pages.setCurrentWidget(self.thanks_page)
        self.thanks_timer.start()

    # --- only staff leave ----------------------------------------------------------------------------------
    def _sign_in_on(self) -> bool:
        with self._store.session() as session:
            return auth.sign_in_required(session)

    def request_leave(self) -> None:
        """A tap on Staff: the PIN dialog when sign-in is on; otherwise nothing (staff hold the button)."""
        if not self._sign_in_on():
            return
        self.unlock = StaffUnlock(self._store, self)
        self.unlock.unlocked.connect(self.release)
        self.unlock.open()

    def _held(self) -> None:
        """The Staff button held for HOLD_MS with sign-in off: confirm, so a long press by chance does not leave."""
        if self._sign_in_on():
            return
        if dialogs.confirm(self, self.tr("Staff only"), self.tr("Close the survey screen?")):
            self.release()

    def release(self) -> None:
        self._released = True
        self.idle.stop()
        self.thanks_timer.stop()
        self.hold.stop()
        self.left.emit()  # first: the main window is back before this, the only visible window, closes
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._released:
            super().closeEvent(event)
        else:
            event.ignore()  # a customer cannot close it: the Staff button can

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            event.accept()  # Esc does not leave the survey
            return
        super().keyPressEvent(event)


def open_survey(store: Store, main: QWidget) -> SurveyScreen:
    """The survey in place of ``main`` (the main window): hidden while the survey runs, so the rest of crmdesk is
    out of a customer's reach (no taskbar entry, no Alt+Tab, no shortcuts), and shown again when staff leave."""
    survey = SurveyScreen(store)
    survey.left.connect(main.show)
    main.hide()
    survey.showFullScreen()
    survey.activateWindow()
    return survey
