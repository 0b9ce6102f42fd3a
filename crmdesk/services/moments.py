"""Moments of truth: the shop's touchpoint list and the ratings given to it.

Staff rate touchpoints (1-5) when they log a contact; customers rate them on the counter survey screen, with an
optional "would you recommend us?" (0-10, kept apart as NPS). A survey's answers are attached to a card only
when the customer typed the last four digits of their phone, exactly one active card has them and that card
keeps the collection consent; otherwise they are stored without any customer (anonymous), and nothing tells
the person at the screen which card, if any, matched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from crmdesk.access import Permission, require
from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import Customer, Moment, NpsAnswer, Rating, RatingSource
from crmdesk.models.base import now
from crmdesk.models.moments import BEST_SCORE, NPS_BEST
from crmdesk.services import audit
from crmdesk.services.checks import check_customer, check_staff, check_text
from crmdesk.services.consent import Purpose, consented_ids
from crmdesk.services.settings import get_setting, set_setting

SURVEY_NPS_KEY = "survey_asks_nps"  # "0": the survey ends without "would you recommend us?"; anything else asks


def list_moments(session: Session, *, include_inactive: bool = False) -> list[Moment]:
    """The touchpoints in the shop's order."""
    stmt = select(Moment).order_by(col(Moment.position), col(Moment.id))
    if not include_inactive:
        stmt = stmt.where(col(Moment.active).is_(True))
    return list(session.exec(stmt))


def survey_asks_nps(session: Session) -> bool:
    """Does the counter survey end with the optional "would you recommend us?" (0-10)? Yes unless switched off."""
    return get_setting(session, SURVEY_NPS_KEY) != "0"


def set_survey_asks_nps(session: Session, ask: bool) -> None:
    set_setting(session, SURVEY_NPS_KEY, "1" if ask else "0")  # owner only, audited


def moment_name(moment: Moment, lang: str) -> str:
    return moment.name_ko if lang == "ko" else moment.name_en


def _names(name_en: object, name_ko: object) -> tuple[str, str]:
    problems: list[Problem] = []
    en = check_text(name_en, "name_en", 60, problems)
    ko = check_text(name_ko, "name_ko", 60, problems)
    if not en and not ko:
        problems.append(Problem("name_en", "moment_name_required", "a touchpoint needs a name (English or Korean)"))
    if problems:
        raise ValidationError(problems)
    return en or ko, ko or en


def save_moment(session: Session, moment_id: int | None, name_en: str, name_ko: str, *,
                active: bool = True) -> Moment:
    """Add a touchpoint at the end of the list (``moment_id`` None) or rename, switch off or on an existing one.
    A touchpoint switched off keeps its ratings and leaves the survey and the contact dialog."""
    require(session, Permission.SETTINGS)
    en, ko = _names(name_en, name_ko)
    if moment_id is None:
        last = session.exec(select(func.max(Moment.position))).one()
        moment = Moment(name_en=en, name_ko=ko, position=(last or 0) + 1, active=active)
    else:
        found = session.get(Moment, moment_id)
        if found is None:
            raise NotFound.of("Touchpoint", moment_id)
        moment = found
        moment.name_en, moment.name_ko, moment.active = en, ko, active
    session.add(moment)
    session.flush()
    audit.record(session, "settings", None, {"moment": moment.id, "name_en": en, "name_ko": ko, "active": active})
    return moment


def move_moment(session: Session, moment_id: int, step: int) -> list[Moment]:
    """Move a touchpoint ``step`` places up (negative) or down the list; returns the list in its new order."""
    require(session, Permission.SETTINGS)
    order = list_moments(session, include_inactive=True)
    index = next((i for i, m in enumerate(order) if m.id == moment_id), None)
    if index is None:
        raise NotFound.of("Touchpoint", moment_id)
    target = max(0, min(len(order) - 1, index + step))
    order.insert(target, order.pop(index))
    for position, moment in enumerate(order):
        moment.position = position
        session.add(moment)
    session.flush()
    return order


def _checked_scores(session: Session, scores: Mapping[int, object], problems: list[Problem]) -> dict[int, int]:
    moments = {m.id: m for m in list_moments(session, include_inactive=True)}
    clean: dict[int, int] = {}
    for moment_id, score in scores.items():
        moment = moments.get(moment_id)
        name = moment.name_en if moment else f"#{moment_id}"
        if moment is None or not moment.active:
            problems.append(Problem("moment", "moment_missing", f"touchpoint {name} is not on the shop's list", name))
        elif isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= BEST_SCORE:
            problems.append(Problem("score", "score_range", f"{name}: a rating is a whole number from 1 to "
                                                            f"{BEST_SCORE}, not {score!r}", str(score)))
        else:
            clean[moment_id] = score
    return clean


def record_ratings(session: Session, scores: Mapping[int, object], *, customer_id: int | None = None,
                   staff_id: int | None = None, contact_id: int | None = None, note: str = "",
                   at: datetime | None = None, source: RatingSource = RatingSource.STAFF) -> list[Rating]:
    """Store one rating per touchpoint in ``scores`` ({moment_id: 1..5}); every problem at once, nothing stored
    when there is one."""
    problems: list[Problem] = []
    if customer_id is not None:
        check_customer(session, customer_id, problems)
    staff = check_staff(session, staff_id, problems)
    text = check_text(note, "note", 500, problems)
    clean = _checked_scores(session, scores, problems)
    if problems:
        raise ValidationError(problems)
    when = at or now()
    rows = [Rating(moment_id=moment_id, score=score, rated_at=when, customer_id=customer_id, staff_id=staff,
                   source=source.value, note=text, contact_id=contact_id) for moment_id, score in clean.items()]
    session.add_all(rows)
    session.flush()
    return rows


@dataclass(frozen=True)
class SurveyResult:
    ratings: int
    nps: bool
    attached: bool  # the answers went onto a card (never shown to the person at the survey screen)


def card_for_last4(session: Session, last4: str | None) -> int | None:
    """The one active card whose phone ends in ``last4`` and that keeps the collection consent; None when there
    is none, more than one, or the digits are not four digits."""
    digits = (last4 or "").strip()
    if len(digits) != 4 or not digits.isdigit():
        return None
    ids = list(session.exec(select(Customer.id).where(
        Customer.phone_last4 == digits, col(Customer.archived).is_(False), col(Customer.erased_at).is_(None))))
    if len(ids) != 1 or ids[0] is None:
        return None
    return ids[0] if consented_ids(session, Purpose.COLLECTION, ids) else None


def record_survey(session: Session, scores: Mapping[int, object], *, nps_score: int | None = None,
                  last4: str | None = None, at: datetime | None = None) -> SurveyResult:
    """One customer's answers from the survey screen: touchpoint ratings, an optional NPS answer (0-10) and the
    optional last four digits of their phone (see card_for_last4; otherwise anonymous).

    The ratings name no staff member: whoever is signed in at the survey's terminal did not necessarily serve this
    customer, and their average (services/staff_figures) must not take the customer's answers as theirs."""
    problems: list[Problem] = []
    if nps_score is not None and (isinstance(nps_score, bool) or not isinstance(nps_score, int)
                                  or not 0 <= nps_score <= NPS_BEST):
        problems.append(Problem("nps", "nps_range", f"the recommendation answer is 0 to {NPS_BEST}", str(nps_score)))
    clean = _checked_scores(session, scores, problems)
    if problems:
        raise ValidationError(problems)
    customer_id = card_for_last4(session, last4)
    when = at or now()
    record_ratings(session, clean, customer_id=customer_id, at=when, source=RatingSource.SURVEY)
    if nps_score is not None:
        session.add(NpsAnswer(score=nps_score, answered_at=when, customer_id=customer_id))
        session.flush()
    return SurveyResult(len(clean), nps_score is not None, customer_id is not None)
