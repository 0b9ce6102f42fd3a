"""Campaigns: set one up (goal, target, channel, offer, dates, control group), see who consent left out and
why, write the recipient file for the SMS/KakaoTalk sender, and read the results, target against control."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import CrmError, ValidationError
from crmdesk.models import Campaign
from crmdesk.services import campaigns as camp
from crmdesk.store import Store
from crmdesk.ui.campaigns.message_box import MessageBox
from crmdesk.ui.campaigns.relatives_view import RelativesView
from crmdesk.ui.kit import dialogs, formatting, jobs, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel

CTX = "CampaignsScreen"
GOAL_TEXTS = {
    "reactivate": QT_TRANSLATE_NOOP("CampaignsScreen", "Reactivate"),
    "reward": QT_TRANSLATE_NOOP("CampaignsScreen", "Reward"),
    "cross_sell": QT_TRANSLATE_NOOP("CampaignsScreen", "Cross-sell"),
    "up_sell": QT_TRANSLATE_NOOP("CampaignsScreen", "Up-sell"),
    "birthday": QT_TRANSLATE_NOOP("CampaignsScreen", "Birthday"),
    "welcome": QT_TRANSLATE_NOOP("CampaignsScreen", "Welcome"),
}
CHANNEL_TEXTS = {
    "sms": QT_TRANSLATE_NOOP("CampaignsScreen", "SMS"),
    "kakao": QT_TRANSLATE_NOOP("CampaignsScreen", "KakaoTalk"),
    "call": QT_TRANSLATE_NOOP("CampaignsScreen", "Phone call"),
    "email": QT_TRANSLATE_NOOP("CampaignsScreen", "E-mail"),
    "in_store": QT_TRANSLATE_NOOP("CampaignsScreen", "In store"),
}
TARGET_TEXTS = {
    "segment": QT_TRANSLATE_NOOP("CampaignsScreen", "RFM segment"),
    "lifecycle": QT_TRANSLATE_NOOP("CampaignsScreen", "Lifecycle stage"),
    "tier": QT_TRANSLATE_NOOP("CampaignsScreen", "Loyalty tier"),
    "birthday_month": QT_TRANSLATE_NOOP("CampaignsScreen", "Birthday month"),
    "household": QT_TRANSLATE_NOOP("CampaignsScreen", "Household"),
    "category": QT_TRANSLATE_NOOP("CampaignsScreen", "Bought category X, never Y"),
    "relatives": QT_TRANSLATE_NOOP("CampaignsScreen", "Family of a segment or tier"),
}
OFFER_TEXTS = {
    "coupon": QT_TRANSLATE_NOOP("CampaignsScreen", "Coupon"),
    "discount": QT_TRANSLATE_NOOP("CampaignsScreen", "Discount"),
    "points": QT_TRANSLATE_NOOP("CampaignsScreen", "Points"),
}
REASON_TEXTS = {
    "no_consent": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} without consent for this channel"),
    "no_phone": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} without a phone number"),
    "no_email": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} without an e-mail address"),
}
PROBLEM_TEXTS = {
    "name_invalid": QT_TRANSLATE_NOOP("CampaignsScreen", "Give the campaign a name."),
    "dates_reversed": QT_TRANSLATE_NOOP("CampaignsScreen", "The campaign ends before it starts."),
    "segment_unknown": QT_TRANSLATE_NOOP("CampaignsScreen", "Choose a segment from the list."),
    "household_unknown": QT_TRANSLATE_NOOP("CampaignsScreen", "Choose a household from the list."),
    "category_required": QT_TRANSLATE_NOOP(
        "CampaignsScreen", "Name the category bought, e.g. 커피|케이크 (never cake)."),
    "control_invalid": QT_TRANSLATE_NOOP("CampaignsScreen", "The control group is 0 to 90 %."),
}

# Left out when the recipient file or call list is written (services.campaigns.DROP_REASONS).
DROP_TEXTS = {
    "consent_withdrawn": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} withdrew consent since"),
    "no_phone": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} without a phone number"),
    "no_email": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} without an e-mail address"),
    "archived": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} archived"),
    "merged": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} merged into another card"),
    "erased": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} erased"),
    "no_night_consent": QT_TRANSLATE_NOOP("CampaignsScreen", "{n} without night-time consent (21:00-08:00)"),
}
FILE_ERROR_TEXTS = {
    "not_csv": QT_TRANSLATE_NOOP("CampaignsScreen", "Cannot write recipients to {file}: choose a file ending in .csv."),
    "no_folder": QT_TRANSLATE_NOOP("CampaignsScreen", "Cannot write {file}: the folder {folder} does not exist."),
    "not_cp949": QT_TRANSLATE_NOOP("CampaignsScreen", "Row {row} ({name}): “{char}” cannot be written in CP949. "
                                                      "Choose UTF-8 and write the file again."),
    "cannot_write": QT_TRANSLATE_NOOP("CampaignsScreen", "Cannot write {file}. If it is open in Excel, close it and "
                                                         "try again."),
    "is_database": QT_TRANSLATE_NOOP("CampaignsScreen", "{file} is a database; crmdesk never writes over one. "
                                                        "Choose another file name."),
}


def _file_error_text(exc: Exception) -> str:
    code = getattr(exc, "code", None)
    if code in FILE_ERROR_TEXTS:
        return tr(FILE_ERROR_TEXTS[code]).format(**exc.values)  # type: ignore[attr-defined]
    if isinstance(exc, OSError):
        name = Path(exc.filename).name if exc.filename else ""
        return tr(FILE_ERROR_TEXTS["cannot_write"]).format(file=name)
    return error_text(exc)


def _write_file(session, campaign_id: int, path: Path, encoding: str, spec) -> camp.RecipientsWritten:
    """The plain recipient list, or with a message the composed message per recipient (issue 17)."""
    if spec is None:
        return camp.write_recipients(session, campaign_id, path, encoding=encoding,
                                     headers="ko" if _korean() else "en")
    from crmdesk.services import ad_messages
    from crmdesk.ui.kit import messages as texts

    check = camp.send_check(session, session.get(Campaign, campaign_id))
    try:
        return camp.RecipientsWritten(*ad_messages.write_campaign(session, campaign_id, check.ids, check.dropped,
                                                                  spec, path, encoding=encoding))
    except ValidationError as exc:
        raise CrmError(texts.problems_text(exc.problems)) from None


def _korean() -> bool:
    """The window speaks Korean (segment names and file headers follow it)."""
    return QLocale().language() == QLocale.Language.Korean


def tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


class CampaignsScreen(QWidget):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignsScreen")
        self._store = store
        self.today = date.today
        self._views: list[camp.CampaignView] = []
        self._create_task = jobs.Task(self, done=self._created, failed=self._failed)
        self._reload_task = jobs.Task(self, done=self._loaded, failed=self._load_failed)

        self._build_list()
        detail_box = self._build_detail()
        form_box = self._build_form()
        top = QWidget()
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 3)
        top_layout.addWidget(form_box, 2)
        splitter = QSplitter()
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(top)
        splitter.addWidget(detail_box)
        splitter.setSizes([420, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        # The target values are filled when the screen is shown: the segment names come with pandas, which the
        # window must not import at start-up.
        self._show_selected()

    # --- building ---------------------------------------------------------------------------------
    def _build_list(self) -> None:
        """The campaigns so far, newest first, with their results."""
        columns = [
            Column(self.tr("Campaign"), lambda v: v.campaign.name),
            Column(self.tr("Channel"), lambda v: tr(CHANNEL_TEXTS.get(v.campaign.channel, v.campaign.channel))),
            Column(self.tr("Dates"), lambda v: f"{formatting.day(v.campaign.starts_on)} – "
                                               f"{formatting.day(v.campaign.ends_on)}"),
            Column(self.tr("Targeted"), lambda v: f"{v.target.members:,}", right=True),
            Column(self.tr("Response"), lambda v: _rate(v.target.rate), right=True),
            Column(self.tr("Control"), lambda v: _rate(v.control.rate), right=True),
        ]
        self.model: RowsModel[camp.CampaignView] = RowsModel(columns, self)
        self.table = QTableView(objectName="campaignTable")
        read_only_list(self.table, self.model, selection=Selection.SingleSelection, stretch=[0])
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())

    def _build_detail(self) -> QWidget:
        """The selected campaign: what it offers, who was left out, its results, and its recipient file."""
        self.detail_title = QLabel(objectName="campaignTitle")
        self.detail_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.detail = QLabel(objectName="campaignDetail")
        self.detail.setWordWrap(True)
        self.excluded = QLabel(objectName="campaignExcluded")
        self.excluded.setWordWrap(True)
        self.excluded.setStyleSheet(theme.text_style("gold"))
        self.dropped = QLabel(objectName="campaignDropped")  # left out when the file was last written
        self.dropped.setWordWrap(True)
        self.dropped.setStyleSheet(theme.text_style("error"))
        self.dropped.hide()
        result_columns = [
            Column(self.tr("Group"), lambda r: r[0]),
            Column(self.tr("Members"), lambda r: f"{r[1].members:,}", right=True),
            Column(self.tr("Responded"), lambda r: f"{r[1].responders:,}", right=True),
            Column(self.tr("By coupon"), lambda r: f"{r[1].redeemers:,}", right=True,
                   tooltip=lambda r: self.tr("Responded by redeeming the campaign's coupon; the other {n} by a "
                                             "purchase in the campaign's window only").format(
                       n=f"{r[1].responders - r[1].redeemers:,}")),
            Column(self.tr("Rate"), lambda r: _rate(r[1].rate), right=True),
            Column(self.tr("Revenue"), lambda r: formatting.money(r[1].revenue), right=True),
        ]
        self.results: RowsModel[tuple[str, camp.GroupResult]] = RowsModel(result_columns, self)
        self.results_view = QTableView(objectName="campaignResults")
        read_only_list(self.results_view, self.results, rows=False, stretch=True)
        self.results_view.setMaximumHeight(90)
        self.lift = QLabel(objectName="campaignLift")
        self.encoding = QComboBox(objectName="recipientEncoding")
        self.encoding.addItem(self.tr("UTF-8 (Excel, most tools)"), "utf-8")
        self.encoding.addItem(self.tr("CP949 (older SMS tools)"), "cp949")
        self.write_button = QPushButton(self.tr("Write recipient file…"), objectName="writeRecipients")
        self.write_button.clicked.connect(lambda: self.write_recipients())
        write_row = QHBoxLayout()
        write_row.addWidget(self.encoding)
        write_row.addWidget(self.write_button)
        self.call_list_button = QPushButton(self.tr("Call list (PDF)…"), objectName="callListButton")
        self.call_list_button.clicked.connect(lambda: self.print_call_list())
        write_row.addWidget(self.call_list_button)
        self.credit_button = QPushButton(objectName="creditPoints")
        self.credit_button.clicked.connect(self.credit_points)
        write_row.addWidget(self.credit_button)
        write_row.addStretch(1)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.relatives = RelativesView(self._store)  # issue 20: the household's revenue beside each relative
        for widget in (self.detail_title, self.detail, self.excluded, self.dropped, self.results_view, self.lift,
                       self.relatives):
            detail_layout.addWidget(widget)
        self.message_box = MessageBox(self._store)  # issue 17: the message, its preview
        detail_layout.addWidget(self.message_box)
        detail_layout.addLayout(write_row)
        detail_layout.addStretch(1)
        return detail_box

    def _build_form(self) -> QGroupBox:
        """The form for a new campaign."""
        form_box = QGroupBox(self.tr("New campaign"))
        self.name = QLineEdit(objectName="campaignName")
        self.goal = QComboBox(objectName="campaignGoal")
        for code, text in GOAL_TEXTS.items():
            self.goal.addItem(tr(text), code)
        self.target_kind = QComboBox(objectName="campaignTargetKind")
        for code, text in TARGET_TEXTS.items():
            self.target_kind.addItem(tr(text), code)
        self.target_value = QComboBox(objectName="campaignTargetValue")
        self.target_value.setEditable(False)
        self.target_text = QLineEdit(objectName="campaignTargetText")
        self.target_text.setPlaceholderText(self.tr("bought|never, e.g. 커피|케이크"))
        self.relatives_months = QSpinBox(objectName="campaignRelativesMonths", maximum=120, value=6)
        self.relatives_months.setSpecialValueText(self.tr("never bought"))
        self.relatives_months.setPrefix(self.tr("no purchase in "))
        self.relatives_months.setSuffix(self.tr(" months"))
        self.target_kind.currentIndexChanged.connect(self._fill_target_values)
        self.channel = QComboBox(objectName="campaignChannel")
        for code, text in CHANNEL_TEXTS.items():
            self.channel.addItem(tr(text), code)
        self.offer_kind = QComboBox(objectName="campaignOfferKind")
        for code, text in OFFER_TEXTS.items():
            self.offer_kind.addItem(tr(text), code)
        self.offer_value = QLineEdit(objectName="campaignOfferValue")
        self.offer_value.setPlaceholderText(self.tr("e.g. 10% or 2,000"))
        self.offer_code = QLineEdit(objectName="campaignOfferCode")
        self.offer_code.setPlaceholderText(self.tr("code, e.g. AUTUMN10"))
        self.starts = QDateEdit(objectName="campaignStarts", calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.ends = QDateEdit(objectName="campaignEnds", calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.starts.setDate(QDate.currentDate())
        self.ends.setDate(QDate.currentDate().addDays(14))
        self.control = QSpinBox(objectName="campaignControl", suffix=" %", maximum=90)
        self.control.setValue(10)
        self.create_button = QPushButton(self.tr("Create campaign"), objectName="createCampaign")
        self.create_button.clicked.connect(self.create_campaign)
        self.error = QLabel(objectName="campaignError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        self.error.hide()
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_kind)
        target_row.addWidget(self.target_value, 1)
        target_row.addWidget(self.target_text, 1)
        target_row.addWidget(self.relatives_months)
        offer_row = QHBoxLayout()
        offer_row.addWidget(self.offer_kind)
        offer_row.addWidget(self.offer_value)
        offer_row.addWidget(self.offer_code)
        dates_row = QHBoxLayout()
        dates_row.addWidget(self.starts)
        dates_row.addWidget(QLabel("–"))
        dates_row.addWidget(self.ends)
        dates_row.addStretch(1)
        form = QFormLayout(form_box)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Goal"), self.goal)
        form.addRow(self.tr("Target"), target_row)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Offer"), offer_row)
        form.addRow(self.tr("Response window"), dates_row)
        form.addRow(self.tr("Control group"), self.control)
        form.addRow(self.create_button)
        form.addRow(self.error)
        return form_box

    # --- the form ---
    def _fill_target_values(self) -> None:
        kind = self.target_kind.currentData()
        self.target_value.clear()
        self.target_text.setVisible(kind == "category")
        self.target_value.setVisible(kind != "category")
        self.relatives_months.setVisible(kind == "relatives")
        if kind == "segment":
            from crmdesk.analytics.rfm import KOREAN_NAMES, SEGMENT_NAMES

            for name in SEGMENT_NAMES:
                self.target_value.addItem(KOREAN_NAMES[name] if _korean() else name, name)
        elif kind == "lifecycle":
            from crmdesk.analytics.churn import ENGLISH_STAGES, KOREAN_STAGES, STAGE_NAMES

            for key in STAGE_NAMES:
                self.target_value.addItem(KOREAN_STAGES[key] if _korean() else ENGLISH_STAGES[key], key)
        elif kind == "tier":
            from crmdesk.services import loyalty

            with self._store.session() as session:
                for name, _minimum in loyalty.rules(session).tiers:
                    self.target_value.addItem(name, name)
        elif kind == "birthday_month":
            for month in range(1, 13):
                self.target_value.addItem(self.tr("Month {n}").format(n=month), str(month))
            self.target_value.setCurrentIndex(self.today().month % 12)  # next month by default
        elif kind == "relatives":
            self._fill_relatives()
        elif kind == "household":
            from crmdesk.services import family

            with self._store.session() as session:
                for household_id, name, members in family.households(session):
                    self.target_value.addItem(self.tr("{name} ({n})").format(name=name, n=members),
                                              str(household_id))

    def _fill_relatives(self) -> None:
        """Generation marketing: the relatives of a segment's or tier's customers (services/generations.py)."""
        from crmdesk.analytics.rfm import KOREAN_NAMES, SEGMENT_NAMES
        from crmdesk.services import loyalty

        for name in SEGMENT_NAMES:
            self.target_value.addItem(self.tr("Segment: {name}").format(
                name=KOREAN_NAMES[name] if _korean() else name), f"segment:{name}")
        with self._store.session() as session:
            for name, _minimum in loyalty.rules(session).tiers:
                self.target_value.addItem(self.tr("Tier: {name}").format(name=name), f"tier:{name}")

    def spec(self) -> camp.CampaignSpec:
        kind = self.target_kind.currentData()
        value = self.target_text.text().strip() if kind == "category" else (self.target_value.currentData() or "")
        if kind == "relatives":
            value = f"{value}:{self.relatives_months.value() or 'never'}"
        return camp.CampaignSpec(
            name=self.name.text(), goal=self.goal.currentData(), target_kind=kind, target_value=value,
            channel=self.channel.currentData(), starts_on=self.starts.date().toPython(),  # type: ignore[arg-type]
            ends_on=self.ends.date().toPython(), offer_kind=self.offer_kind.currentData(),  # type: ignore[arg-type]
            offer_value=self.offer_value.text().strip(), offer_code=self.offer_code.text().strip(),
            control_percent=self.control.value())

    def create_campaign(self) -> None:
        spec = self.spec()
        self.error.hide()
        self.create_button.setEnabled(False)
        store, today = self._store, self.today()
        self._create_task.run(lambda _progress: camp.create_campaign(store, spec, today=today))

    def _created(self, campaign_id: int) -> None:
        self.create_button.setEnabled(True)
        self.name.clear()
        self.reload(select_id=campaign_id)
        self.status_message.emit(self.tr("Campaign created."))

    def _failed(self, exc: Exception) -> None:
        self.create_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            text = "\n".join(tr(PROBLEM_TEXTS[p.code]) if p.code in PROBLEM_TEXTS else p.message
                             for p in exc.problems)
        else:
            text = error_text(exc)
        self.error.setText(text)
        self.error.show()

    # --- the list and the selected campaign ---
    def reload(self, select_id: int | None = None) -> None:
        """Results of every campaign are counted off the GUI thread (about 20 ms each on 100,000 customers);
        the list fills when they are ready."""
        current = self._selected()
        keep = select_id if select_id is not None else (current.campaign.id if current else None)
        today = self.today()
        store = self._store

        def views(_progress) -> tuple[int | None, list[camp.CampaignView]]:
            with store.session() as session:
                return keep, [camp.campaign_view(session, c.id, today=today) for c in camp.campaigns(session)]

        self._reload_task.run(views)  # a newer reload supersedes this one

    def _load_failed(self, exc: Exception) -> None:
        self.status_message.emit(error_text(exc))

    def _loaded(self, result: tuple[int | None, list[camp.CampaignView]]) -> None:
        keep, views = result
        self._views = views
        self.model.set_rows(self._views)
        self.model.fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        row = next((i for i, v in enumerate(self._views) if v.campaign.id == keep), 0)
        if self._views:
            self.table.selectRow(row)
        self._show_selected()

    def _selected(self) -> camp.CampaignView | None:
        return self.model.record(self.table.currentIndex().row())

    def _show_selected(self) -> None:
        view = self._selected()
        self.message_box.campaign_id = view.campaign.id if view is not None else None
        self.relatives.show_campaign(view.campaign.id if view is not None else None,
                                     view.campaign.target_kind if view is not None else None)
        self.dropped.hide()
        self.write_button.setEnabled(view is not None and view.campaign.channel != "in_store")
        self.call_list_button.setEnabled(view is not None and view.target.members > 0)
        points = camp.points_offer(view.campaign) if view is not None else None
        self.credit_button.setVisible(bool(points))
        if view is not None and points:
            with self._store.session() as session:
                done = camp.points_credited(session, view.campaign)
            self.credit_button.setText(self.tr("Points given") if done else self.tr(
                "Give {points} P to the {n:,} targeted").format(points=f"{points:,}", n=view.target.members))
            self.credit_button.setEnabled(not done and view.target.members > 0)
        if view is None:
            self.detail_title.setText(self.tr("No campaign yet: set one up on the right."))
            for label in (self.detail, self.excluded, self.lift):
                label.setText("")
            self.results.set_rows([])
            return
        c = view.campaign
        self.detail_title.setText(c.name)
        offer = " ".join(t for t in (tr(OFFER_TEXTS.get(c.offer_kind, c.offer_kind)), c.offer_value,
                                     c.offer_code) if t)
        self.detail.setText(self.tr(
            "{goal} · {target} · {channel} · offer: {offer} · {start} – {end}\n"
            "Selected {selected:,}: {targeted:,} targeted, {control:,} held back as control group "
            "({percent} %, seed {seed}).").format(
            goal=tr(GOAL_TEXTS.get(c.goal, c.goal)), target=self._target_text(c), offer=offer,
            channel=tr(CHANNEL_TEXTS.get(c.channel, c.channel)), start=formatting.day(c.starts_on),
            end=formatting.day(c.ends_on), selected=view.selected, targeted=view.target.members,
            control=view.control.members, percent=c.control_percent, seed=c.seed))
        left_out = sum(view.excluded.values())
        if left_out:
            reasons = ", ".join(tr(REASON_TEXTS.get(r, r)).format(n=f"{n:,}") for r, n in sorted(view.excluded.items()))
            self.excluded.setText(self.tr("Left out {n:,}: {reasons}.").format(n=left_out, reasons=reasons))
        else:
            self.excluded.setText(self.tr("No one was left out."))
        self.results.set_rows([(self.tr("Targeted"), view.target), (self.tr("Control group"), view.control)])
        counted = formatting.day(view.responses_counted_to)
        if view.lift is None:
            self.lift.setText(self.tr("Responses are purchases from the start day; counted to {day}.").format(
                day=counted))
        else:
            self.lift.setText(self.tr("Response rate {target} against {control} without the campaign: "
                                      "{lift:+.1f} points (counted to {day}).").format(
                target=_rate(view.target.rate), control=_rate(view.control.rate), lift=view.lift * 100,
                day=counted))

    def _target_text(self, c) -> str:
        kind = tr(TARGET_TEXTS.get(c.target_kind, c.target_kind))
        value = c.target_value
        if c.target_kind == "segment":
            from crmdesk.analytics.rfm import KOREAN_NAMES

            if _korean():
                value = KOREAN_NAMES.get(value, value)
        elif c.target_kind == "lifecycle":
            from crmdesk.analytics.churn import ENGLISH_STAGES, KOREAN_STAGES

            value = (KOREAN_STAGES if _korean() else ENGLISH_STAGES).get(value, value)
        elif c.target_kind == "birthday_month":
            value = self.tr("Month {n}").format(n=value)
        elif c.target_kind == "household":
            index = self.target_value.findData(value) if self.target_kind.currentData() == "household" else -1
            value = self.target_value.itemText(index) if index >= 0 else f"#{value}"
        return f"{kind}: {value}"

    def _file_for(self, view: camp.CampaignView | None, path: Path | None, title: str, suffix: str,
                  filters: str) -> Path | None:
        """Where to write a file for the selected campaign: ``path`` when given, else asked (None: cancelled)."""
        if view is None or path is not None:
            return path if view is not None else None
        chosen = dialogs.choose_save_file(self, title, f"{view.campaign.name}{suffix}", filters)
        return Path(chosen) if chosen else None

    def write_recipients(self, path: Path | None = None) -> bool:
        view = self._selected()
        path = self._file_for(view, path, self.tr("Recipient file"), ".csv", self.tr("CSV files (*.csv)"))
        if view is None or path is None:
            return False
        from crmdesk.services.export_reason import export_reason
        from crmdesk.ui.kit.reasons import ask_export_reason

        reason = ask_export_reason(self, self._store)  # issue 17: kept in the recipient file's audit entry
        if reason is None:
            return False
        try:
            with export_reason(reason), self._store.session() as session:
                written = _write_file(session, view.campaign.id, path, self.encoding.currentData(),
                                      self.message_box.spec())
        except (CrmError, OSError) as exc:
            dialogs.warn(self, self.tr("Recipient file"), _file_error_text(exc))
            return False
        message = self.tr("Wrote {n:,} recipients to {path}.").format(n=written.written, path=path)
        self._report_dropped(self.tr("Recipient file"), message, written.dropped)
        return True

    def _report_dropped(self, title: str, message: str, dropped: dict[str, int]) -> None:
        """Who was left out at writing time is said in the status bar and, because it matters (a customer
        withdrew consent since the campaign was set up), in a message and on the screen."""
        if dropped:
            reasons = ", ".join(tr(DROP_TEXTS.get(r, r)).format(n=f"{n:,}") for r, n in sorted(dropped.items()))
            left_out = self.tr("Checked again just now: {n:,} more left out ({reasons}).").format(
                n=sum(dropped.values()), reasons=reasons)
            self.dropped.setText(left_out)
            self.dropped.show()
            message = f"{message} {left_out}"
            dialogs.inform(self, title, message)
        else:
            self.dropped.hide()
        self.status_message.emit(message)

    def credit_points(self) -> bool:
        view = self._selected()
        if view is None:
            return False
        try:
            with self._store.session() as session:
                count = camp.credit_points(session, view.campaign.id)
        except CrmError as exc:
            dialogs.warn(self, self.tr("Points offer"), error_text(exc))
            return False
        self.status_message.emit(self.tr("Points given to {n:,} customers.").format(n=count))
        self._show_selected()
        return True

    def print_call_list(self, path: Path | None = None) -> bool:
        view = self._selected()
        path = self._file_for(view, path, self.tr("Call list"), ".pdf", self.tr("PDF files (*.pdf)"))
        if view is None or path is None:
            return False
        from crmdesk.ui.kit.reasons import ask_export_reason, with_reason
        from crmdesk.ui.service.call_list import write_call_list

        reason = ask_export_reason(self, self._store)  # issue 17: kept in the call list's audit entry
        if reason is None:
            return False
        try:
            count, dropped = with_reason(reason, lambda: write_call_list(self._store, view.campaign.id, path))
        except (CrmError, OSError) as exc:
            dialogs.warn(self, self.tr("Call list"), _file_error_text(exc))
            return False
        self._report_dropped(self.tr("Call list"), self.tr("Call list of {n:,} customers saved to {path}.").format(
            n=count, path=path), dropped)
        return True

    def showEvent(self, event) -> None:  # noqa: N802
        self._fill_target_values()
        self.reload()
        super().showEvent(event)

