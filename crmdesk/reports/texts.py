"""The words on printed reports, in Korean and English.

A report's language is chosen per report (the owner may print an English copy from a Korean window, and the
command line has no Qt translator), so these live here as plain pairs rather than in the window's tr()
catalogue; like the command line's messages, they need no Qt.
"""

from __future__ import annotations

from datetime import date, datetime

from crmdesk.analytics.rfm import KOREAN_NAMES

LANGUAGES = ("ko", "en")

# key -> (English, Korean)
_WORDS: dict[str, tuple[str, str]] = {
    "segment_report": ("Customer segment report", "고객 세그먼트 보고서"),
    "call_list": ("Call list", "전화 연락 목록"),
    "customer_card": ("Customer card", "고객 카드"),
    "as_of": ("As of", "기준일"),
    "printed": ("Printed", "출력일"),
    "page": ("Page {page} of {pages}", "{page} / {pages} 쪽"),
    "summary": ("Summary", "요약"),
    "customers": ("Customers", "고객 수"),
    "buyers": ("Customers who bought", "구매 고객"),
    "revenue": ("Revenue", "매출"),
    "pareto_top20": ("Revenue from the top 20 % of customers", "상위 20 % 고객의 매출 비율"),
    "pareto_80": ("Customers making 80 % of revenue", "매출 80 %를 만드는 고객 비율"),
    "segment_chart": ("Customers and revenue by segment", "세그먼트별 고객과 매출 비율"),
    "chart_customers": ("Share of customers", "고객 비율"),
    "chart_revenue": ("Share of revenue", "매출 비율"),
    "segments_overview": ("Segments at a glance", "세그먼트 한눈에 보기"),
    "segment": ("Segment", "세그먼트"),
    "share_customers": ("% of customers", "고객 비율"),
    "share_revenue": ("% of revenue", "매출 비율"),
    "avg_recency": ("Avg. days since last purchase", "평균 경과일"),
    "avg_frequency": ("Avg. purchases", "평균 구매 횟수"),
    "avg_spend": ("Avg. spend", "평균 구매액"),
    "change": ("Change since {date}", "{date} 대비 변화"),
    "no_history": ("No purchases before {date}: no change to show yet.",
                   "{date} 이전 구매 기록이 없어 변화는 아직 보여 줄 수 없습니다."),
    "change_note": ("Change: customers in the segment now minus on {date} (one month earlier).",
                    "변화: 지금 세그먼트 고객 수에서 {date}(한 달 전)의 고객 수를 뺀 값입니다."),
    "actions": ("Recommended actions", "권장 조치"),
    "action": ("Action", "권장 조치"),
    "segment_lists": ("Customers by segment", "세그먼트별 고객 목록"),
    "more_not_listed": ("… and {count:,} more, not listed (highest value first).",
                        "… 외 {count:,}명은 생략했습니다 (구매액 높은 순)."),
    "no_customers": ("No customers.", "고객이 없습니다."),
    "no": ("No.", "번호"),
    "code": ("Code", "고객 코드"),
    "name": ("Name", "이름"),
    "phone": ("Phone", "전화번호"),
    "last_purchase": ("Last purchase", "최근 구매"),
    "last_visit": ("Last visit", "최근 방문"),
    "purchases": ("Purchases", "구매 횟수"),
    "value": ("Spent so far", "누적 구매액"),
    "days": ("Days", "경과일"),
    "consent": ("Calls OK", "연락 동의"),
    # On margin (issue 20): Words(lang, on="margin") says these instead of the keys without "_margin".
    "segment_report_margin": ("Customer segment report (on margin)", "고객 세그먼트 보고서 (마진 기준)"),
    "revenue_margin": ("Margin", "마진"),
    "pareto_top20_margin": ("Margin from the top 20 % of customers", "상위 20 % 고객의 마진 비율"),
    "pareto_80_margin": ("Customers making 80 % of margin", "마진 80 %를 만드는 고객 비율"),
    "segment_chart_margin": ("Customers and margin by segment", "세그먼트별 고객과 마진 비율"),
    "chart_revenue_margin": ("Share of margin", "마진 비율"),
    "share_revenue_margin": ("% of margin", "마진 비율"),
    "avg_spend_margin": ("Avg. margin", "평균 마진"),
    "value_margin": ("Margin so far", "누적 마진"),
    "more_not_listed_margin": ("… and {count:,} more, not listed (highest margin first).",
                               "… 외 {count:,}명은 생략했습니다 (마진 높은 순)."),
    "margin_make_up": ("Margin = revenue with a cost {costed} - cost of goods {cogs} - points redeemed {points} "
                       "(coupon discounts of {coupons} are already off the revenue). Segments keep their members: "
                       "the scores stay on spend.",
                       "마진 = 원가가 있는 매출 {costed} - 매출원가 {cogs} - 사용 포인트 {points} "
                       "(쿠폰 할인 {coupons}은 이미 매출에서 빠져 있습니다). 세그먼트 구성은 그대로입니다: "
                       "점수는 구매액 기준입니다."),
    "margin_uncosted": ("{share} of revenue ({amount} of {revenue}) has no cost; it is left out of margin.",
                        "매출의 {share}({revenue} 중 {amount})는 원가가 없어 마진 계산에서 뺐습니다."),
    "margin_all_costed": ("Every line sold has a cost.", "판매한 모든 품목에 원가가 있습니다."),
    "yes": ("yes", "예"),
    "no_word": ("no", "아니오"),
    "complaints": ("Open compl.", "미해결 불만"),
    "open_complaints": ("Open complaints", "미해결 불만"),
    "notes": ("Notes", "통화 메모"),
    "call_list_intro": ("{segment}: {count:,} customers agreed to be called, of {total:,} in the segment. "
                        "Highest value first.",
                        "{segment}: 세그먼트 고객 {total:,}명 중 연락에 동의한 {count:,}명입니다. 누적 구매액이 "
                        "높은 순입니다."),
    "call_list_title": ("Call list: {segment}", "전화 연락 목록: {segment}"),
    "call_list_hint": ("Suggested — {action}", "권장 조치 — {action}"),
    "masked_note": ("Phone numbers are masked; print with full numbers only for the staff who call.",
                    "전화번호는 가려져 있습니다. 전화할 직원용으로만 전체 번호를 출력하세요."),
    "details": ("Details", "기본 정보"),
    "email": ("E-mail", "이메일"),
    "birthday": ("Birthday", "생일"),
    "lunar": ("lunar", "음력"),
    "gender": ("Gender", "성별"),
    "address": ("Address", "주소"),
    "tags": ("Tags", "태그"),
    "first_seen": ("Customer since", "첫 방문"),
    "acquired_via": ("Came through", "유입 경로"),
    "marketing": ("Marketing consent", "마케팅 수신 동의"),
    "memo": ("Memo", "메모"),
    "totals": ("Purchases", "구매 요약"),
    "visits": ("Purchases", "구매 횟수"),
    "total_spent": ("Spent so far", "누적 구매액"),
    "recent_purchases": ("Recent purchases", "최근 구매"),
    "date": ("Date", "날짜"),
    "items": ("Items", "품목"),
    "amount": ("Amount", "금액"),
    "recent_contacts": ("Recent contacts and feedback", "최근 연락과 피드백"),
    "what": ("What", "내용"),
    "kind": ("Kind", "종류"),
    "voided": ("voided", "취소됨"),
    "none_yet": ("None yet.", "아직 없습니다."),
    "consultation_notes": ("Consultation notes", "상담 메모"),
    "archived": ("This card is archived.", "보관된 카드입니다."),
    "rfm": ("RFM", "RFM"),
    "contact": ("Contact", "연락"),
    "feedback": ("Feedback", "피드백"),
    "purchase": ("Purchase", "구매"),
}

# Recommended action per segment: what the owner should do about these customers this month.
ACTIONS: dict[str, tuple[str, str]] = {
    "Champions": ("Reward them: early access to new items, a thank-you gift; ask for reviews and referrals.",
                  "보상하세요: 신제품 먼저 안내, 감사 선물, 리뷰와 지인 추천을 부탁하세요."),
    "Loyal Customers": ("Keep them close: loyalty perks, upsell higher-value items, ask for feedback.",
                        "관계를 지키세요: 단골 혜택, 더 좋은 상품 제안, 의견을 물어보세요."),
    "Potential Loyalist": ("Offer membership or a stamp card; recommend items that fit what they buy.",
                           "멤버십이나 스탬프 카드를 권하고, 구매 성향에 맞는 상품을 추천하세요."),
    "New Customers": ("Welcome them: a second-visit offer within two weeks; learn their preferences.",
                      "환영하세요: 2주 안에 재방문 혜택을 주고 취향을 알아 두세요."),
    "Promising": ("Build the habit: a small offer on the next visit, show them the range.",
                  "습관을 만드세요: 다음 방문 때 작은 혜택, 다양한 상품을 소개하세요."),
    "Need Attention": ("Reach out with a limited-time offer before they drift; recommend by past purchases.",
                       "멀어지기 전에 기간 한정 혜택으로 연락하고, 구매 이력에 맞춰 추천하세요."),
    "About To Sleep": ("Remind them with a popular item or a discount; share what is new.",
                       "인기 상품이나 할인으로 다시 떠올리게 하고, 새 소식을 알려 주세요."),
    "At Risk": ("Reactivate: a personal call or message, a tailored offer, ask whether anything went wrong.",
                "재활성화하세요: 직접 전화나 메시지, 맞춤 혜택, 불편했던 점이 있었는지 물어보세요."),
    "Can't Lose Them": ("Win them back now: the owner calls, a generous offer, fix any complaint first.",
                        "지금 되찾으세요: 사장님이 직접 연락하고, 넉넉한 혜택, 불만이 있으면 먼저 해결하세요."),
    "Hibernating": ("Low-cost reminder only (seasonal message); do not spend much.",
                    "비용이 적게 드는 안내만 하세요 (계절 메시지). 큰 비용은 들이지 마세요."),
    "Lost": ("Try one win-back message; otherwise leave them out of campaigns.",
             "한 번만 재방문 메시지를 보내고, 반응이 없으면 캠페인에서 제외하세요."),
    "No purchase": ("Invite them in with a first-purchase offer.",
                    "첫 구매 혜택으로 방문을 권하세요."),
}

CONTACT_CHANNELS: dict[str, tuple[str, str]] = {
    "visit": ("Visit", "방문"), "phone_in": ("Call in", "전화 수신"), "phone_out": ("Call out", "전화 발신"),
    "message": ("Message", "메시지"), "email": ("E-mail", "이메일"), "home_visit": ("Home visit", "방문 서비스"),
    "online": ("Online", "온라인"),
}
FEEDBACK_KINDS: dict[str, tuple[str, str]] = {
    "complaint": ("Complaint", "불만"), "compliment": ("Compliment", "칭찬"), "suggestion": ("Suggestion", "제안"),
    "inquiry": ("Inquiry", "문의"),
}
FEEDBACK_STATUSES: dict[str, tuple[str, str]] = {
    "received": ("received", "접수"), "in_progress": ("in progress", "처리 중"), "resolved": ("resolved", "해결"),
    "closed": ("closed", "종결"),
}
ACQUISITION: dict[str, tuple[str, str]] = {
    "walk_in": ("Walked in", "직접 방문"), "referral": ("Referral", "지인 소개"), "sns": ("Social media", "SNS"),
    "online": ("Online", "온라인"), "event": ("Event", "이벤트"), "phone": ("Phone", "전화"),
    "other": ("Other", "기타"),
}
GENDERS: dict[str, tuple[str, str]] = {"F": ("Female", "여성"), "M": ("Male", "남성"), "O": ("Other", "기타")}


class Words:
    """Report words in one language: ``words("revenue")``, ``words.segment("At Risk")``, ``words.money(1200)``."""

    def __init__(self, lang: str, on: str = "revenue") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"report language must be ko or en, not {lang!r}")
        self.lang = lang
        self.ko = lang == "ko"
        self.on = on  # "margin": money words say margin where a "_margin" wording exists

    def __call__(self, key: str, **values: object) -> str:
        en, ko = _WORDS.get(f"{key}_margin", _WORDS[key]) if self.on == "margin" else _WORDS[key]
        text = ko if self.ko else en
        return text.format(**values) if values else text

    def pick(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.ko else pair[0]

    def segment(self, name: str) -> str:
        return KOREAN_NAMES.get(name, name) if self.ko else name

    def action(self, segment: str) -> str:
        return self.pick(ACTIONS.get(segment, ("", "")))

    def money(self, amount: int | float | None) -> str:
        if amount is None:
            return "-"
        return f"{round(amount):,}원" if self.ko else f"₩{round(amount):,}"

    def count(self, n: int) -> str:
        return f"{n:,}명" if self.ko else f"{n:,}"

    @staticmethod
    def percent(share: float | None, digits: int = 1) -> str:
        return "-" if share is None else f"{share * 100:.{digits}f} %"

    @staticmethod
    def day(value: date | datetime | None) -> str:
        return value.isoformat()[:10] if value is not None else "-"

    @staticmethod
    def number(value: float | None, digits: int = 1) -> str:
        return "-" if value is None else f"{value:,.{digits}f}"
