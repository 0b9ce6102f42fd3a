"""Korean for the window texts of branch selling (issue 20): coupons, suggestions, CRM fit."""

KO = {
    "type or scan": "입력 또는 스캔",
    "Check": "확인",
    "Coupon": "쿠폰",
    "Redeemed on this purchase": "이 구매에 사용됨",
    " off": " 할인",
    "valid": "사용 가능",
    "✓ {what}{until}": "✓ {what}{until}",
    ", until {day}": ", {day}까지",
    "Whole history": "전체 기간",
    "Show": "보기",
    "Coupons": "쿠폰",
    "Issued": "발행",
    "Redeemed": "사용",
    "Redemption rate": "사용률",
    "Revenue": "매출",
    "Totals of the purchases the coupons were redeemed on (voided ones left out)":
        "쿠폰을 사용한 구매의 합계 (취소된 구매 제외)",
    "Discount": "할인액",
    "Issued from": "발행일",
    "to": "~",
    "Birthday coupons": "생일 쿠폰",
    "Campaign offers": "캠페인 쿠폰",
    "Made by hand": "직접 발행",
    "   Campaign: {name}": "   캠페인: {name}",
    "All coupons": "전체 쿠폰",
    "Counting…": "집계 중…",
    "No coupons were issued in this period.": "이 기간에 발행된 쿠폰이 없습니다.",
    "A coupon counts as redeemed when a purchase that still counts carries its code; revenue is those purchases' "
    "totals.": "취소되지 않은 구매에 코드가 사용된 쿠폰을 사용으로 셉니다. 매출은 그 구매들의 합계입니다.",
    "The coupons could not be counted: {error}": "쿠폰을 집계하지 못했습니다: {error}",
    "Usual: {items}": "자주 사는 상품: {items}",
    "CRM fit": "CRM 적합도",
    "Sales to known customers": "등록 고객 매출",
    "A regular comes back": "단골 재방문",
    "Customer value so far": "고객별 누적 가치",
    "Reachable directly": "직접 연락 가능",
    "Work out again": "다시 계산",
    "Working out the shop's figures…": "가게 수치를 계산하는 중…",
    "Most sales are to walk-ins: ask customers to join (points, a stamp card) so you know who buys.":
        "매출 대부분이 비회원입니다: 적립이나 스탬프로 가입을 권해 누가 사는지 알아 두세요.",
    "Few customers can be reached: ask for a phone number and consent at the counter.":
        "연락할 수 있는 고객이 적습니다: 계산대에서 전화번호와 수신 동의를 받으세요.",
    "Regulars come often: points, usual items at the counter and a warm word pay more than mailings.":
        "단골이 자주 옵니다: 문자보다 적립, 계산대에서의 단골 메뉴 인사가 더 효과적입니다.",
    "Visits are far apart: a reminder (birthday, season, a new item) keeps you in mind.":
        "방문 간격이 깁니다: 생일·계절·신메뉴 안내로 가게를 떠올리게 하세요.",
    "A few customers are worth far more than the rest: look after your best customers personally.":
        "소수 고객의 가치가 훨씬 큽니다: 우수 고객을 직접 챙기세요.",
    "Less than half of last year's customers came back: win them back before finding new ones.":
        "작년 고객의 절반도 다시 오지 않았습니다: 새 고객보다 기존 고객을 먼저 되찾으세요.",
    "From the shop's own data, the 12 months up to {day}.": "가게 자체 데이터, {day}까지 12개월 기준.",
    "{share} ({known} of {revenue}); the rest are walk-ins": "{share} ({revenue} 중 {known}); 나머지는 비회원 매출",
    "every {days} days (median of {regulars} regulars with 3 or more visits)":
        "{days}일마다 (3회 이상 방문한 단골 {regulars}명의 중앙값)",
    "no regulars yet (nobody came 3 times in 12 months)": "아직 단골 없음 (12개월 동안 3회 이상 방문한 고객 없음)",
    "average {mean}, median {median}, spread {std} (coefficient of variation {cv}); {customers} customers":
        "평균 {mean}, 중앙값 {median}, 표준편차 {std} (변동계수 {cv}); 고객 {customers}명",
    "{share} ({reachable} of {cards} cards have a phone and consent to SMS, KakaoTalk or calls)":
        "{share} ({cards}명 중 {reachable}명이 전화번호와 문자·카카오톡·전화 수신 동의를 가지고 있음)",
    "CRM will pay here: your customers are known, reachable and come back.":
        "CRM이 충분히 효과를 낼 가게입니다: 고객을 알고, 연락할 수 있고, 다시 찾아옵니다.",
    "CRM will pay in part: work on what is missing below first.":
        "CRM이 부분적으로 효과를 냅니다: 아래 부족한 점부터 챙기세요.",
    "CRM cannot pay much yet: start with the basics below before any campaign.":
        "아직 CRM의 효과가 작습니다: 캠페인보다 아래 기본부터 시작하세요.",
    "What if fewer customers left? Not yet possible: it needs customers from more than a year ago.":
        "떠나는 고객이 줄면? 아직 계산할 수 없습니다: 1년 이전의 고객 기록이 필요합니다.",
    "What if 5 % fewer customers left each year (5 of every 100 customers kept)? Revenue would be {extra} higher "
    "over the next year.":
        "매년 떠나는 고객이 5%p 줄면 (고객 100명 중 5명을 더 지키면)? 내년 매출이 {extra} 늘어납니다.",
    "Assumptions: {active} customers bought in the last 12 months; {retention} of last year's customers came back "
    "({leaving} left); {kept} more customers kept, each spending what a returning customer spent in a year "
    "({spend}).":
        "가정: 최근 12개월 구매 고객 {active}명; 작년 고객의 {retention}가 다시 왔고 {leaving}는 떠났습니다; "
        "{kept}명을 더 지키고, 각자 재방문 고객의 연간 평균 구매액({spend})만큼 산다고 봅니다.",
    "The figures could not be worked out: {error}": "수치를 계산하지 못했습니다: {error}",
    "No coupon has this code; check it or scan it again.": "이 코드의 쿠폰이 없습니다. 확인하거나 다시 스캔하세요.",
    "A coupon belongs to a customer: choose the customer first.": "쿠폰은 고객의 것입니다: 먼저 고객을 선택하세요.",
    "This coupon was given to another customer.": "다른 고객에게 발행된 쿠폰입니다.",
    "This coupon has expired.": "유효기간이 지난 쿠폰입니다.",
    "This coupon was already used on another purchase.": "이미 다른 구매에 사용된 쿠폰입니다.",
    "Offer": "제안",
    "Why": "이유",
    "Up-sell": "업셀링",
    "Next in sequence": "다음 구매",
    "Cross-sell": "교차 판매",
    "{customers} customers who bought {because} moved up to {product} ({share} of its buyers); it costs {step} more":
        "{because} 구매 고객 {customers}명이 {product}(으)로 올라갔습니다 (구매 고객의 {share}); {step}원 더 비쌉니다",
    "{share} of the customers who bought {because} bought {product} within {days} days (usually {step} days later)":
        "{because} 구매 고객의 {share}가 {days}일 안에 {product}도 샀습니다 (보통 {step}일 뒤)",
    "{share} of the receipts with {because} also have {product}":
        "{because}이(가) 있는 영수증의 {share}에 {product}도 있습니다",
    "Looking for what to offer…": "추천할 상품을 찾는 중…",
    "Working out what sells together and what follows (once a day, a few seconds)…":
        "함께, 그리고 이어서 팔리는 상품을 계산하는 중 (하루 한 번, 몇 초)…",
    "Usual items: {items}": "자주 사는 상품: {items}",
    "{product} ({receipts}×)": "{product} ({receipts}회)",
    "Nothing to suggest: nothing sells notably often after or with theirs.":
        "추천할 상품이 없습니다: 이 고객의 상품과 함께 또는 뒤이어 눈에 띄게 팔리는 상품이 없습니다.",
    "What to offer next, from the shop's purchases up to today:": "오늘까지의 구매 기록으로 본 다음 제안:",
    "Family of a segment or tier": "세그먼트·등급 고객의 가족 (세대 마케팅)",
    "never bought": "구매한 적 없음",
    "no purchase in ": "최근 ",
    " months": "개월간 구매 없음",
    "Segment: {name}": "세그먼트: {name}",
    "Tier: {name}": "등급: {name}",
    "By coupon": "쿠폰 사용",
    "Responded by redeeming the campaign's coupon; the other {n} by a purchase in the campaign's window only":
        "캠페인 쿠폰을 사용해 반응한 고객; 나머지 {n}명은 캠페인 기간에 구매만 했습니다",
}
