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
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services import auth
from crmdesk.services import moments as moments_svc
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, messages

THANKS_MS = 4000  # the thank-you stays this long, then the screen waits for the next customer
IDLE_MS = 120_000  # a survey left half-answered is dropped after two minutes without a touch
BIG = "font-size: 24pt; padding: 14px;"
TITLE = "font-size: 26pt; font-weight: bold;"
NPS_SIZE = (58, 72)  # the least an NPS button takes: eleven in a row from about 800 px, else two rows
NPS_GAP = 8
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
            self.message.setText(messages.sign_in_refusal(refused))
            return
        self.unlocked.emit()
        self.accept()


class ScoreButton(QPushButton):
    """A large 1-5 answer: the number big, its word below, wrapped onto two lines where the screen is narrow (a
    push button's own text neither wraps nor mixes sizes)."""

    def __init__(self, score: int, word: str, colour: str) -> None:
        super().__init__(objectName=f"surveyScore{score}")
        self.setAccessibleName(f"{score} {word}")
        self.number = QLabel(str(score), alignment=Qt.AlignmentFlag.AlignCenter)
        self.number.setStyleSheet("font-size: 28pt; font-weight: bold; background: transparent;")
        self.word = QLabel(word, alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.word.setStyleSheet("font-size: 16pt; background: transparent;")
        for label in (self.number, self.word):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 12, 6, 12)
        layout.addWidget(self.number)
        layout.addWidget(self.word)
        self.setMinimumSize(112, 130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(f"background: {colour}; color: #1b1b1b; border-radius: 16px;")


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
        # Its own cream page in the dark scheme too, so its words and buttons are dark on light in both (they took
        # the dark palette's light text and could not be read). A sheet, not a palette: the pages' own sheets
        # take their colours from the application's palette, never from a parent's. A page's own colour (the
        # Start button's white, a hint's grey) still wins over these.
        self.setStyleSheet("#surveyScreen { background: #fdfaf5; } "
                           "#surveyPages QLabel, #surveyPages QPushButton, #surveyPages QLineEdit "
                           "{ color: #1b1b1b; } "
                           "#surveyPages QPushButton, #surveyPages QLineEdit { background: #f0f0f0; }")
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
            button = ScoreButton(score, word, colour)
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
        self.nps_grid = QGridLayout()
        self.nps_grid.setSpacing(NPS_GAP)
        self.nps_buttons: list[QPushButton] = []
        for score in range(11):
            button = QPushButton(str(score), objectName=f"surveyNps{score}")
            button.setMinimumSize(*NPS_SIZE)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFixedHeight(NPS_SIZE[1] + 16)
            button.setStyleSheet("font-size: 22pt; border-radius: 10px; background: #d6eaf8;")
            button.clicked.connect(lambda _=False, s=score: self.recommend(s))
            self.nps_buttons.append(button)
        self._nps_columns = 0
        self._lay_out_nps(11)
        skip = QPushButton(self.tr("Skip this question"), objectName="surveyNpsSkip")
        skip.setStyleSheet("font-size: 14pt; padding: 10px;")
        skip.clicked.connect(lambda: self.recommend(None))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(scale)
        layout.addSpacing(24)
        layout.addLayout(self.nps_grid)
        layout.addSpacing(12)
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
        hint.setStyleSheet("font-size: 13pt; color: #555;")
        self.digits = QLineEdit(objectName="surveyDigitsBox", maxLength=4, alignment=Qt.AlignmentFlag.AlignCenter)
        self.digits.setReadOnly(True)  # typed on the keypad below
        self.digits.setStyleSheet("font-size: 28pt; letter-spacing: 12px;")
        self.digits.setFixedWidth(240)
        pad = QGridLayout()
        keys = [*"123456789", "←", "0", "✓"]
        for n, key in enumerate(keys):
            name = key if key.isdigit() else "Back" if key == "←" else "Done"
            button = QPushButton(key, objectName=f"surveyKey{name}")
            button.setMinimumSize(100, 58)  # fits 800 x 600; taller (up to 84) where the screen has room
            button.setMaximumHeight(84)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setStyleSheet("font-size: 22pt; border-radius: 10px; background: #eaeded;")
            button.clicked.connect(lambda _=False, k=key: self._key(k))
            pad.addWidget(button, n // 3, n % 3)
        anonymous = QPushButton(self.tr("Stay anonymous"), objectName="surveyAnonymous")
        anonymous.setStyleSheet("font-size: 15pt; padding: 10px;")
        anonymous.clicked.connect(lambda: self.finish(None))
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.digits, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addLayout(pad, 3)  # the keypad takes the room a tall screen has, up to its buttons' most
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

    def _lay_out_nps(self, columns: int) -> None:
        """The eleven answers in ``columns`` columns (11: one row; 6: two rows, 0-5 and 6-10)."""
        if columns == self._nps_columns:
            return
        self._nps_columns = columns
        for button in self.nps_buttons:
            self.nps_grid.removeWidget(button)
        for score, button in enumerate(self.nps_buttons):
            self.nps_grid.addWidget(button, *divmod(score, columns))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """One row of NPS answers where there is room for each at its comfortable size, two rows otherwise."""
        comfortable = 11 * (NPS_SIZE[0] + 22 + NPS_GAP) + 40
        self._lay_out_nps(11 if event.size().width() >= comfortable else 6)
        super().resizeEvent(event)

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
