"""Likely duplicate customer cards, and merging them with an exact undo.

Finding never compares every customer with every other: customers are put into blocks that share a key
(the phone number; the name with the birthday; the last four phone digits; the name) and only customers
inside one block are compared, so 100,000 cards take well under a second or two. A block that holds very
many cards (a placeholder number such as 010-0000-0000 typed for everyone without a phone) says nothing
about any two of them; it is reported as crowded instead of producing thousands of pairs.

A merge moves the duplicate's purchases, contacts, feedback, points, tier history, coupons, family links,
referrals and campaign memberships to the survivor, gives the survivor the
earlier first-seen date, fills the survivor's empty fields from the duplicate (``FILLED_FIELDS``; tags are
united) and archives the duplicate with ``merged_into_id`` set. The CustomerMerge row records the ids moved
and both cards before and after, so an undo puts back exactly what was there. An undo is refused when it
can no longer be done cleanly: a card was edited since, a moved row was moved again, or a later merge
involves the same cards.

No Qt here. Every function takes an open Session and does not commit.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, DateTime, String, cast, delete, insert, or_, select, update
from sqlmodel import Session

from crmdesk import normalise as nz
from crmdesk.access import Permission, actor_of, require
from crmdesk.errors import MergeRefused, NotFound
from crmdesk.models import (
    BirthdayCoupon,
    CampaignMember,
    Contact,
    Coupon,
    CouponRedemption,
    Customer,
    CustomerMerge,
    Feedback,
    HouseholdMember,
    NpsAnswer,
    PointsEntry,
    Purchase,
    Rating,
    Referral,
    TierChange,
)
from crmdesk.models.base import now
from crmdesk.models.customer import refresh_derived
from crmdesk.services import audit, loyalty
from crmdesk.services.customers import EDITABLE_FIELDS, refresh_purchase_totals

if TYPE_CHECKING:
    import numpy as np

# Why two cards look like one person, strongest first.
SAME_PHONE = "same_phone"
SAME_NAME_BIRTHDAY = "same_name_birthday"
SIMILAR_NAME_LAST4 = "similar_name_last4"  # near-identical names, phones ending in the same four digits
SAME_NAME_PHONE_TYPO = "same_name_phone_typo"  # the same name, phones one typing slip apart
REASONS = (SAME_PHONE, SAME_NAME_BIRTHDAY, SIMILAR_NAME_LAST4, SAME_NAME_PHONE_TYPO)
_WEIGHT = {SAME_PHONE: 4, SAME_NAME_BIRTHDAY: 4, SIMILAR_NAME_LAST4: 2, SAME_NAME_PHONE_TYPO: 3}

# Names are compared letter by letter of the Hangul alphabet (김민수 -> ㄱㅣㅁㅁㅣㄴㅅㅜ), so one slip of the
# keyboard (김민수/김문수) weighs one letter of nine, not one syllable of three. Near-identical means one
# letter apart (이수아/이수어 too, whose six letters score only 83), or a similarity of at least 85 for long
# names with more slips; 김민수/김민지 (two letters of nine, 78) are two people.
NAME_SIMILARITY = 85
NAME_SLIPS = 1
# A block with more cards than this is a placeholder or a shared number, not evidence.
CROWDED_BLOCK = 25
# Phones ending in the same four digits: about one card in 10,000 shares them by chance, so a block of more
# than this is a placeholder ending (0000) rather than evidence.
CROWDED_LAST4 = 500

# The tables whose rows belong to a customer and move with a merge. A test checks that every foreign key
# to customer.id is either here or is the merge's own bookkeeping.
MOVED_TABLES: dict[str, Any] = {
    "purchase": Purchase, "contact": Contact, "feedback": Feedback, "points_entry": PointsEntry,
    "birthday_coupon": BirthdayCoupon, "household_member": HouseholdMember, "referral": Referral,
    "rating": Rating, "nps_answer": NpsAnswer,  # the touchpoint ratings and recommendations they gave (issue 19)
    "coupon": Coupon, "coupon_redemption": CouponRedemption,
}
# Further columns naming a customer, moved like customer_id (the people a duplicate referred are the
# survivor's referrals). Keyed "table.column" in the merge record.
MOVED_COLUMNS: dict[str, tuple[Any, str]] = {"referral.referrer_id": (Referral, "referrer_id")}
# Rows that stay with the card they were written about: consent was given by that card's holder (a merge must
# not widen who receives ads) and the ledger and the audit log are append-only. A campaign's member rows were
# decided on that card's consent (moved, a "target" row would put a non-consenting survivor in the SMS file, or
# list it twice); the recipient file skips merged cards. Tier changes are that card's history; the merge's
# recompute_tiers writes the survivor's one honest change.
KEPT_TABLES = ("consent_event", "audit_log", "campaign_member", "tier_change")


def _moved_columns() -> list[tuple[str, Any, Any]]:
    """(key in the merge record, model, the column that names the customer) for everything a merge moves."""
    moves = [(table, model, model.customer_id) for table, model in MOVED_TABLES.items()]
    moves += [(key, model, getattr(model, column)) for key, (model, column) in MOVED_COLUMNS.items()]
    return moves


# Merges recorded before these tables stayed put moved them; undoing such a merge moves them back.
_FORMERLY_MOVED: dict[str, Any] = {"tier_change": TierChange, "campaign_member": CampaignMember}


def _moved_column(key: str) -> tuple[Any, Any]:
    if key in MOVED_TABLES or key in _FORMERLY_MOVED:
        model = MOVED_TABLES.get(key) or _FORMERLY_MOVED[key]
        return model, model.customer_id
    model, column = MOVED_COLUMNS[key]
    return model, getattr(model, column)


# Empty fields of the survivor that the duplicate's value fills (the birthday brings its lunar flag).
# Marketing consent is never copied: it is given on a card, and a merge must not widen who receives ads.
FILLED_FIELDS = ("phone", "email", "birthday", "gender", "address", "customer_code", "acquired_via", "memo")
# What the merge record keeps of each card: everything but the id and the purchase totals (recomputed).
# A card's version and who stamped it last are not put back by an undo: it is a new change (see _new_versions).
_VERSION_STAMP = frozenset({"version", "updated_by", "updated_at"})
_SNAPSHOT = tuple(c.name for c in Customer.__table__.columns
                  if c.name not in ("id", "visit_count", "total_spent", "last_purchase_at") and c.computed is None)


@dataclass(frozen=True)
class DuplicatePair:
    """Two cards that look like one person; ``first_id`` < ``second_id``."""

    first_id: int
    second_id: int
    reasons: tuple[str, ...]
    score: int


@dataclass
class DuplicateScan:
    pairs: list[DuplicatePair] = field(default_factory=list)
    # (what the block shares, how many cards): too many to be one person.
    crowded: list[tuple[str, int]] = field(default_factory=list)
    customers_scanned: int = 0


class _Cards:
    """The active cards as parallel columns (positions, not objects: 100,000 objects cost more than the work)."""

    def __init__(self, session: Session) -> None:
        # Core rows through the session's connection (no ORM row processing), the birthday as its ISO text:
        # only compared, never computed with.
        rows = session.connection().execute(
            select(Customer.id, Customer.name, Customer.phone, Customer.phone_last4,
                   cast(Customer.birthday, String))
            .where(Customer.archived.is_(False), Customer.merged_into_id.is_(None))
        ).all()
        columns = list(zip(*rows, strict=True)) if rows else [(), (), (), (), ()]
        self.ids: list[int] = list(columns[0])
        self.names: list[str] = list(columns[1])
        self.phones: list[str | None] = list(columns[2])
        self.last4: list[str | None] = list(columns[3])
        self.birthdays: list[str | None] = list(columns[4])
        # Stored names are already trimmed and NFC; folding leaves out spaces and case (Kim Minsu = kimminsu).
        self.folded = [name.replace(" ", "").casefold() for name in self.names]

    def __len__(self) -> int:
        return len(self.ids)


def _jamo(folded: str) -> str:
    # NFD splits each Hangul syllable into its letters; other scripts pass through.
    return unicodedata.normalize("NFD", folded)


def _pairs_sharing(keys: list[Any], limit: int, crowded: list[tuple[str, int]],
                   label: Callable[[Any], str]) -> tuple[np.ndarray, np.ndarray, set[Any]]:
    """Positions (a, b), a < b, of every two cards with the same non-empty key. Only keys that occur more
    than once get past pandas' duplicated() (done in C); a key on more than ``limit`` cards is reported
    (and returned) instead."""
    import numpy as np
    import pandas as pd

    series = pd.Series(keys, dtype=object)
    shared = series.notna().to_numpy() & series.duplicated(keep=False).to_numpy()
    frame = pd.DataFrame({"key": series[shared].to_numpy(), "pos": np.flatnonzero(shared)})
    if frame.empty:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), set()
    sizes = frame.groupby("key", sort=False).size()
    too_many = sizes[sizes > limit]
    if len(too_many):
        crowded.extend((label(key), int(n)) for key, n in too_many.items())
        frame = frame[~frame["key"].isin(too_many.index)]
    pairs = frame.merge(frame, on="key")
    pairs = pairs[pairs["pos_x"] < pairs["pos_y"]]
    return pairs["pos_x"].to_numpy(), pairs["pos_y"].to_numpy(), set(too_many.index)


def find_duplicates(session: Session) -> DuplicateScan:
    """Likely duplicate pairs among active cards, strongest first."""
    # Imported here: the window imports this module at start-up, and these cost a noticeable half second.
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import OSA, Levenshtein

    cards = _Cards(session)
    found: dict[tuple[int, int], set[str]] = defaultdict(set)
    scan = DuplicateScan(customers_scanned=len(cards))
    ids = cards.ids

    def add(a: int, b: int, reason: str) -> None:
        x, y = ids[a], ids[b]
        found[(x, y) if x < y else (y, x)].add(reason)

    def slip(a: int, b: int) -> bool:
        pa, pb = cards.phones[a], cards.phones[b]
        return bool(pa and pb) and OSA.distance(pa, pb, score_cutoff=1) == 1

    a_pos, b_pos, crowded_phones = _pairs_sharing(cards.phones, CROWDED_BLOCK, scan.crowded, nz.format_phone)
    for a, b in zip(a_pos.tolist(), b_pos.tolist(), strict=True):
        add(a, b, SAME_PHONE)
    # A placeholder number says nothing; its cards stay out of the phone-digit rules below too.
    name_birthday = [f"{f}{nz.SEARCH_SEPARATOR}{b}" if b else None
                     for f, b in zip(cards.folded, cards.birthdays, strict=True)]
    a_pos, b_pos, _ = _pairs_sharing(name_birthday, CROWDED_BLOCK, scan.crowded,
                                     lambda key: key.replace(nz.SEARCH_SEPARATOR, " "))
    for a, b in zip(a_pos.tolist(), b_pos.tolist(), strict=True):
        add(a, b, SAME_NAME_BIRTHDAY)

    # Near-identical names among phones ending alike: the candidates are all pairs inside a last-four block
    # (about n x n / 10,000 of them), scored at once in C++ on their Hangul letters.
    last4 = [l4 if l4 and p not in crowded_phones else None
             for l4, p in zip(cards.last4, cards.phones, strict=True)]
    a_pos, b_pos, _ = _pairs_sharing(last4, CROWDED_LAST4, scan.crowded, lambda key: f"…{key}")
    if len(a_pos):
        jamo = [_jamo(f) for f in cards.folded]
        left, right = [jamo[i] for i in a_pos.tolist()], [jamo[i] for i in b_pos.tolist()]
        scores = process.cpdist(left, right, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY, workers=-1)
        slips = process.cpdist(left, right, scorer=Levenshtein.distance, score_cutoff=NAME_SLIPS, workers=-1)
        close = (scores >= NAME_SIMILARITY) | (slips <= NAME_SLIPS)
        for a, b in zip(a_pos[close].tolist(), b_pos[close].tolist(), strict=True):
            if cards.phones[a] == cards.phones[b]:
                continue  # the same phone is already the stronger reason
            same_name = cards.folded[a] == cards.folded[b]
            add(a, b, SAME_NAME_PHONE_TYPO if same_name and slip(a, b) else SIMILAR_NAME_LAST4)
    # The same name with a slip in the last four digits: blocked by name and the rest of the number.
    name_prefix = [f"{f}{nz.SEARCH_SEPARATOR}{p[:-4]}" if p and p not in crowded_phones else None
                   for f, p in zip(cards.folded, cards.phones, strict=True)]
    a_pos, b_pos, _ = _pairs_sharing(name_prefix, CROWDED_BLOCK, [], str)
    for a, b in zip(a_pos.tolist(), b_pos.tolist(), strict=True):
        if slip(a, b):
            add(a, b, SAME_NAME_PHONE_TYPO)

    pairs = []
    for (first, second), reasons in found.items():
        ordered = tuple(r for r in REASONS if r in reasons)
        pairs.append(DuplicatePair(first, second, ordered, sum(_WEIGHT[r] for r in ordered)))
    pairs.sort(key=lambda p: (-p.score, p.first_id, p.second_id))
    scan.pairs = pairs
    scan.crowded.sort(key=lambda item: -item[1])
    return scan


# --- merging -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MergePlan:
    """What merging ``merged_id`` into ``survivor_id`` will do: shown before, done by ``merge_customers``."""

    survivor_id: int
    merged_id: int
    filled: dict[str, Any]  # survivor's empty field -> the duplicate's value
    tags: str  # the survivor's tags after the merge
    first_seen: date | None
    moving: dict[str, int]  # table -> rows that move


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _snapshot(customer: Customer) -> dict[str, Any]:
    return {name: _encode(getattr(customer, name)) for name in _SNAPSHOT}


def _decode(snapshot: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in snapshot.items():
        column_type = Customer.__table__.columns[name].type
        if value is not None and isinstance(column_type, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column_type, Date):
            value = date.fromisoformat(value)
        out[name] = value
    return out


def _editable_state(customer: Customer) -> dict[str, Any]:
    """What a person can change on a card, plus the archive and merge marks: compared to refuse an undo."""
    fields = (*EDITABLE_FIELDS, "archived", "merged_into_id")
    return {name: _encode(getattr(customer, name)) for name in fields}


def _new_versions(session: Session, cards: Iterable[Customer], stamp: datetime) -> None:
    """A merge and its undo change both cards: each gets a new version (counted up in SQL, from whatever the row
    holds), so a window still holding a card as it was before is refused on saving (errors.StaleEdit) and told
    who changed it and when; an undo never hands back the old version a window may still hold."""
    who = actor_of(session).name
    for card in cards:
        card.version = Customer.version + 1  # an SQL expression: "version + 1", run on flush
        card.updated_by = who
        card.updated_at = stamp


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    return customer


def plan_merge(session: Session, survivor_id: int, merged_id: int) -> MergePlan:
    """What a merge would do, or MergeRefused when it cannot be done."""
    if survivor_id == merged_id:
        raise MergeRefused("merge_same", "a card cannot be merged into itself",
                           ko="카드를 자기 자신에 병합할 수는 없습니다.")
    survivor, merged = _customer(session, survivor_id), _customer(session, merged_id)
    for card in (survivor, merged):
        if card.merged_into_id is not None:
            raise MergeRefused("merge_already_merged",
                               f"{card.name} (#{card.id}) was already merged into #{card.merged_into_id}",
                               ko=f"카드 {card.name}(#{card.id})은(는) 이미 #{card.merged_into_id}에 병합되었습니다.")
    if survivor.archived:
        raise MergeRefused("merge_survivor_archived",
                           f"{survivor.name} (#{survivor.id}) is archived; restore the card first",
                           ko=f"남길 카드({survivor.name}, #{survivor.id})가 보관되어 있습니다. 먼저 카드를 "
                              "복원하세요.")
    filled: dict[str, Any] = {}
    for name in FILLED_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(merged, name)
        if mine in (None, "") and theirs not in (None, ""):
            filled[name] = theirs
    if "birthday" in filled:
        filled["birthday_lunar"] = merged.birthday_lunar
    tags = nz.normalise_tags(",".join(t for t in (survivor.tags, merged.tags) if t))
    seen = [d for d in (survivor.first_seen, merged.first_seen) if d is not None]
    moving = {}
    for table, model, column in _moved_columns():
        moving[table] = len(session.execute(select(model.id).where(column == merged_id)).all())
    return MergePlan(survivor_id, merged_id, filled, tags, min(seen) if seen else None, moving)


_FAMILY_MODELS: dict[str, Any] = {"referral": Referral, "household_member": HouseholdMember}


def _drop_family_conflicts(session: Session, survivor_id: int, merged_id: int) -> dict[str, list[dict[str, Any]]]:
    """Delete the duplicate's family rows that, moved to the survivor, would make a self-referral, a second
    "referred by", a referral cycle or a second household membership (the survivor's own links win). Returns
    the deleted rows as they were, so undo_merge can put them back."""
    def referrer_of(cid: int) -> int | None:
        row = session.execute(select(Referral.referrer_id).where(Referral.customer_id == cid).limit(1)).first()
        return row[0] if row else None

    def after_merge(cid: int | None) -> int | None:
        return survivor_id if cid == merged_id else cid

    def chain_reaches_survivor(start: int | None) -> bool:
        seen: set[int] = set()
        cid = after_merge(start)
        while cid is not None and cid not in seen:
            if cid == survivor_id:
                return True
            seen.add(cid)
            cid = after_merge(referrer_of(cid))
        return False

    drop: dict[str, set[int]] = {"referral": set(), "household_member": set()}
    survivor_referred = referrer_of(survivor_id) is not None
    for rid, customer_id, referrer_id in session.execute(
            select(Referral.id, Referral.customer_id, Referral.referrer_id)
            .where(or_(Referral.customer_id == merged_id, Referral.referrer_id == merged_id))):
        if customer_id == merged_id:  # who referred the duplicate
            if survivor_referred or chain_reaches_survivor(referrer_id):
                drop["referral"].add(rid)
        elif customer_id == survivor_id or _referred_up_to(session, survivor_id, customer_id, merged_id):
            drop["referral"].add(rid)  # the duplicate referred the survivor or someone above it: a cycle
    if session.execute(select(HouseholdMember.id).where(HouseholdMember.customer_id == survivor_id)).first():
        drop["household_member"].update(session.execute(
            select(HouseholdMember.id).where(HouseholdMember.customer_id == merged_id)).scalars())
    out: dict[str, list[dict[str, Any]]] = {}
    for table, ids in drop.items():
        if not ids:
            continue
        model = _FAMILY_MODELS[table]
        rows = session.execute(select(model).where(model.id.in_(sorted(ids)))).scalars().all()
        out[table] = [{c.name: _jsonable(getattr(row, c.name)) for c in model.__table__.columns} for row in rows]
        session.execute(delete(model).where(model.id.in_(sorted(ids))).execution_options(synchronize_session=False))
    return out


def _referred_up_to(session: Session, survivor_id: int, customer_id: int, merged_id: int) -> bool:
    """Whether customer_id is among the survivor's referrers at any depth (the duplicate counting as the
    survivor)."""
    seen: set[int] = set()
    cid: int | None = survivor_id
    while cid is not None and cid not in seen:
        seen.add(cid)
        row = session.execute(select(Referral.referrer_id).where(Referral.customer_id == cid).limit(1)).first()
        cid = row[0] if row else None
        if cid == merged_id:
            cid = survivor_id
        if cid == customer_id:
            return True
    return False


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def merge_customers(session: Session, survivor_id: int, merged_id: int, *,
                    staff_id: int | None = None) -> CustomerMerge:
    """Merge the duplicate into the survivor (see the module text); returns the merge record. Owner only."""
    require(session, Permission.MERGE)
    plan = plan_merge(session, survivor_id, merged_id)
    survivor, merged = _customer(session, survivor_id), _customer(session, merged_id)
    details: dict[str, Any] = {"survivor_before": _snapshot(survivor), "merged_before": _snapshot(merged),
                               "filled": sorted(plan.filled), "moved": {}}
    details["dropped"] = _drop_family_conflicts(session, survivor_id, merged_id)
    for table, model, column in _moved_columns():
        ids = list(session.execute(select(model.id).where(column == merged_id).order_by(model.id)).scalars())
        details["moved"][table] = ids
        if ids:
            session.execute(update(model).where(model.id.in_(ids)).values({column.key: survivor_id})
                            .execution_options(synchronize_session=False))
    stamp = now()
    if "customer_code" in plan.filled:
        # The code is unique: take it off the duplicate before the survivor gets it. Imports match by code,
        # so the next sale under this code lands on the survivor.
        merged.customer_code = None
        session.flush()
    merged.archived = True
    merged.archived_at = stamp
    merged.merged_into_id = survivor_id
    for name, value in plan.filled.items():
        setattr(survivor, name, value)
    survivor.tags = plan.tags
    survivor.first_seen = plan.first_seen
    refresh_derived(survivor)
    refresh_derived(merged)  # its code may have moved to the survivor
    _new_versions(session, (survivor, merged), stamp)
    session.flush()
    details["survivor_after"] = _editable_state(survivor)
    details["merged_after"] = _editable_state(merged)
    record = CustomerMerge(survivor_id=survivor_id, merged_id=merged_id, merged_at=stamp, staff_id=staff_id,
                           details=json.dumps(details, ensure_ascii=False))
    session.add(record)
    refresh_purchase_totals(session, [survivor_id, merged_id])
    # The survivor's spend now includes the duplicate's: its tier may move (a new tier-change row; history stays).
    loyalty.recompute_tiers(session, [survivor_id, merged_id])
    session.flush()
    audit.record(session, "merge", survivor_id, {"merged_id": merged_id, "merge_id": record.id,
                                                  "filled": sorted(plan.filled), "moved": plan.moving})
    return record


def undo_merge(session: Session, merge_id: int) -> CustomerMerge:
    """Put both cards and every moved row back exactly as they were before the merge.

    Refused (MergeRefused) when already undone, when a later merge still involves either card, when either
    card was edited after the merge, or when a moved row no longer belongs to the survivor. Owner only."""
    require(session, Permission.MERGE)
    record = session.get(CustomerMerge, merge_id)
    if record is None:
        raise NotFound.of("Merge", merge_id)
    if record.undone_at is not None:
        raise MergeRefused("undo_done", f"this merge was already undone on {record.undone_at:%Y-%m-%d %H:%M}",
                           ko=f"이 병합은 이미 {record.undone_at:%Y-%m-%d %H:%M}에 되돌렸습니다.")
    later = session.execute(
        select(CustomerMerge.id).where(
            CustomerMerge.id > record.id, CustomerMerge.undone_at.is_(None),
            or_(CustomerMerge.survivor_id.in_([record.survivor_id, record.merged_id]),
                CustomerMerge.merged_id.in_([record.survivor_id, record.merged_id])))
    ).first()
    if later is not None:
        raise MergeRefused("undo_later_merge",
                           "a later merge involves the same cards; undo that one first",
                           ko="나중의 병합이 같은 카드를 포함합니다. 그 병합을 먼저 되돌리세요.")
    details = json.loads(record.details)
    if details.get("erased"):
        raise MergeRefused("undo_erased", "a card of this merge was erased; its data cannot come back",
                           ko="이 병합의 카드 하나가 삭제되어 그 데이터를 되돌릴 수 없습니다.")
    survivor, merged = _customer(session, record.survivor_id), _customer(session, record.merged_id)
    for card, key in ((survivor, "survivor_after"), (merged, "merged_after")):
        if _editable_state(card) != details[key]:
            raise MergeRefused("undo_card_changed",
                               f"{card.name}'s card was changed after the merge; undoing would lose those changes",
                               ko=f"카드 {card.name}이(가) 병합 뒤에 바뀌었습니다. 되돌리면 그 변경이 사라집니다.")
    for table, ids in details["moved"].items():
        model, column = _moved_column(table)
        if not ids:
            continue
        still = session.execute(select(model.id).where(model.id.in_(ids), column == record.survivor_id)
                                ).scalars().all()
        if len(still) != len(ids):
            raise MergeRefused("undo_rows_moved",
                               f"{len(ids) - len(still)} of the moved {table} records no longer belong to "
                               f"{survivor.name}; they cannot be moved back",
                               ko=f"옮긴 {table} 기록 중 {len(ids) - len(still)}건이 더 이상 {survivor.name}의 것이 "
                                  "아니어서 되돌려 옮길 수 없습니다.")
    for table, ids in details["moved"].items():
        model, column = _moved_column(table)
        if ids:
            session.execute(update(model).where(model.id.in_(ids)).values({column.key: record.merged_id})
                            .execution_options(synchronize_session=False))
    for table, rows in details.get("dropped", {}).items():  # family rows the merge deleted as conflicts
        model = _FAMILY_MODELS[table]
        session.execute(insert(model), [{k: datetime.fromisoformat(v) if k in ("created_at", "added_at") and v
                                         else v for k, v in row.items()} for row in rows])
    survivor_before, merged_before = _decode(details["survivor_before"]), _decode(details["merged_before"])
    # The survivor gives the code back first: it is unique.
    survivor.customer_code = survivor_before["customer_code"]
    session.flush()
    for card, before in ((survivor, survivor_before), (merged, merged_before)):
        for name, value in before.items():
            if name not in _VERSION_STAMP:
                setattr(card, name, value)
    record.undone_at = now()
    _new_versions(session, (survivor, merged), record.undone_at)  # the cards as before, but not the versions
    session.flush()
    refresh_purchase_totals(session, [record.survivor_id, record.merged_id])
    loyalty.recompute_tiers(session, [record.survivor_id, record.merged_id])
    audit.record(session, "unmerge", record.survivor_id, {"merged_id": record.merged_id, "merge_id": record.id})
    return record


def card_counts(session: Session, customer_id: int) -> dict[str, int]:
    """How many rows of each moving table belong to a card (the review screen compares them)."""
    return {table: len(session.execute(select(model.id).where(model.customer_id == customer_id)).all())
            for table, model in MOVED_TABLES.items()}


@dataclass(frozen=True)
class CardBrief:
    id: int
    name: str
    phone: str | None


def describe_cards(session: Session, ids: Iterable[int]) -> dict[int, CardBrief]:
    """Name and phone of each card, for a list of suggested pairs."""
    wanted = sorted(set(ids))
    out: dict[int, CardBrief] = {}
    for start in range(0, len(wanted), 500):  # keeps the IN list within every database's limit
        chunk = wanted[start:start + 500]
        for cid, name, phone in session.execute(
                select(Customer.id, Customer.name, Customer.phone).where(Customer.id.in_(chunk))):
            out[cid] = CardBrief(cid, name, phone)
    return out


@dataclass(frozen=True)
class MergeRow:
    id: int
    merged_at: datetime
    survivor_id: int
    survivor_name: str
    merged_id: int
    merged_name: str
    undone_at: datetime | None
    filled: tuple[str, ...]
    moved: dict[str, int]


def recent_merges(session: Session, *, limit: int = 50, include_undone: bool = False) -> list[MergeRow]:
    """The latest merges, newest first, with both names and what moved."""
    stmt = select(CustomerMerge).order_by(CustomerMerge.id.desc()).limit(limit)
    if not include_undone:
        stmt = stmt.where(CustomerMerge.undone_at.is_(None))
    records = session.execute(stmt).scalars().all()
    ids = {r.survivor_id for r in records} | {r.merged_id for r in records}
    names: dict[int, str] = dict(
        session.execute(select(Customer.id, Customer.name).where(Customer.id.in_(ids))).all())
    rows = []
    for r in records:
        details = json.loads(r.details)
        rows.append(MergeRow(r.id, r.merged_at, r.survivor_id, names.get(r.survivor_id, "?"), r.merged_id,
                             names.get(r.merged_id, "?"), r.undone_at, tuple(details.get("filled", ())),
                             {t: len(ids) for t, ids in details.get("moved", {}).items()}))
    return rows


__all__ = [
    "CROWDED_BLOCK", "CROWDED_LAST4", "FILLED_FIELDS", "MOVED_TABLES", "NAME_SIMILARITY", "NAME_SLIPS", "REASONS",
    "SAME_NAME_BIRTHDAY", "SAME_NAME_PHONE_TYPO", "SAME_PHONE", "SIMILAR_NAME_LAST4", "CardBrief", "DuplicatePair",
    "DuplicateScan", "MergePlan", "MergeRefused", "MergeRow", "card_counts", "describe_cards", "find_duplicates",
    "merge_customers", "plan_merge", "recent_merges", "undo_merge",
]
