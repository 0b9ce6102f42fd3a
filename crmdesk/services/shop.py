"""The shop's own details: what an advertising message and a consent form name (issue 17).

Kept as settings (services/settings.py: owner only, audited): the shop's name, phone, address and the free
opt-out number (080…) an advertising message must end with (정보통신망법 제50조④ and its decree).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from crmdesk import normalise as nz
from crmdesk.errors import Problem, ValidationError
from crmdesk.services.settings import get_setting, set_setting

KEYS = {"name": "shop_name", "phone": "shop_phone", "address": "shop_address", "opt_out": "shop_opt_out"}
MAX_NAME, MAX_ADDRESS = 60, 200


@dataclass(frozen=True, slots=True)
class ShopDetails:
    name: str
    phone: str  # digits, as stored ("021234567"); "" when not set
    address: str
    opt_out: str  # the free opt-out number, digits ("0801234567"); "" when not set

    @property
    def phone_shown(self) -> str:
        return nz.format_phone(self.phone)

    @property
    def opt_out_shown(self) -> str:
        return nz.format_phone(self.opt_out)


def shop_details(session: Session) -> ShopDetails:
    return ShopDetails(*(get_setting(session, key) for key in KEYS.values()))


def _phone(field: str, raw: str, problems: list[Problem]) -> str:
    if not raw.strip():
        return ""
    try:
        digits = nz.normalise_phone(raw) or ""
    except nz.InvalidValue as exc:
        problems.append(Problem(field, "phone_invalid", f"{raw!r}: {exc}", raw))
        return ""
    if field == "opt_out" and not digits.startswith("080"):
        problems.append(Problem(field, "opt_out_invalid",
                                f"{raw!r}: the free opt-out number is a toll-free 080 number", raw))
    return digits


def set_shop_details(session: Session, *, name: str | None = None, phone: str | None = None,
                     address: str | None = None, opt_out: str | None = None) -> ShopDetails:
    """Set the given details (None leaves one as it is; "" clears it). Owner only; every change audited.
    Nothing is stored when any value is wrong."""
    problems: list[Problem] = []
    values: dict[str, str] = {}
    if name is not None:
        values["name"] = nz.strip_control(name).strip()
        if len(values["name"]) > MAX_NAME:
            problems.append(Problem("name", "too_long", f"the shop's name has at most {MAX_NAME} characters"))
    if address is not None:
        values["address"] = nz.strip_control(address).strip()
        if len(values["address"]) > MAX_ADDRESS:
            problems.append(Problem("address", "too_long", f"the address has at most {MAX_ADDRESS} characters"))
    for field, raw in (("phone", phone), ("opt_out", opt_out)):
        if raw is not None:
            values[field] = _phone(field, raw, problems)
    if problems:
        raise ValidationError(problems)
    for field, value in values.items():
        set_setting(session, KEYS[field], value)
    return shop_details(session)
