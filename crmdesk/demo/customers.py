"""The customers' cards for the demo café: names weighted like the census, unique 010 numbers, e-mail
addresses, birthdays (some lunar), addresses around the café, tags, memos, consent and archive dates.

Every draw is vectorised and made in a fixed order from the shop's one generator (a seed always gives the same
cards); only the assembling of the texts walks the customers one by one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

import numpy as np

from crmdesk.demo.world import (
    APARTMENTS,
    CHANNELS,
    CLOSING_HOUR,
    DISTRICTS,
    EMAIL_DOMAINS,
    FOREIGN_NAMES,
    GIVEN_POOLS,
    GROUP_MEMO,
    LOST,
    MEMOS,
    ONE_OFF,
    REGULAR,
    SUBSCRIPTION_MEMO,
    SURNAMES,
    weights,
)
from crmdesk.models.customer import derived_columns


class ShopClock(Protocol):
    """What the cards need of the sales generator (crmdesk.demo.sales.Generator): its random generator, the
    number of customers, the demo's today and last day, and a moment in opening hours between two moments."""

    rng: np.random.Generator
    n: int
    as_of: date
    last: int

    def some_time_between(self, lo: np.ndarray, hi: np.ndarray | int) -> np.ndarray: ...

Draws = dict[str, np.ndarray]
# The text columns of the cards, in the order draw_customers fills them.
TEXT_COLUMNS = ("name", "phone", "phone_last4", "email", "gender", "address", "memo", "tags", "customer_code",
                "acquired_via", "search_text")
_GENDERS = ("F", "M", None)


def draw_customers(gen: ShopClock, arch: np.ndarray, group: np.ndarray, subscriber: np.ndarray,
                   visit_count: np.ndarray, spent: np.ndarray, first: np.ndarray, latest: np.ndarray
                   ) -> dict[str, Any]:
    """The card of each customer (already in id order): column -> values (lists of texts, numpy arrays, and
    (values, null mask) pairs for the columns that may be empty)."""
    rng, n = gen.rng, gen.n
    people = draw_people(rng, n, gen.as_of.year)
    contact = draw_contact_details(rng, n, people["age"], arch)
    tags = draw_tags(rng, n, arch, group, spent, people["age"])
    pos = draw_pos_codes(rng, n)
    dates = draw_card_dates(gen, arch, first, latest)
    cust: dict[str, Any] = card_texts(people, contact, tags, pos, group, subscriber)
    cust.update(
        birthday=(people["birthday"], ~people["has_birthday"]), birthday_lunar=people["lunar"],
        first_seen=first // 86400, marketing_consent=dates["consent"],
        marketing_consent_at=(dates["consent_at"], ~dates["consent"]), archived=dates["archived"],
        archived_at=(dates["archived_at"], ~dates["archived"]), created_at=dates["created"],
        updated_at=dates["updated"], visit_count=visit_count, total_spent=spent, last_purchase_at=latest,
    )
    return cust


def draw_people(rng: np.random.Generator, n: int, this_year: int) -> Draws:
    """Gender, age, birthday and name (indexes into the name tables)."""
    gender = rng.choice(3, n, p=[0.56, 0.39, 0.05])  # F, M, unknown
    foreign = rng.random(n) < 0.02
    foreign_idx = rng.integers(0, len(FOREIGN_NAMES), n)
    bands = ((15, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 76))
    band = rng.choice(len(bands), n, p=[0.04, 0.34, 0.28, 0.18, 0.10, 0.06])
    low = np.asarray([x for x, _ in bands])[band]
    high = np.asarray([y for _, y in bands])[band]
    age = low + (rng.random(n) * (high - low)).astype(np.int64)
    birth_year = this_year - age
    birthday = (birth_year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(0, 365, n)
    has_birthday = rng.random(n) < 0.70
    lunar = has_birthday & (rng.random(n) < np.where(age >= 55, 0.3, np.where(age >= 40, 0.12, 0.03)))
    name_gender = np.where(gender == 2, rng.integers(0, 2, n), gender)
    pool = name_gender * 2 + (birth_year < 1985)
    surname = rng.choice(len(SURNAMES), n, p=weights([s[2] for s in SURNAMES]))
    given = np.zeros(n, dtype=np.int64)
    for p, names in enumerate(GIVEN_POOLS):
        m = pool == p
        given[m] = rng.choice(len(names), m.sum(), p=weights(1 / np.arange(1, len(names) + 1) ** 0.4))
    return {"gender": gender, "foreign": foreign, "foreign_idx": foreign_idx, "age": age, "birth_year": birth_year,
            "birthday": birthday, "has_birthday": has_birthday, "lunar": lunar, "pool": pool, "surname": surname,
            "given": given}


def draw_contact_details(rng: np.random.Generator, n: int, age: np.ndarray, arch: np.ndarray) -> Draws:
    """Phone numbers, e-mail styles and domains, addresses and memos."""
    return {
        "phone_numbers": unique_numbers(rng, n),
        "has_email": rng.random(n) < np.where(age < 40, 0.34, 0.22),
        "email_style": rng.integers(0, 4, n),
        "email_number": rng.integers(1, 1000, n),
        "domain": rng.choice(len(EMAIL_DOMAINS), n, p=weights(EMAIL_DOMAINS)),
        "has_address": rng.random(n) < 0.3,
        "district": rng.choice(len(DISTRICTS), n, p=weights([d[3] for d in DISTRICTS])),
        "dong": rng.integers(0, 100, n),
        "address_style": rng.integers(0, 10, n),
        "address_numbers": rng.integers(1, 800, (n, 3)),
        "apartment": rng.integers(0, len(APARTMENTS), n),
        "has_memo": rng.random(n) < np.where(arch == REGULAR, 0.35, 0.07),
        "memo": rng.integers(0, len(MEMOS), n),
    }


def draw_tags(rng: np.random.Generator, n: int, arch: np.ndarray, group: np.ndarray, spent: np.ndarray,
              age: np.ndarray) -> Draws:
    """Which tags each card may carry (at most two are kept, in this order)."""
    vip = np.zeros(n, dtype=bool)
    vip[np.argsort(-spent, kind="stable")[: max(1, n * 3 // 100)]] = True
    vip &= rng.random(n) < 0.8
    regular = rng.random(n) < np.choose(arch, (0.0, 0.05, 0.0, 0.1, 0.35, 0.7))
    worker = (age >= 25) & (age <= 55) & (rng.random(n) < 0.12)
    student = (age <= 23) & (rng.random(n) < 0.6)
    group_tag = group & (rng.random(n) < 0.8)
    return {"vip": vip, "regular": regular, "worker": worker, "student": student, "group": group_tag}


def draw_pos_codes(rng: np.random.Generator, n: int) -> Draws:
    """From the POS: a code for ~60% (numbered in the order they came, with a few gaps); how they found us."""
    has_code = rng.random(n) < 0.6
    code_number = 100 + np.cumsum(has_code * (1 + (rng.random(n) < 0.04) * rng.integers(1, 6, n)))
    channel = rng.choice(len(CHANNELS), n, p=weights(CHANNELS))
    return {"has_code": has_code, "code_number": code_number, "channel": channel}


def draw_card_dates(gen: ShopClock, arch: np.ndarray, first: np.ndarray, latest: np.ndarray) -> Draws:
    """Registered at the first visit; consent then or later; some cards edited later; a few lost ones archived."""
    rng, n = gen.rng, gen.n
    end_of_day = gen.last * 86400 + CLOSING_HOUR * 3600
    created = first + rng.integers(5, 180, n)
    consent = rng.random(n) < 0.55
    consent_at = np.where(rng.random(n) < 0.75, created,
                          np.maximum(created, gen.some_time_between(created, latest)))
    updated = np.where(rng.random(n) < 0.45, np.maximum(created, gen.some_time_between(created, end_of_day)),
                       created)
    updated = np.where(consent, np.maximum(updated, consent_at), updated)
    archived = np.zeros(n, dtype=bool)
    gone = np.flatnonzero(np.isin(arch, (ONE_OFF, LOST)) & (latest < (gen.last - 180) * 86400))
    archived[rng.permutation(gone)[: int(round(n * 0.01))]] = True
    archived_at = np.minimum(latest + rng.integers(30, 365, n) * 86400 + rng.integers(0, 3600, n),
                             end_of_day)
    updated = np.where(archived, np.maximum(updated, archived_at), updated)
    return {"created": created, "consent": consent, "consent_at": consent_at, "updated": updated,
            "archived": archived, "archived_at": archived_at}


def card_texts(people: Draws, contact: Draws, tags: Draws, pos: Draws, group: np.ndarray,
               subscriber: np.ndarray) -> dict[str, list[Any]]:
    """The text columns of every card, with its derived columns from the one function every writer uses."""
    out: dict[str, list[Any]] = {k: [] for k in TEXT_COLUMNS}
    emails_seen: set[str] = set()
    for i in range(len(people["gender"])):
        name, handle, gender = person_name(people, contact, i)
        phone = f"010{contact['phone_numbers'][i]:08d}"
        email = email_address(contact, i, handle, emails_seen) if contact["has_email"][i] else None
        tag_text = tag_list(tags, subscriber, i)
        code = f"C{pos['code_number'][i]:06d}" if pos["has_code"][i] else None
        last4, search = derived_columns(name=name, phone=phone, email=email, customer_code=code, tags=tag_text)
        row = (name, phone, last4, email, gender, street_address(contact, i), memo_text(contact, group, subscriber, i),
               tag_text, code, CHANNELS[pos["channel"][i]][0], search)
        for column, value in zip(TEXT_COLUMNS, row, strict=True):
            out[column].append(value)
    return out


def person_name(people: Draws, contact: Draws, i: int) -> tuple[str, str, str | None]:
    """(name, e-mail handle, gender letter) of customer ``i``."""
    style, number = contact["email_style"][i], contact["email_number"][i]
    if people["foreign"][i]:
        given_name, family, g = FOREIGN_NAMES[people["foreign_idx"][i]]
        handle = (f"{given_name}.{family}" if style < 2 else f"{given_name}{number}").lower()
        return f"{given_name} {family}", handle, g if people["gender"][i] != 2 else None
    sur, sur_roman, _ = SURNAMES[people["surname"][i]]
    first_name, first_roman = GIVEN_POOLS[people["pool"][i]][people["given"][i]]
    if style == 0:
        handle = f"{first_roman}{sur_roman}{number % 100:02d}"
    elif style == 1:
        handle = f"{sur_roman}.{first_roman}"
    elif style == 2:
        handle = f"{first_roman}{people['birth_year'][i] % 100:02d}"
    else:
        handle = f"{sur_roman}{first_roman}{number}"
    return sur + first_name, handle, _GENDERS[people["gender"][i]]


def email_address(contact: Draws, i: int, handle: str, seen: set[str]) -> str:
    """An address at the drawn domain; one already taken gets digits added (an address belongs to one person)."""
    domain = EMAIL_DOMAINS[contact["domain"][i]][0]
    email = f"{handle}@{domain}"
    while email in seen:
        handle += str(contact["email_number"][i] % 10)
        email = f"{handle}@{domain}"
    seen.add(email)
    return email


def street_address(contact: Draws, i: int) -> str | None:
    if not contact["has_address"][i]:
        return None
    province, gu, dongs, _ = DISTRICTS[contact["district"][i]]
    style = contact["address_style"][i]
    where = f"{'서울' if province == '서울특별시' and style < 4 else province} {gu} " \
            f"{dongs[contact['dong'][i] % len(dongs)]}"
    x, y, z = contact["address_numbers"][i]
    if style < 7:
        return f"{where} {x}-{y % 60 + 1}"
    return f"{where} {APARTMENTS[contact['apartment'][i]]} {101 + y % 15}동 {z % 20 + 1}{x % 4 + 1:02d}호"


def tag_list(tags: Draws, subscriber: np.ndarray, i: int) -> str:
    chosen = [label for label, on in (("VIP", tags["vip"][i]), ("단골", tags["regular"][i]),
                                      ("원두구독", subscriber[i]), ("단체주문", tags["group"][i]),
                                      ("직장인", tags["worker"][i]), ("학생", tags["student"][i])) if on]
    return ",".join(chosen[:2])


def memo_text(contact: Draws, group: np.ndarray, subscriber: np.ndarray, i: int) -> str | None:
    if group[i]:
        return GROUP_MEMO
    if subscriber[i] and contact["has_memo"][i]:
        return SUBSCRIPTION_MEMO
    return MEMOS[contact["memo"][i]] if contact["has_memo"][i] else None


def unique_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct 8-digit mobile numbers (the part after 010; the middle block starts with 2-9)."""
    found = np.empty(0, dtype=np.int64)
    while len(found) < n:
        more = rng.integers(20_000_000, 100_000_000, n - len(found) + n // 20 + 16)
        merged = np.concatenate((found, more))
        _, first = np.unique(merged, return_index=True)
        found = merged[np.sort(first)]
    return found[:n]
