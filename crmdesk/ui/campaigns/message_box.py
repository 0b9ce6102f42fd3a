"""The Campaigns screen's message (issue 17): the text with its variables, notice or advertising, the send time,
and a preview for three real recipients with the length carriers count (EUC-KR bytes) and SMS / LMS. crmdesk
adds "(광고)", the shop's name and the opt-out line to an advertising message (services/ad_messages.py)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import CrmError, ValidationError
from crmdesk.models import Campaign
from crmdesk.services import ad_messages as ads
from crmdesk.services import campaigns as camp
from crmdesk.store import Store
from crmdesk.ui.kit import messages, theme
from crmdesk.ui.kit.i18n import error_text


class MessageBox(QGroupBox):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Message"), parent)
        self.setObjectName("campaignMessage")
        self._store = store
        self.campaign_id: int | None = None
        self.text = QPlainTextEdit(objectName="messageText")
        self.text.setPlaceholderText(self.tr("e.g. #{이름}님, 가을 신메뉴 10% 할인! — variables: %1").replace(
            "%1", ", ".join(f"#{{{n}}}" for n in ads.VARIABLES)))
        self.text.setFixedHeight(70)
        self.notice = QCheckBox(self.tr("A notice, not advertising (no (광고) marking)"), objectName="messageNotice")
        self.send_at = QDateTimeEdit(QDateTime.currentDateTime(), objectName="messageSendAt")
        self.send_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.send_at.setCalendarPopup(True)
        preview = QPushButton(self.tr("Preview"), objectName="messagePreviewButton")
        preview.clicked.connect(self.show_preview)
        self.preview = QLabel(objectName="messagePreview")
        self.preview.setWordWrap(True)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.preview)
        scroller.setMinimumHeight(170)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Send at")))
        row.addWidget(self.send_at)
        row.addWidget(self.notice)
        row.addStretch(1)
        row.addWidget(preview)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(scroller)

    def spec(self) -> ads.MessageSpec | None:
        """The message to write, or None when the box is empty (the plain recipient list then)."""
        body = self.text.toPlainText().strip()
        if not body:
            return None
        return ads.MessageSpec(body, notice=self.notice.isChecked(), send_at=self.send_at.dateTime().toPython())

    def show_preview(self) -> None:
        spec = self.spec()
        if spec is None or self.campaign_id is None:
            self.preview.setText(self.tr("Write the message and choose a campaign to see it for three recipients."))
            return
        try:
            with self._store.session() as session:
                campaign = session.get(Campaign, self.campaign_id)
                check = camp.send_check(session, campaign)
                composed = ads.compose(session, spec, check.ids, limit=3, channel=campaign.channel)
                night = (ads.compose(session, spec, check.ids, channel=campaign.channel).left_out_night
                         if composed.left_out_night else 0)
        except ValidationError as exc:
            problems = escape(messages.problems_text(exc.problems))
            self.preview.setText(f'<span style="color: {theme.colour("error")};">{problems}</span>')
            return
        except CrmError as exc:
            self.preview.setText(f'<span style="color: {theme.colour("error")};">{escape(error_text(exc))}</span>')
            return
        kinds = {"sms": self.tr("SMS (up to 90 bytes)"), "lms": self.tr("LMS (up to 2,000 bytes)"),
                 "too_long": self.tr("too long for an LMS (over 2,000 bytes)")}
        parts = []
        for r in composed.recipients:
            if r.email:  # no carrier counts bytes of an e-mail
                head = self.tr("{name}: e-mail to {address}").format(name=r.name, address=r.address)
            else:
                head = self.tr("{name}: {size:,} bytes · {kind}").format(name=r.name, size=r.size,
                                                                         kind=kinds[r.kind])
            body = escape(r.message).replace("\n", "<br>")
            parts.append(f"<p><b>{escape(head)}</b><br>"
                         f'<span style="background: {theme.colour("quote_bg")};">{body}</span></p>')
        if not parts:
            parts.append(escape(self.tr("Nobody in this campaign can receive the message now.")))
        if night:
            parts.append(f'<p style="color: {theme.colour("gold")};">' + escape(self.tr(
                "{n:,} left out: the send time is between 21:00 and 08:00 and they have no night-time "
                "consent.").format(n=night)) + "</p>")
        self.preview.setText("".join(parts))
