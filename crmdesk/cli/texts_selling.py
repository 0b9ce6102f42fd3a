"""The selling commands' words (coupons, suggest, fit), merged into cli/texts.py's tables: same shapes."""

from __future__ import annotations

SELLING_HELP: dict[str, str | tuple[str, str]] = {
    "coupons": ("coupons issued and redeemed, per kind and per campaign",
                "Coupons issued in the period (default: the whole history), how many were redeemed on a purchase "
                "that still counts, the redemption rate and those purchases' revenue, per kind (birthday, "
                "campaign, by hand) and per campaign."),
    "coupons --from": "coupons issued from this day on",
    "coupons --to": "coupons issued up to this day, included",
    "selling --out": "write the table to FILE (.csv or .xlsx) instead of printing it",
    "selling --headers": "column names of the file in ko or en (default en)",
    "selling --lang": "output language",
}

SELLING_WORDS: dict[str, tuple[str, str]] = {
    "coupons_title": ("Coupons issued {period}", "{period} 발행된 쿠폰"),
    "coupons_all_time": ("over the whole history", "전체 기간"),
    "coupons_between": ("from {start} to {end}", "{start} ~ {end}"),
    "coupons_none": ("No coupons were issued in this period.", "이 기간에 발행된 쿠폰이 없습니다."),
    "coupons_written": ("Wrote {count:,} rows to {path}.", "{count:,}행을 {path}에 저장했습니다."),
    "coupons_revenue_note": ("Revenue: the totals of the purchases the coupons were redeemed on (voided ones left "
                             "out).", "매출: 쿠폰을 사용한 구매의 합계 (취소된 구매 제외)."),
    "coupon_kind_birthday": ("Birthday", "생일"),
    "coupon_kind_campaign": ("Campaign offers", "캠페인 쿠폰"),
    "coupon_kind_manual": ("Made by hand", "직접 발행"),
    "coupon_campaign": ("Campaign: {name}", "캠페인: {name}"),
    "coupon_total": ("All coupons", "전체"),
}

SELLING_HEADERS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "coupons": (("Coupons", "Issued", "Redeemed", "Rate", "Revenue", "Discount"),
                ("쿠폰", "발행", "사용", "사용률", "매출", "할인액")),
    "coupons_file": (("group", "name", "issued", "redeemed", "rate", "revenue", "discount"),
                     ("구분", "이름", "발행", "사용", "사용률", "매출", "할인액")),
}
