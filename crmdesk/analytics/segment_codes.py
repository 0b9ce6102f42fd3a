"""The RFM segment scheme: the eleven segments and their Korean names, the 125 codes, the default mapping and a
shop's stored one (validated). No pandas: the card's value line names a customer's segment with it at once."""

from __future__ import annotations

import json

from crmdesk.errors import CrmError

# (key = English name, Korean name), in the order a summary lists them: best first, then slipping away.
SEGMENTS = (
    ("Champions", "챔피언"),
    ("Loyal Customers", "충성 고객"),
    ("Potential Loyalist", "잠재 충성 고객"),
    ("New Customers", "신규 고객"),
    ("Promising", "유망 고객"),
    ("Need Attention", "관심 필요"),
    ("About To Sleep", "이탈 직전"),
    ("At Risk", "이탈 위험"),
    ("Can't Lose Them", "놓치면 안 될 고객"),
    ("Hibernating", "휴면"),
    ("Lost", "이탈"),
)
NO_PURCHASE = ("No purchase", "구매 없음")
SEGMENT_NAMES = tuple(en for en, _ in SEGMENTS)
KOREAN_NAMES = dict(SEGMENTS) | {NO_PURCHASE[0]: NO_PURCHASE[1]}
ALL_CODES = tuple(f"{r}{f}{m}" for r in range(1, 6) for f in range(1, 6) for m in range(1, 6))

# The common 125-code table of the 11-segment scheme.
DEFAULT_SEGMENT_CODES: dict[str, tuple[str, ...]] = {
    "Champions": ("555", "554", "544", "545", "454", "455", "445"),
    "Loyal Customers": ("543", "444", "435", "355", "354", "345", "344", "335"),
    "Potential Loyalist": ("553", "551", "552", "541", "542", "533", "532", "531", "452", "451", "442", "441",
                           "431", "453", "433", "432", "423", "353", "352", "351", "342", "341", "333", "323"),
    "New Customers": ("512", "511", "422", "421", "412", "411", "311"),
    "Promising": ("525", "524", "523", "522", "521", "515", "514", "513", "425", "424", "413", "414", "415",
                  "315", "314", "313"),
    "Need Attention": ("535", "534", "443", "434", "343", "334", "325", "324"),
    "About To Sleep": ("331", "321", "312", "221", "213", "231", "241", "251"),
    "At Risk": ("255", "254", "245", "244", "253", "252", "243", "242", "235", "234", "225", "224", "153", "152",
                "145", "143", "142", "135", "134", "133", "125", "124"),
    "Can't Lose Them": ("155", "154", "144", "214", "215", "115", "114", "113"),
    "Hibernating": ("332", "322", "233", "232", "223", "222", "132", "123", "122", "212", "211"),
    "Lost": ("111", "112", "121", "131", "141", "151"),
}
SETTING_KEY = "rfm_segments"

RFM_COLUMNS = ["customer_id", "customer_code", "name", "recency_days", "frequency", "monetary", "r", "f", "m",
               "rfm", "segment"]


class SegmentMapError(CrmError):
    """A segment mapping that does not give every code exactly one known segment."""


def segment_map_from_codes(codes_by_segment: object) -> dict[str, str]:
    """Validate ``{"Segment": ["555", ...], ...}`` (English or Korean segment names) and return code -> English
    segment name. Every one of the 125 codes must appear exactly once; a segment may be left out or empty."""
    if not isinstance(codes_by_segment, dict):
        raise SegmentMapError('The RFM segment mapping must be an object like {"Champions": ["555", ...]}.',
                              ko='RFM 세그먼트 대응은 {"Champions": ["555", ...]} 같은 객체여야 합니다.')
    by_korean = {ko: en for en, ko in SEGMENTS}
    mapping: dict[str, str] = {}
    for name, codes in codes_by_segment.items():
        segment = name if name in SEGMENT_NAMES else by_korean.get(name)
        if segment is None:
            raise SegmentMapError(f"Unknown RFM segment {name!r}; known: {', '.join(SEGMENT_NAMES)}.",
                                  ko=f"RFM 세그먼트 {name!r}은(는) 없습니다. 있는 세그먼트: "
                                     f"{', '.join(SEGMENT_NAMES)}.")
        if not isinstance(codes, list | tuple):
            raise SegmentMapError(f"The codes of {name} must be a list like [\"555\", \"554\"].",
                                  ko=f"세그먼트 {name}의 코드는 [\"555\", \"554\"] 같은 목록이어야 합니다.")
        for code in codes:
            code = str(code)
            if code not in ALL_CODES:
                raise SegmentMapError(f"{code!r} under {name} is not an RFM code (three digits 1-5, e.g. 543).",
                                      ko=f"세그먼트 {name} 아래의 {code!r}은(는) RFM 코드(1~5 숫자 세 자리, "
                                         "예: 543)가 아닙니다.")
            if code in mapping:
                raise SegmentMapError(f"RFM code {code} is given twice ({mapping[code]} and {segment}).",
                                      ko=f"RFM 코드 {code}이(가) 두 번 나옵니다({mapping[code]}, {segment}).")
            mapping[code] = segment
    missing = [c for c in ALL_CODES if c not in mapping]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        raise SegmentMapError(f"The RFM segment mapping leaves out {len(missing)} codes: {shown}.",
                              ko=f"RFM 세그먼트 대응에 코드 {len(missing)}개가 빠졌습니다: {shown}.")
    return mapping


def default_segment_map() -> dict[str, str]:
    return segment_map_from_codes(DEFAULT_SEGMENT_CODES)


def parse_segment_map(raw: str) -> dict[str, str]:
    """The shop's mapping (code -> segment) from its stored text: the saved override, else the default. A damaged
    saved mapping is refused with a message rather than silently replaced. Storing it is
    :mod:`crmdesk.services.segments`' job; analytics only reads."""
    if not raw:
        return default_segment_map()
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise SegmentMapError(f"The saved RFM segment mapping is not valid JSON: {exc}.",
                              ko=f"저장된 RFM 세그먼트 대응이 올바른 JSON이 아닙니다: {exc}.") from exc
    return segment_map_from_codes(data)


def stored_form(mapping: dict[str, str]) -> str:
    """A mapping (code -> segment) as it is stored: compactly, segment -> codes, small enough for any database's
    setting column."""
    grouped: dict[str, list[str]] = {}
    for code in ALL_CODES:
        grouped.setdefault(mapping[code], []).append(code)
    return json.dumps(grouped, ensure_ascii=False, separators=(",", ":"))
