"""The words of profit on the command line (issue 20: --on margin, referral value in clv), merged into cli/texts.py's
tables: same shapes."""

from __future__ import annotations

PROFIT_HELP: dict[str, str | tuple[str, str]] = {
    "analytics --on": "revenue (default) or margin: gross margin instead of revenue (products' costs or margins "
                      "from the catalogue or an import; points redeemed and coupons count as costs). Revenue on "
                      "lines without a cost is left out of margin, and the output says how much",
    "rfm --on": "revenue (default) or margin: each segment's margin instead of its revenue (segments keep their "
                "members: scores stay on spend); revenue without a cost is left out of margin, and the output says "
                "how much",
    "report segments --on": "revenue (default) or margin: the report's money figures on gross margin; revenue "
                            "without a cost is left out of margin, and the report says how much",
}

PROFIT_WORDS: dict[str, tuple[str, str]] = {
    "margin_breakdown": ("Margin {margin:,} = revenue with a cost {costed:,} - cost of goods {cogs:,} - points "
                         "redeemed {points:,} (coupon discounts of {coupons:,} are already off the revenue).",
                         "마진 {margin:,} = 원가가 있는 매출 {costed:,} - 매출원가 {cogs:,} - 사용 포인트 {points:,} "
                         "(쿠폰 할인 {coupons:,}은 이미 매출에서 빠져 있습니다)."),
    "margin_uncosted": ("{share} of revenue ({amount:,} of {revenue:,}) has no cost; it is left out of margin. "
                        "Give products a cost or a margin (Settings > Products and costs, or an import's cost "
                        "column).",
                        "매출의 {share}({revenue:,} 중 {amount:,})는 원가가 없어 마진 계산에서 뺐습니다. 상품에 "
                        "원가나 마진율을 넣으세요 (설정 > 상품과 원가, 또는 가져오기의 원가 열)."),
    "margin_all_costed": ("Every line sold has a cost.", "판매한 모든 품목에 원가가 있습니다."),
    "margin_no_revenue": ("No revenue yet: no margin to show.", "아직 매출이 없어 마진을 보여 줄 수 없습니다."),
    "pareto_summary_margin": ("Pareto on margin as of {as_of}: {customers:,} customers with purchases, margin "
                              "{margin:,}",
                              "파레토(마진 기준) {as_of} 기준: 구매 고객 {customers:,}명, 마진 {margin:,}"),
    "pareto_no_margin": ("No margin yet: nothing to compare.", "아직 마진이 없어 계산할 수 없습니다."),
    "pareto_top20_margin": ("Margin share of the top 20 % of customers: {share}",
                            "상위 20 % 고객의 마진 비율: {share}"),
    "pareto_80_margin": ("Share of customers making 80 % of margin: {share} (the top {count:,})",
                         "마진 80 %를 만드는 고객 비율: {share} (상위 {count:,}명)"),
    "clv_totals_margin": ("Historic margin {historic:,}; predicted margin over the next {horizon:,} days "
                          "{predicted:,.0f} (each customer's forecast times the margin share of their own purchases)",
                          "과거 마진 합계 {historic:,}; 앞으로 {horizon:,}일 예측 마진 {predicted:,.0f} (고객별 예측에 "
                          "그 고객 구매의 마진 비율을 곱함)"),
    "clv_historic_margin": ("Historic margin {historic:,}", "과거 마진 합계 {historic:,}"),
    "clv_referrals": ("Referrals: customers who referred others {referrers:,}, customers they brought {referred:,}; "
                      "what those brought is in referred_value ({value:,.0f}), and total = own + referred.",
                      "추천: 고객 {referrers:,}명이 {referred:,}명을 소개했습니다. 소개받은 고객의 가치는 "
                      "referred_value({value:,.0f}), total = 본인 + 소개."),
}

PROFIT_HEADERS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "rfm_margin": (("Segment", "Customers", "Share", "Margin", "Margin share"),
                   ("세그먼트", "고객 수", "고객 비율", "마진", "마진 비율")),
    "clv_referrals": (("ID", "Name", "P(alive)", "Expected purchases", "Expected avg value", "Historic", "CLV",
                       "Referred", "Total"),
                      ("ID", "이름", "생존 확률", "예상 구매", "예상 객단가", "과거 가치", "CLV", "소개 고객 가치",
                       "합계")),
    "clv_margin": (("ID", "Name", "P(alive)", "Expected purchases", "Expected avg margin", "Historic margin",
                    "CLV (margin)", "Referred", "Total"),
                   ("ID", "이름", "생존 확률", "예상 구매", "예상 평균 마진", "과거 마진", "CLV(마진)",
                    "소개 고객 가치", "합계")),
}
