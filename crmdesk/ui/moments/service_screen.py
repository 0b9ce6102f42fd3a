"""The Service screen: how each moment of truth is rated, month by month, and the overall score as their product.

Per touchpoint over the chosen period: ratings, average, share of the best and the trend (the last month with
ratings against the one before); the overall score (the product of the shares), the weakest touchpoint marked and
the sentence saying how far the overall would rise if it matched the others; NPS apart. Below, the month table,
and the low ratings (1-2) with their notes of the touchpoint clicked. The counter survey starts from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, formatting, jobs
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel

WEAK_COLOUR = "#c0392b"


@dataclass(frozen=True)
class MomentRow:
    moment_id: int
    name: str
    ratings: int
    average: float | None
    share: float | None
    last_month: str
    trend: float | None
    weakest: bool


@dataclass(frozen=True)
class MonthRow:
    month: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class ServiceFigures:
    rows: list[MomentRow]
    months: list[MonthRow]
    names: list[str]
    overall: float | None
    weakest_name: str | None
    weakest_average: float | None
    others_average: float | None
    overall_if_matched: float | None
    nps: float | None
    nps_answers: int
    ratings: Any  # the period's ratings (pandas), for the low ones of a clicked touchpoint


def service_figures(store: Store, start: date, end: date, korean: bool) -> ServiceFigures:
    """Everything the screen shows (run in the background: pandas)."""
    from crmdesk.analytics import moments as am

    ratings = am.load_ratings(store, start, end)
    table = am.per_moment(am.load_moments(store), ratings)
    names = list(table["name_ko" if korean else "name_en"])
    score = am.product_score(table)
    months = am.monthly(table, ratings)
    rows = []
    for i, r in enumerate(table.itertuples()):
        mine = months[months["moment_id"] == r.moment_id]
        last = mine.iloc[-1] if len(mine) else None
        rows.append(MomentRow(int(r.moment_id), names[i], int(r.ratings),
                              None if r.ratings == 0 else float(r.average),
                              None if r.ratings == 0 else float(r.share_of_best),
                              "" if last is None else f"{last['month']:%Y-%m}: {last['average']:.2f}",
                              None if last is None or last["trend"] != last["trend"] else float(last["trend"]),
                              score.weakest == i))
    month_rows = []
    for month in sorted(months["month"].unique(), reverse=True):
        cells = []
        for r in table.itertuples():
            hit = months[(months["month"] == month) & (months["moment_id"] == r.moment_id)]
            cells.append("" if hit.empty else f"{hit.iloc[0]['average']:.2f} ({int(hit.iloc[0]['ratings'])})")
        month_rows.append(MonthRow(f"{month:%Y-%m}", tuple(cells)))
    nps = am.nps(store, start, end)
    weakest = None if score.weakest is None else table.loc[score.weakest]
    return ServiceFigures(rows, month_rows, names, score.overall,
                          None if weakest is None else names[score.weakest],
                          None if weakest is None else float(weakest["average"]), score.others_average,
                          score.overall_if_matched, nps.score, nps.answers, ratings)


def _trend(value: float | None) -> str:
    if value is None:
        return ""
    return f"▲ {value:+.2f}" if value > 0.005 else f"▼ {value:+.2f}" if value < -0.005 else "= 0.00"


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f} %"


class ServiceScreen(QWidget):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serviceScreen")
        self._store = store
        self.figures: ServiceFigures | None = None
        today = QDate.currentDate()
        self.start = QDateEdit(today.addMonths(-12), objectName="serviceFrom", calendarPopup=True)
        self.end = QDateEdit(today, objectName="serviceTo", calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.reload)
        self.survey_button = QPushButton(self.tr("Counter survey…"), objectName="startSurvey")
        self.survey_button.clicked.connect(self.start_survey)
        self.edit_button = QPushButton(self.tr("Touchpoints…"), objectName="editTouchpoints")
        self.edit_button.clicked.connect(self.edit_touchpoints)
        self.summary = QLabel(objectName="serviceSummary", wordWrap=True)
        self.summary.setStyleSheet("font-size: 12pt;")
        self.weakest_line = QLabel(objectName="serviceWeakest", wordWrap=True)
        self.weakest_line.setStyleSheet(f"font-size: 11pt; color: {WEAK_COLOUR};")
        columns = [
            Column(self.tr("Touchpoint"), lambda r: ("⚠ " if r.weakest else "") + r.name),
            Column(self.tr("Ratings"), lambda r: f"{r.ratings:,}", right=True),
            Column(self.tr("Average"), lambda r: "–" if r.average is None else f"{r.average:.2f}", right=True),
            Column(self.tr("Share of best"), lambda r: _percent(r.share), right=True),
            Column(self.tr("Last month"), lambda r: r.last_month),
            Column(self.tr("Trend"), lambda r: _trend(r.trend)),
        ]
        self.model: RowsModel[MomentRow] = RowsModel(columns, self,
                                                     colour=lambda r: WEAK_COLOUR if r.weakest else None)
        self.table = QTableView(objectName="serviceTable")
        read_only_list(self.table, self.model, selection=Selection.SingleSelection, wrap=False, stretch_last=True)
        self.table.clicked.connect(lambda index: self.show_low(index.row()))
        self.month_model: RowsModel[MonthRow] = RowsModel([], self)
        self.month_table = QTableView(objectName="serviceMonths")
        read_only_list(self.month_table, self.month_model, wrap=False)
        self.low_title = QLabel(self.tr("Click a touchpoint to see its low ratings and the notes behind them."),
                                objectName="serviceLowTitle")
        low_columns = [
            Column(self.tr("When"), lambda r: formatting.moment(r["rated_at"].to_pydatetime())),
            Column(self.tr("Score"), lambda r: str(r["score"]), right=True),
            Column(self.tr("Source"), lambda r: self.tr("survey") if r["source"] == "survey" else self.tr("staff")),
            Column(self.tr("Note"), lambda r: r["note"] or ""),
        ]
        self.low_model: RowsModel[Any] = RowsModel(low_columns, self)
        self.low_table = QTableView(objectName="serviceLow")
        read_only_list(self.low_table, self.low_model, wrap=False, stretch_last=True)
        self.task = jobs.Task(self, done=self._shown, failed=self._failed)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.end)
        top.addStretch(1)
        top.addWidget(self.edit_button)
        top.addWidget(self.survey_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.low_title)
        lower_layout.addWidget(self.low_table)
        split = QSplitter()
        split.addWidget(self.month_table)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.weakest_line)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("Month by month: average (ratings)")))
        layout.addWidget(split, 1)

    def reload(self) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        korean = QLocale().language() == QLocale.Language.Korean
        store = self._store
        self.task.run(lambda _report: service_figures(store, start, end, korean))

    def _failed(self, exc: Exception) -> None:
        dialogs.warn(self, self.tr("Service"), error_text(exc))

    def _shown(self, figures: ServiceFigures) -> None:
        self.figures = figures
        self.model.set_rows(figures.rows)
        self.model.fit_columns(self.table)
        self.month_model.columns = [Column(self.tr("Month"), lambda m: m.month)] + [
            Column(name, lambda m, i=i: m.cells[i], right=True) for i, name in enumerate(figures.names)]
        self.month_model.set_rows(figures.months)
        self.month_model.fit_columns(self.month_table)
        if figures.overall is None:
            self.summary.setText(self.tr("No touchpoint ratings in this period yet: rate them when you log a "
                                         "contact (Ctrl+L) or let customers use the counter survey."))
        else:
            self.summary.setText(self.tr("Overall satisfaction {overall}: the product of every touchpoint's share "
                                         "of the best score, so one weak moment pulls the whole visit down.")
                                 .format(overall=_percent(figures.overall)))
        self.summary.setText(self.summary.text() + (self.tr(" Would you recommend us (NPS, kept apart): {nps} from "
                                                            "{n} answers.").format(nps=f"{figures.nps:+.0f}",
                                                                                   n=figures.nps_answers)
                                                    if figures.nps is not None else ""))
        self.weakest_line.setText(self._weakest_sentence(figures))
        self.low_model.set_rows([])

    def _weakest_sentence(self, f: ServiceFigures) -> str:
        if f.weakest_name is None or f.weakest_average is None:
            return ""
        if f.overall_if_matched is None or f.others_average is None or f.overall is None:
            return self.tr("Only {name} is rated so far.").format(name=f.weakest_name)
        return self.tr("Weakest: {name} ({average}). If it matched the average of the others ({others}), the "
                       "overall score would rise from {before} to {after}.").format(
            name=f.weakest_name, average=f"{f.weakest_average:.2f}", others=f"{f.others_average:.2f}",
            before=_percent(f.overall), after=_percent(f.overall_if_matched))

    def show_low(self, row: int) -> None:
        record = self.model.record(row)
        if record is None or self.figures is None:
            return
        from crmdesk.analytics.moments import low_ratings

        low = low_ratings(self.figures.ratings, record.moment_id)
        self.low_title.setText(self.tr("{name}: {n} low ratings (1-2) in this period, newest first").format(
            name=record.name, n=len(low)))
        self.low_model.set_rows([row for _, row in low.iterrows()])
        self.low_model.fit_columns(self.low_table)

    def edit_touchpoints(self) -> None:
        from crmdesk.ui.moments.touchpoint_editor import TouchpointEditor

        self.editor = TouchpointEditor(self._store, self)
        self.editor.changed.connect(self.reload)
        self.editor.open()

    def start_survey(self) -> None:
        from crmdesk.ui.moments import survey_screen

        self.survey = survey_screen.open_survey(self._store, self.window())
        self.survey.left.connect(self.reload)

    def showEvent(self, event) -> None:  # noqa: N802
        self.reload()
        super().showEvent(event)

