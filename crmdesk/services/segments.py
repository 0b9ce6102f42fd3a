"""The shop's RFM segment mapping as a setting: which of the 125 RFM codes belongs to which segment.

Storage lives here, with the other settings (owner only, audited); :mod:`crmdesk.analytics.rfm` validates a mapping
and reads the stored one, so the analytics never import services.
"""

from __future__ import annotations

from sqlmodel import Session

from crmdesk.analytics.rfm import SETTING_KEY, parse_segment_map, segment_map_from_codes, stored_form
from crmdesk.services.settings import get_setting, set_setting


def load_segment_map(session: Session) -> dict[str, str]:
    """The shop's mapping (code -> segment): its saved override, else the default; a damaged one is refused."""
    return parse_segment_map(get_setting(session, SETTING_KEY))


def save_segment_map(session: Session, codes_by_segment: object) -> dict[str, str]:
    """Validate and store the shop's mapping (as :func:`~crmdesk.analytics.rfm.segment_map_from_codes` takes it);
    returns it as code -> segment."""
    mapping = segment_map_from_codes(codes_by_segment)
    set_setting(session, SETTING_KEY, stored_form(mapping))
    return mapping


def reset_segment_map(session: Session) -> None:
    """Back to the default scheme."""
    set_setting(session, SETTING_KEY, "")
