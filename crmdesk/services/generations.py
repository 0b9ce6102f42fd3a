"""Generation marketing (세대 마케팅): one family's loyalty passed between generations. From the family links
crmdesk keeps (households), the relatives of the customers in a segment or tier who have not bought for N
months, or never, each with the household's revenue beside them and the relative who is a customer (for a
message like "어머님께서도 자주 찾아주시는…", #{가족이름}).

A relative is another member of an anchor customer's household who is an active card (not archived, merged or
erased) and is not an anchor themselves. "Not bought in N months": no counted purchase after ``today`` minus N
months (a card that never bought qualifies too); ``months=None``: never bought at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from crmdesk.errors import Problem, ValidationError
from crmdesk.models import CampaignMember, Customer, Household, HouseholdMember, Purchase

ANCHOR_KINDS = ("segment", "tier")


@dataclass(frozen=True)
class GenerationTarget:
    customer_id: int  # the relative to reach
    name: str
    relation: str
    household_id: int
    anchor_id: int  # the household's anchor customer (in the segment or tier) who spent most
    anchor_name: str
    household_revenue: int  # every member's counted purchases
    last_purchase_at: datetime | None


def parse_value(value: str) -> tuple[str, str, int | None]:
    """A campaign's target value "segment:Champions:6" or "tier:VIP:never" -> (kind, name, months or None)."""
    kind, _, rest = (value or "").partition(":")
    name, _, months = rest.rpartition(":")
    problems = []
    if kind not in ANCHOR_KINDS or not name:
        problems.append(Problem("target_value", "relatives_invalid",
                                "write the relatives' target as segment:NAME:MONTHS or tier:NAME:MONTHS "
                                "(MONTHS a number, or never)", value))
    elif months != "never" and not (months.isdigit() and 1 <= int(months) <= 120):
        problems.append(Problem("target_value", "months_invalid", "months are 1 to 120, or never", months))
    if problems:
        raise ValidationError(problems)
    return kind, name, None if months == "never" else int(months)


def relatives(session: Session, anchor_ids: Iterable[int], months: int | None, *,
              today: date | None = None) -> list[GenerationTarget]:
    """The relatives of ``anchor_ids`` who have not bought for ``months`` months (None: never), best households
    first (by revenue), then by name."""
    anchors = set(anchor_ids)
    if not anchors:
        return []
    today = today or date.today()
    homes = {h for (h,) in session.execute(select(HouseholdMember.household_id)
                                           .where(HouseholdMember.customer_id.in_(anchors)))}
    if not homes:
        return []
    members = session.execute(
        select(HouseholdMember.household_id, HouseholdMember.relation, Customer.id, Customer.name,
               Customer.archived, Customer.merged_into_id, Customer.erased_at)
        .join(Customer, Customer.id == HouseholdMember.customer_id)
        .where(HouseholdMember.household_id.in_(homes))).all()
    ids = [m[2] for m in members]
    totals: dict[Any, Any] = dict(session.execute(
        select(Purchase.customer_id, func.coalesce(func.sum(Purchase.total), 0))
        .where(Purchase.customer_id.in_(ids), Purchase.voided_at.is_(None))
                                  .group_by(Purchase.customer_id)).all())
    last: dict[Any, Any] = dict(session.execute(select(Purchase.customer_id, func.max(Purchase.purchased_at))
                                .where(Purchase.customer_id.in_(ids), Purchase.voided_at.is_(None))
                                .group_by(Purchase.customer_id)).all())
    revenue: dict[int, int] = {}
    best: dict[int, tuple[int, int, str]] = {}
    for home, _relation, cid, name, *_ in members:
        revenue[home] = revenue.get(home, 0) + int(totals.get(cid) or 0)
        if cid in anchors and (home not in best or int(totals.get(cid) or 0) > best[home][0]):
            best[home] = (int(totals.get(cid) or 0), cid, name or "")
    since = datetime.combine(today, time.min) - timedelta(days=round(30.44 * months)) if months else None
    out = []
    for home, relation, cid, name, archived, merged, erased in members:
        if cid in anchors or archived or merged is not None or erased is not None or home not in best:
            continue
        bought = last.get(cid)
        if isinstance(bought, str):
            bought = datetime.fromisoformat(bought)
        if (months is None and bought is not None) or (since is not None and bought is not None and bought >= since):
            continue
        out.append(GenerationTarget(cid, name or "", relation, home, best[home][1], best[home][2], revenue[home],
                                    bought))
    out.sort(key=lambda t: (-t.household_revenue, t.name, t.customer_id))
    return out


@dataclass(frozen=True)
class TargetHousehold:
    """One targeted relative of a campaign, with their household beside them (the Campaigns screen's list)."""

    customer_id: int
    name: str
    relation: str
    household: str  # the household's name (김민수네)
    relative: str  # the household's best other customer (#{가족이름}); "" when none
    household_revenue: int  # every member's counted purchases, as relatives() counts it
    last_purchase_at: datetime | None


def campaign_households(session: Session, campaign_id: int) -> list[TargetHousehold]:
    """The campaign's targeted members who belong to a household, best households first (by revenue), then by
    name: for a "relatives" campaign, the household's revenue beside each target."""
    from crmdesk.services.personal import relative_names

    ids = list(session.execute(select(CampaignMember.customer_id).where(
        CampaignMember.campaign_id == campaign_id, CampaignMember.grp == "target")).scalars())
    if not ids:
        return []
    mine = session.execute(
        select(HouseholdMember.customer_id, HouseholdMember.household_id, HouseholdMember.relation, Customer.name,
               Household.name)
        .join(Customer, Customer.id == HouseholdMember.customer_id)
        .join(Household, Household.id == HouseholdMember.household_id)
        .where(HouseholdMember.customer_id.in_(ids))).all()
    homes = {home for _cid, home, *_ in mine}
    everyone = select(HouseholdMember.customer_id).where(HouseholdMember.household_id.in_(homes))
    spent: dict[Any, Any] = dict(session.execute(
        select(HouseholdMember.household_id, func.coalesce(func.sum(Purchase.total), 0))
        .join(Purchase, Purchase.customer_id == HouseholdMember.customer_id)
        .where(HouseholdMember.household_id.in_(homes), Purchase.voided_at.is_(None))
        .group_by(HouseholdMember.household_id)).all()) if homes else {}
    last: dict[Any, Any] = dict(session.execute(
        select(Purchase.customer_id, func.max(Purchase.purchased_at))
        .where(Purchase.customer_id.in_(everyone), Purchase.voided_at.is_(None))
        .group_by(Purchase.customer_id)).all()) if homes else {}
    relatives_ = relative_names(session, [cid for cid, *_ in mine])
    out = []
    for cid, home, relation, name, household in mine:
        bought = last.get(cid)
        if isinstance(bought, str):
            bought = datetime.fromisoformat(bought)
        out.append(TargetHousehold(cid, name or "", relation, household or "", relatives_.get(cid, ""),
                                   int(spent.get(home) or 0), bought))
    out.sort(key=lambda t: (-t.household_revenue, t.name, t.customer_id))
    return out


__all__ = ["ANCHOR_KINDS", "GenerationTarget", "TargetHousehold", "campaign_households", "parse_value", "relatives"]
