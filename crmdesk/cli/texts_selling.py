"""The selling commands' words (coupons, suggest, fit), merged into cli/texts.py's tables: same shapes."""

from __future__ import annotations

SELLING_HELP: dict[str, str | tuple[str, str]] = {
    "coupons": ("coupons issued and redeemed, per kind and per campaign",
                "Coupons issued in the period (default: the whole history), how many were redeemed on a purchase "
                "that still counts, the redemption rate and those purchases' revenue, per kind (birthday, "
                "campaign, by hand) and per campaign."),
    "coupons --from": "coupons issued from this day on",
    "coupons --to": "coupons issued up to this day, included",
    "suggest": ("what to offer one customer next, and why",
                "What to offer one customer next: an up-sell (a dearer product of a category they buy that "
                "customers like them moved up to), a sequence (what buyers of their products bought within 60 "
                "days) and a cross-sell (what sells on the same receipt), each with its reason; and their three "
                "usual items. The card's Suggestions tab shows the same."),
    "suggest --customer": "customer code, or the numeric id",
    "suggest --as-of": "look from this day (default today)",
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
    "suggest_title": ("Suggestions for {name} (#{id})", "{name} 고객 (#{id}) 추천"),
    "suggest_usual": ("Usual items: {items}", "자주 사는 상품: {items}"),
    "suggest_usual_item": ("{product} ({receipts}×)", "{product} ({receipts}회)"),
    "suggest_no_purchases": ("No purchases yet: nothing to go on.", "아직 구매가 없어 추천할 근거가 없습니다."),
    "suggest_nothing": ("Nothing to suggest: nothing sells notably often after or with theirs.",
                        "추천할 상품이 없습니다: 이 고객의 상품과 함께 또는 뒤이어 눈에 띄게 팔리는 상품이 없습니다."),
    "offer_kind_up_sell": ("Up-sell", "업셀링"),
    "offer_kind_sequence": ("Next in sequence", "다음 구매"),
    "offer_kind_cross_sell": ("Cross-sell", "교차 판매"),
    "offer_reason_up_sell": ("{customers} customers who bought {because} moved up to {product} ({share} of its "
                             "buyers); it costs {step:,} more",
                             "{because} 구매 고객 {customers}명이 {product}(으)로 올라갔습니다 (구매 고객의 {share}); "
                             "{step:,}원 더 비쌉니다"),
    "offer_reason_sequence": ("{share} of the customers who bought {because} bought {product} within {days} days "
                              "(usually {step} days later)",
                              "{because} 구매 고객의 {share}가 {days}일 안에 {product}도 샀습니다 (보통 {step}일 뒤)"),
    "offer_reason_cross_sell": ("{share} of the receipts with {because} also have {product}",
                                "{because}이(가) 있는 영수증의 {share}에 {product}도 있습니다"),
    "coupon_kind_birthday": ("Birthday", "생일"),
    "coupon_kind_campaign": ("Campaign offers", "캠페인 쿠폰"),
    "coupon_kind_manual": ("Made by hand", "직접 발행"),
    "coupon_campaign": ("Campaign: {name}", "캠페인: {name}"),
    "coupon_total": ("All coupons", "전체"),
}

SELLING_HEADERS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "coupons": (("Coupons", "Issued", "Redeemed", "Rate", "Revenue", "Discount"),
                ("쿠폰", "발행", "사용", "사용률", "매출", "할인액")),
    "suggest": (("Kind", "Product", "Why"), ("종류", "상품", "이유")),
    "coupons_file": (("group", "name", "issued", "redeemed", "rate", "revenue", "discount"),
                     ("구분", "이름", "발행", "사용", "사용률", "매출", "할인액")),
}
