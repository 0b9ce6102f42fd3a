"""Korean for branch `fix21` (issue 21's audit): names that say which control, chart summaries in words."""

KO = {
    "Share of revenue by customers chart": "고객별 매출 비중 차트",
    "Customers by recency and frequency grid": "최근성·빈도별 고객 표",
    "Customers coming back by first month grid": "첫 구매 달별 재구매 고객 표",
    "Birthdays in": "생일 기간",
    "Recipient file encoding": "수신자 파일 인코딩",
    "Customers to hand over": "넘겨줄 고객",
    "Hand them over to": "넘겨받을 직원",
    "Touchpoints of the counter survey": "카운터 설문의 접점",
    "Save PNG: {title}": "PNG로 저장: {title}",
    "{action}: {purpose}": "{action}: {purpose}",
    "Keep the left card": "왼쪽 카드 유지",
    "Keep the right card": "오른쪽 카드 유지",
    "Keep the card of {name} (no. {id})": "{name}(번호 {id})의 카드 유지",
    "Show the exports of the month": "이 달의 내보내기 보기",
    "Show the audit log": "감사 기록 보기",
    "Show the coupons": "쿠폰 보기",
    "{n} customers bought: too few to tell the top 20 %'s share":
        "구매 고객 {n}명: 상위 20 %의 비중을 말하기에는 너무 적습니다",
    "No customers to place yet.": "아직 배치할 고객이 없습니다.",
    "{total} customers. Most are at recency {r}, frequency {f} ({count}); the most recent and most frequent "
    "(R5, F5): {best}; long gone and bought once (R1, F1): {lost}.":
        "고객 {total}명. 가장 많은 칸은 최근성 {r}, 빈도 {f} ({count}명); 가장 최근·가장 자주 (R5, F5): {best}명; "
        "오래전에 한 번 산 고객 (R1, F1): {lost}명.",
    "No cohorts yet.": "아직 코호트가 없습니다.",
    "{n} cohorts from {first} to {last}; none has a next month yet.":
        "{first}~{last}의 코호트 {n}개; 아직 다음 달이 지난 코호트가 없습니다.",
    "{n} cohorts from {first} to {last}; on average {average} bought again the next month, most in {best} ({share}).":
        "{first}~{last}의 코호트 {n}개; 평균 {average}가 다음 달에 다시 샀고, 가장 많은 달은 {best} ({share}).",
    "{first} to {last}. {latest}. Since {first}: {moved}": "{first}~{last}. {latest}. {first} 이후: {moved}",
}
