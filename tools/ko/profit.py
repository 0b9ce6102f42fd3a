"""Korean for the window texts of branch profit (issue 20): costs, margin, the relatives' households."""

KO = {
    "Products and costs": "상품과 원가",
    "What each product costs the shop (won per unit), or its margin as a percentage of the price; a product with "
    "neither takes its category's margin. Sales of products with no cost at all are left out of margin, and the "
    "figures say how much. Leave a cell empty for no figure.":
        "상품마다 가게가 치르는 원가(개당 원) 또는 판매가 대비 마진율(%)을 넣으세요. 둘 다 없는 상품은 분류의 마진율을 "
        "씁니다. 원가가 전혀 없는 상품의 매출은 마진 계산에서 빠지며, 그 금액을 함께 보여 줍니다. 값이 없으면 칸을 "
        "비워 두세요.",
    "Save": "저장",
    "Cancel": "취소",
    "&Products": "상품(&P)",
    "C&ategories": "분류(&A)",
    "Products and their costs": "상품과 원가",
    "Product": "상품",
    "Category": "분류",
    "Price": "판매가",
    "Cost (won)": "원가(원)",
    "Margin %": "마진율 %",
    "{product}: cost in won": "{product}: 원가(원)",
    "{product}: margin %": "{product}: 마진율 %",
    "Categories and their margins": "분류와 마진율",
    "Products": "상품 수",
    "{category}: margin %": "{category}: 마진율 %",
    "Revenue": "매출",
    "Margin": "마진",
    "Show the money figures on revenue, or on gross margin (what products cost is set in Settings > Products and "
    "costs)": "금액을 매출로, 또는 매출총이익(마진)으로 봅니다 (상품 원가는 설정 > 상품과 원가에서 정합니다)",
    "&Show": "보기(&S)",
    "As of {day}: {customers} customers bought; margin {margin} ({rate} of the revenue with a cost); the best 20 % "
    "brought {share} of it. ({seconds:.1f} s)":
        "{day} 기준: 구매 고객 {customers}명, 마진 {margin} (원가가 있는 매출의 {rate}); 상위 20 % 고객이 그중 "
        "{share}를 만들었습니다. ({seconds:.1f}초)",
    "{share} of revenue ({amount}) has no cost; it is left out of margin. Set costs in Settings > Products and "
    "costs.": "매출의 {share}({amount})는 원가가 없어 마진 계산에서 뺐습니다. 설정 > 상품과 원가에서 원가를 넣으세요.",
    "Segments: customers and margin (click a segment to list it)":
        "세그먼트: 고객과 마진 (세그먼트를 누르면 고객 목록)",
    "Recency × frequency: customers and average margin (click a cell)":
        "최근성 × 빈도: 고객 수와 평균 마진 (칸을 누르면 고객 목록)",
    "Margin by month": "월별 마진",
    "Pareto: how much margin the best customers bring": "파레토: 상위 고객이 가져오는 마진",
    "Recency {r}, frequency {f}. Customers: {count}; they brought a margin of {revenue} in all, {average} each on "
    "average. Click to list them.":
        "최근성 {r}, 빈도 {f}. 고객 {count}명; 마진 합계 {revenue}, 1인 평균 {average}. 누르면 목록을 엽니다.",
    "Cost per unit": "개당 원가",
    "a negative cost (%1)": "음수 원가 (%1)",
    "the cost %1 is implausibly large": "원가 %1은(는) 지나치게 큽니다",
    "Write a number, e.g. 1200 or 62.5.": "숫자로 쓰세요 (예: 1200, 62.5).",
    "A cost cannot be negative.": "원가는 음수일 수 없습니다.",
    "This cost is implausibly large; check it.": "원가가 지나치게 큽니다. 확인하세요.",
    "A margin is 0 to 100 %.": "마진율은 0~100 %입니다.",
    "A category name is 1 to 100 characters.": "분류 이름은 1~100자입니다.",
    "Share of margin (%)": "마진 비율 (%)",
    "Top 20 % of customers: {share} of margin": "상위 20 % 고객: 마진의 {share}",
    "Best {count} customers ({share}): {revenue_share} of margin": "상위 {count}명 ({share}): 마진의 {revenue_share}",
    "Targeted relatives and their household's revenue": "대상 가족과 가구 매출",
    "Relative": "가족",
    "Relation": "관계",
    "Household": "가구",
    "Family customer": "가족 고객",
    "The household's best other customer: #{가족이름} in the message": "가구의 다른 우수 고객: 메시지의 #{가족이름}",
    "Household revenue": "가구 매출",
    "Last purchase": "최근 구매",
    "never": "없음",
    "{first} to {last}: margin {total}; best month {best}": "{first} ~ {last}: 마진 {total}; 최고 월 {best}",
    "{month}: margin {revenue}, {purchases} purchases by {customers} customers":
        "{month}: 마진 {revenue}, 구매 {purchases}건, 고객 {customers}명",
    "% of customers / % of margin": "고객 비율(%) / 마진 비중(%)",
    "{segment}: {customers} customers ({share}), margin {revenue} ({revenue_share})":
        "{segment}: 고객 {customers}명 ({share}), 마진 {revenue} ({revenue_share})",
    "Products and costs…": "상품과 원가…",
    "What each product costs, or its margin: the dashboard and reports can show margin instead of revenue":
        "상품별 원가 또는 마진율: 대시보드와 보고서에서 매출 대신 마진을 볼 수 있습니다",
    "Costs saved; press Refresh on the dashboard to see the margin.":
        "원가를 저장했습니다. 대시보드에서 새로 고침을 누르면 마진에 반영됩니다.",
}
