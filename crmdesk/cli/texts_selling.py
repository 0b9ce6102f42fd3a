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
    "fit": ("does CRM pay for this shop? figures, verdict and a what-if",
            "From the shop's own data: the share of sales made to known customers, how often regulars come, how "
            "unequal customers' value is, how many can be reached directly; a verdict in plain words on where "
            "CRM will pay, and what 5 % fewer customers leaving each year would bring, with its assumptions."),
    "fit --as-of": "look from this day (default today)",
    "acquisition": ("new customers per month by how they came, and referral value",
                    "New customers per month (of their first purchase) by how they came (유입 경로), how many "
                    "bought again within 90 days, and what they have spent so far; then the customers whose "
                    "referrals spent the most, with their own spend and the total."),
    "acquisition --months": "the last N months (default 12, like cohorts)",
    "acquisition --as-of": "look from this day (default today)",
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
    "fit_title": ("Does CRM pay for this shop? (the 12 months up to {as_of})",
                  "이 가게에 CRM이 도움이 될까요? ({as_of}까지 12개월)"),
    "fit_known": ("Sales to known customers: {share} ({known:,} of {revenue:,}); the rest are walk-ins.",
                  "등록 고객 매출 비율: {share} ({revenue:,} 중 {known:,}); 나머지는 비회원 매출입니다."),
    "fit_gap": ("A regular comes back every {days} days (median; {regulars:,} regulars with 3 or more visits).",
                "단골은 {days}일마다 다시 옵니다 (중앙값; 3회 이상 방문한 단골 {regulars:,}명)."),
    "fit_gap_none": ("No regulars yet (nobody visited 3 times or more in 12 months).",
                     "아직 단골이 없습니다 (12개월 동안 3회 이상 방문한 고객 없음)."),
    "fit_value": ("Customer value so far ({customers:,} customers): average {mean:,}, median {median:,}, spread "
                  "{std:,} (coefficient of variation {cv}).",
                  "고객별 누적 구매액 ({customers:,}명): 평균 {mean:,}, 중앙값 {median:,}, 표준편차 {std:,} "
                  "(변동계수 {cv})."),
    "fit_reach": ("Reachable directly (phone and consent to SMS, KakaoTalk or calls): {share} ({reachable:,} of "
                  "{cards:,} cards).",
                  "직접 연락 가능 (전화번호와 문자·카카오톡·전화 수신 동의): {share} "
                  "({cards:,}명 중 {reachable:,}명)."),
    "fit_verdict_strong": ("Verdict: CRM will pay here. Your customers are known, reachable and come back.",
                           "판단: CRM이 충분히 효과를 낼 가게입니다. 고객을 알고, 연락할 수 있고, 다시 찾아옵니다."),
    "fit_verdict_partial": ("Verdict: CRM will pay in part. Work on what is missing below first.",
                            "판단: CRM이 부분적으로 효과를 냅니다. 아래 부족한 점부터 챙기세요."),
    "fit_verdict_weak": ("Verdict: CRM cannot pay much yet. Start with the basics below before any campaign.",
                         "판단: 아직 CRM의 효과가 작습니다. 캠페인보다 아래 기본부터 시작하세요."),
    "fit_advice_register_more": ("Most sales are to walk-ins: ask customers to join (points, a stamp card) so "
                                 "you know who buys.",
                                 "매출 대부분이 비회원입니다: 적립이나 스탬프로 가입을 권해 누가 사는지 알아 두세요."),
    "fit_advice_ask_consent": ("Few customers can be reached: ask for a phone number and consent at the counter.",
                               "연락할 수 있는 고객이 적습니다: 계산대에서 전화번호와 수신 동의를 받으세요."),
    "fit_advice_frequent_visits": ("Regulars come often: points, usual items at the counter and a warm word pay "
                                   "more than mailings.",
                                   "단골이 자주 옵니다: 문자보다 적립, 계산대에서의 단골 메뉴 인사가 더 효과적입니다."),
    "fit_advice_remind_between_visits": ("Visits are far apart: a reminder (birthday, season, a new item) keeps "
                                         "you in mind.",
                                         "방문 간격이 깁니다: 생일·계절·신메뉴 안내로 가게를 떠올리게 하세요."),
    "fit_advice_care_for_the_best": ("A few customers are worth far more than the rest: look after your best "
                                     "customers personally.",
                                     "소수 고객의 가치가 훨씬 큽니다: 우수 고객을 직접 챙기세요."),
    "fit_advice_keep_them_coming": ("Less than half of last year's customers came back: win them back before "
                                    "finding new ones.",
                                    "작년 고객의 절반도 다시 오지 않았습니다: "
                                    "새 고객보다 기존 고객을 먼저 되찾으세요."),
    "fit_what_if": ("What if {points} % fewer customers left each year ({points} of every 100 customers kept)? "
                    "Revenue would be {extra:,} higher over the next year.",
                    "매년 떠나는 고객이 {points}%p 줄면? 내년 매출이 {extra:,} 늘어납니다."),
    "fit_assumptions": ("Assumptions: {active:,} customers bought in the last 12 months; {retention} of last "
                        "year's customers came back ({leaving} left); {kept} more customers kept, each spending "
                        "what a returning customer spent in a year ({spend:,}).",
                        "가정: 최근 12개월 구매 고객 {active:,}명; 작년 고객의 {retention}가 다시 왔고 {leaving}는 "
                        "떠났습니다; {kept}명을 더 지키고, 각자 재방문 고객의 연간 평균 구매액({spend:,})만큼 "
                        "산다고 봅니다."),
    "fit_what_if_none": ("What-if: not yet possible; it needs customers from more than a year ago.",
                         "가정 분석: 1년 이전의 고객 기록이 있어야 계산할 수 있습니다."),
    "acquisition_title": ("New customers by month and channel: the {months} months up to {as_of}",
                          "{as_of}까지 {months}개월 동안의 월별·유입 경로별 신규 고객"),
    "acquisition_none": ("No new customers in this period.", "이 기간에 신규 고객이 없습니다."),
    "acquisition_unsettled": ("* some first purchases are less than 90 days old: the return count may still grow.",
                              "* 첫 구매 후 90일이 지나지 않은 고객이 있어 재방문 수가 더 늘 수 있습니다."),
    "acquisition_written": ("Wrote {count:,} rows to {path}.", "{count:,}행을 {path}에 저장했습니다."),
    "referrals_title": ("Referral value: what the customers someone referred have spent, beside their own spend",
                        "추천 가치: 추천한 고객들의 구매액과 본인 구매액"),
    "channel_walk_in": ("Walk-in", "방문"), "channel_referral": ("Referral", "지인 추천"),
    "channel_sns": ("Social media", "SNS"), "channel_online": ("Online", "온라인"),
    "channel_event": ("Event", "이벤트"), "channel_phone": ("Phone", "전화"), "channel_other": ("Other", "기타"),
    "channel_unknown": ("Not recorded", "기록 없음"),
    "campaign_by_coupon": ("responded: {coupon:,} by redeeming the coupon, {purchase:,} by a purchase only",
                           "반응: 쿠폰 사용 {coupon:,}명, 구매만 {purchase:,}명"),
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
    "acquisition": (("Month", "Channel", "New", "Back within 90 days", "Value so far"),
                    ("월", "유입 경로", "신규", "90일 내 재방문", "누적 구매액")),
    "acquisition_file": (("month", "channel", "new_customers", "returned_90d", "value"),
                         ("월", "유입경로", "신규고객", "90일내재방문", "누적구매액")),
    "referrals": (("Referrer", "Referred", "Own spend", "Referred spend", "Total"),
                  ("추천인", "추천 고객", "본인 구매액", "추천 고객 구매액", "합계")),
    "coupons_file": (("group", "name", "issued", "redeemed", "rate", "revenue", "discount"),
                     ("구분", "이름", "발행", "사용", "사용률", "매출", "할인액")),
}
