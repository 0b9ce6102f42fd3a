"""Demo contact points and feedback for the demo café, drawn after its customers and sales.

Contacts hang on the shop's real life: a counter visit is logged for a share of the purchases by the staff
member who rang them up; calls come in a few days after a visit (questions, after-sales); messages go out
to customers who consented to marketing, around seasonal campaigns; orders are carried to offices now and
then. Some contacts carry a follow-up: most are done on time or a little late (by a call or message that is
itself a contact, linked from the original), a few are forgotten, and a handful are open around ``as_of``:
due today, overdue, coming up.

Feedback follows the service's workflow (received -> in progress -> resolved -> closed, a reopen now and
then), each change an event stamped with a time in opening hours and the staff member who made it, the
item's stamps copied from the events exactly as :func:`crmdesk.services.feedback.change_status` would.
Whatever would happen on or after ``as_of`` has not happened yet, so recent items are still open.

Contacts are vectorised (a 100,000-customer shop gets ~140,000 of them); feedback (a few thousand items at
most) is simulated item by item. Times are seconds since the demo's start date, like the rest of the demo.
No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from crmdesk.demo.sales import Demo, Generator

DAY = 86400
HOUR = 3600
OWNER = 0  # staff row of the owner

VISIT_SHARE = 0.11  # purchases by card holders that are also logged as a counter contact
CALL_IN_SHARE = 0.025  # card holders' purchases followed by a call a few days later
FEEDBACK_PER_CUSTOMER = 0.07
CAMPAIGN_EVERY_DAYS = 45
CAMPAIGN_REACH = 0.12  # of the consenting, recently active customers a campaign message goes to

# --- What people say --------------------------------------------------------------------------------------

_VISIT_PURCHASE = (
    "늘 드시던 아이스 아메리카노, 샷 추가", "신메뉴 추천드림 — 아인슈페너 주문", "스탬프 적립 (10개 중 7개)",
    "텀블러 지참 할인 적용", "원두 200g 구매, 핸드드립용으로 분쇄", "친구분과 방문, 케이크 두 조각 추가",
    "포장 주문 — 캐리어 요청", "디카페인으로 변경 요청", "생일 쿠폰 사용", "스탬프 쿠폰으로 아메리카노 무료 제공",
    "두유로 변경 (우유 알레르기)", "노트북 작업 — 콘센트석 안내", "시럽 빼고 연하게 요청",
    "아이와 함께 방문 — 아기의자 준비",
)
_VISIT_PURCHASE_OUTCOME = ("", "", "", "구매 완료", "만족하심", "재방문 의사 있음")
_VISIT_INQUIRY = (
    "원두 구독 방법 문의 — 안내문 드림", "홀케이크 예약 가능 여부 문의", "주차 가능 여부 문의 — 인근 공영주차장 안내",
    "대관 가능 여부 문의 (평일 저녁 모임)", "디카페인 원두 판매 여부 문의", "비건 디저트가 있는지 문의",
)
_VISIT_INQUIRY_OUTCOME = ("안내 완료", "예약 고민 중", "다음에 구매 예정")
_VISIT_PROMOTION = (
    "시즌 한정 메뉴 시음 권유", "스탬프 카드 발급 안내", "원두 구독 서비스 소개", "카카오톡 채널 추가 안내 (쿠폰 증정)",
)
_VISIT_PROMOTION_OUTCOME = ("관심 보임", "다음에 하시겠다고 함", "채널 추가 완료")
_CALL_INQUIRY = (
    "영업시간 문의 (공휴일 영업 여부)", "케이크 예약 문의 — 홀케이크는 3일 전 예약 안내",
    "단체 주문 가능 여부 문의 (20잔)", "주차 문의", "분실물 문의 — 어제 두고 간 우산",
    "원두 재고 문의 (에티오피아 예가체프)", "대관 문의 — 토요일 오후 소모임",
)
_CALL_INQUIRY_OUTCOME = ("안내 완료", "안내 완료", "방문하시겠다고 함")
_CALL_AFTER_SALES = (
    "구매한 텀블러 뚜껑이 헐겁다고 하심", "원두가 에스프레소용으로 잘못 분쇄됐다고 하심",
    "선물받은 드립백 유통기한 문의",
    "케이크 픽업 시간 변경 요청", "현금영수증 발행 누락 — 재발행 요청", "머그컵 선물 포장 추가 요청",
)
_CALL_AFTER_SALES_OUTCOME = ("안내 완료", "교환 예정", "처리 완료")
# A contact that needs a call-back: (what was logged, what the follow-up contact says, its outcomes, the
# purpose of the logged contact).
_FOLLOW_UPS = (
    ("원두 품절 — 입고되면 연락드리기로 함", "원두 입고 안내", ("주말에 방문하신다고 함", "방문 예정"), "inquiry"),
    ("홀케이크 예약 — 픽업 전날 확인 연락 필요", "케이크 픽업 시간 확인 (오후 3시)", ("예약 확인", "픽업 시간 변경"),
     "purchase"),
    ("텀블러 교환 요청 — 새 제품 입고 후 연락", "교환용 텀블러 입고 안내", ("교환 완료 예정", "내일 방문"),
     "after_sales"),
    ("분실물(우산) 보관 중 — 찾으러 오시라고 연락", "분실물 보관 안내", ("내일 찾으러 오심", "안내 완료"), "inquiry"),
    ("단체 주문 견적 요청 — 견적 회신 필요", "단체 주문 견적 안내 (아메리카노 20잔 8만 원)",
     ("주문 확정", "검토 후 연락 주기로 함"), "inquiry"),
    ("대관 문의 — 일정 확인 후 회신", "대관 가능 일정 회신", ("예약 확정", "다른 날짜로 조율 중"), "inquiry"),
    ("원두 분쇄 오류 — 새로 분쇄해 드리기로 함", "새로 분쇄한 원두 준비 완료 안내", ("다음 방문 시 수령", "안내 완료"),
     "after_sales"),
    ("현금영수증 재발행 — 처리 후 연락", "현금영수증 재발행 완료 안내", ("처리 완료",), "after_sales"),
)
_FOLLOW_UP_NOT_REACHED = "부재중 — 카카오톡으로 안내 남김"
_FOLLOW_UP_LOGGED = "후속 연락 예정"
# Campaign messages by the month they go out in.
_CAMPAIGNS = {
    1: "겨울 한정 유자차·고구마라떼 안내", 2: "발렌타인데이 디저트 세트 안내", 3: "봄 시즌 딸기 메뉴 출시 안내",
    4: "스탬프 2배 적립 이벤트 안내", 5: "가정의 달 원두 선물 세트 안내",
    6: "여름 신메뉴 (자몽에이드·인절미 빙수) 출시 안내", 7: "인절미 빙수 출시 안내", 8: "원두 구독 첫 달 20% 할인 안내",
    9: "추석 연휴 영업 안내와 드립백 선물 세트", 10: "가을 시즌 음료 출시 안내 (고구마라떼)",
    11: "크리스마스 홀케이크 사전 예약 안내", 12: "크리스마스 홀케이크 예약 마감 임박 안내",
}
_WIN_BACK = ("오랜만에 안부 연락 — 아메리카노 1+1 쿠폰 발송", "안부 연락 — 신메뉴 안내와 쿠폰 발송")
_WIN_BACK_CALL_OUTCOME = ("다음 주에 들르신다고 함", "이사하셔서 방문이 어렵다고 하심", "부재중")
_GROUP_ORDER = ("내일 오전 단체 주문 예약 (라떼 포함 15잔)", "오전 회의용 단체 주문 (아메리카노 12잔)",
                "단체 주문 — 디저트 박스 포함")
_DELIVERY = ("사무실 단체 주문 배달 (아메리카노 외 12잔)", "사무실 행사용 커피 배달 및 세팅")
_HOME_AFTER_SALES = "원두 구독 고객 방문 — 핸드드립 도구 사용법 안내"
_ONLINE = "네이버 예약 — 홀케이크 픽업 예약"

# Feedback: (kind, category, weight, descriptions).
_FEEDBACK = (
    ("complaint", "서비스", 10, ("주문한 음료가 다른 손님에게 먼저 나갔다고 불쾌해하심",
                                 "직원 응대가 퉁명스러웠다는 말씀", "스탬프 적립을 빠뜨렸다고 하심",
                                 "주문한 것과 다른 음료가 나옴 (라떼 대신 카푸치노)")),
    ("complaint", "맛/품질", 12, ("아이스 아메리카노가 평소보다 싱겁다고 하심", "크루아상이 눅눅했다고 하심",
                                  "라떼에서 우유 비린 맛이 난다는 말씀 — 우유 유통기한 확인 필요",
                                  "케이크 크림이 녹아 있었다고 하심 (포장 후 1시간)",
                                  "원두 향이 약하다고 하심 — 로스팅 일자 확인 필요")),
    ("complaint", "대기시간", 8, ("점심시간 음료 대기 20분 이상 — 항의하심",
                                  "픽업 예약했는데 도착 후 10분 넘게 기다리심",
                                  "주말 오후 주문이 밀려 음료가 늦게 나왔다고 하심")),
    ("complaint", "가격", 4, ("가격 인상 폭이 크다는 의견", "샷 추가 요금이 부담된다고 하심",
                              "텀블러 할인이 적용되지 않았다고 하심")),
    ("complaint", "청결", 5, ("화장실 휴지가 떨어져 있었다고 하심", "테라스 테이블이 끈적였다고 하심",
                              "컵 입구에 얼룩이 있었다고 하심")),
    ("compliment", "서비스", 9, ("직원분이 친절하게 메뉴를 추천해 주셔서 감사하다고 하심",
                              "아기의자를 먼저 챙겨 주셔서 고마웠다는 말씀")),
    ("compliment", "맛/품질", 9, ("새로 나온 아인슈페너가 정말 맛있다는 칭찬", "소금빵이 동네에서 제일 맛있다고 하심")),
    ("compliment", "분위기", 5, ("음악과 조명이 편안해서 자주 온다고 하심", "노트북 작업하기 좋다는 리뷰")),
    ("compliment", "청결", 2, ("매장이 늘 깨끗해서 좋다는 말씀",)),
    ("suggestion", "메뉴", 7, ("디카페인 라떼를 메뉴에 추가해 달라는 의견", "비건 디저트가 있었으면 좋겠다는 의견",
                            "저당 시럽 옵션을 요청하심")),
    ("suggestion", "시설", 4, ("콘센트 자리를 늘려 달라는 요청", "테라스에 그늘막이 있으면 좋겠다는 의견")),
    ("suggestion", "서비스", 4, ("카카오톡으로 미리 주문할 수 있으면 좋겠다는 의견",
                                 "스탬프를 앱으로 적립하고 싶다는 의견")),
    ("inquiry", "메뉴", 5, ("케이크에 견과류가 들어가는지 문의", "디카페인 원두 원산지 문의")),
    ("inquiry", "예약", 5, ("단체 대관 가능 여부 문의", "홀케이크 당일 픽업이 가능한지 문의")),
    ("inquiry", "영업시간", 3, ("명절 연휴 영업 여부 문의",)),
    ("inquiry", "원두/구독", 3, ("원두 구독 해지 방법 문의", "구독 원두를 바꿀 수 있는지 문의")),
)
_RECOVERY_NOTES = {
    "apology": ("사과드리고 재발 방지를 약속함", "전화로 사과드리고 개선 내용을 안내함"),
    "coupon": ("사과와 함께 음료 무료 쿠폰 발급", "다음 방문 때 쓰실 디저트 쿠폰 발급"),
    "replacement": ("음료를 새로 만들어 드림", "새 제품으로 교환해 드림"),
    "refund": ("결제 취소 후 환불 처리", "해당 메뉴 금액 환불"),
}
# What puts a complaint right depends on what it was about: a soggy croissant is replaced or refunded, a long
# wait earns an apology or a coupon. (action, weight) per category.
_RECOVERY = {
    "서비스": (("apology", 45), ("coupon", 30), ("replacement", 25)),
    "맛/품질": (("replacement", 45), ("refund", 25), ("apology", 15), ("coupon", 15)),
    "대기시간": (("apology", 50), ("coupon", 50)),
    "가격": (("apology", 60), ("coupon", 40)),
    "청결": (("apology", 70), ("coupon", 30)),
}
_FIX = {"서비스": "직원 응대 교육 진행", "맛/품질": "재료 보관 상태와 레시피 점검", "대기시간": "피크 시간대 인력 보강",
        "가격": "할인 정책 다시 안내", "청결": "청소 점검 주기 단축"}
_ANSWERS = {
    "compliment": ("감사 인사 전달, 직원들과 공유", "리뷰에 감사 답글 작성"),
    "suggestion": ("다음 운영 회의에서 검토 후 반영하기로 함", "검토했으나 당분간 보류 — 고객께 안내",
                   "반영 완료 — 매장에 안내문 게시"),
    "inquiry": ("전화로 안내 완료", "카카오톡으로 답변 드림", "매장에서 직접 안내"),
}
_IN_PROGRESS_NOTES = ("확인 중", "고객께 연락드림 — 상황 확인", "원인 확인 중")
_REOPEN_NOTE = "고객 재문의 — 다시 확인"
_CLOSE_NOTES = ("고객 재방문 확인 후 종결", "종결")
_FEEDBACK_CHANNELS = (("visit", 50), ("phone_in", 15), ("online", 15), ("message", 12), ("email", 8))
_ANON_CHANNELS = (("online", 60), ("visit", 30), ("email", 10))
_SEVERITY = {"complaint": (("low", 30), ("medium", 45), ("high", 20), ("critical", 5))}


@dataclass
class Touchpoints:
    """Contacts in time order (rows; ids follow the order) and feedback items with their events."""

    contact_customer: np.ndarray
    contact_staff: np.ndarray
    contact_second: np.ndarray
    contact_channel: list[str]
    contact_purpose: list[str]
    contact_note: list[str]
    contact_outcome: list[str]
    contact_follow_up_day: np.ndarray  # day index, -1: none
    contact_done_by: np.ndarray  # row of the contact that did the follow-up, -1: not done
    feedback: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)  # feedback: the item's row


# One status change of a feedback item's plan: to status, delay after the previous one, staff, note, recovery.
_Step = tuple[str, int, int, str, str | None]


def _pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> np.ndarray:
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), n)]


class TouchpointGenerator:
    """Draws the contacts and feedback of a demo whose customers and sales ``gen`` has just built, from the
    same random generator (so a seed gives the same shop, and the sales stay what they were without this)."""

    def __init__(self, gen: Generator, demo: Demo, opening_hour: int, closing_hour: int) -> None:
        self.gen = gen
        self.rng = gen.rng
        self.demo = demo
        self.n = len(demo.cust["name"])
        self.group, self.subscriber = demo.group, demo.subscriber
        self.open, self.close = opening_hour * HOUR, closing_hour * HOUR
        self.last = gen.last  # the evening before as_of
        self.cutoff = (gen.last + 1) * DAY  # as_of, midnight: the demo's now
        self.holiday = np.zeros(gen.last + 3, dtype=bool)
        self.holiday[gen.holidays()] = True
        c = demo.cust
        self.created = np.asarray(c["created_at"], dtype=np.int64)
        self.latest = np.asarray(c["last_purchase_at"], dtype=np.int64)
        self.archived = np.asarray(c["archived"], dtype=bool)
        self.archived_at = np.where(self.archived, c["archived_at"][0], np.iinfo(np.int64).max)
        self.consent = np.asarray(c["marketing_consent"], dtype=bool)
        self.consent_at = np.asarray(c["marketing_consent_at"][0], dtype=np.int64)
        self.visits = np.asarray(c["visit_count"], dtype=np.int64)

    # --- time helpers -----------------------------------------------------------------------------------
    def _in_hours(self, second: np.ndarray) -> np.ndarray:
        """Moves each moment into opening hours: before opening -> that morning, after closing -> the next
        morning (keeping the minutes, so moments stay distinct); a moment on a closed day (설날, 추석) -> the
        same time the day after."""
        second = np.asarray(second, dtype=np.int64)
        day, tod = second // DAY, second % DAY
        early, late = tod < self.open, tod >= self.close
        day = day + late
        day = np.minimum(day, len(self.holiday) - 2)
        day = day + self.holiday[day]
        tod = np.where(early | late, self.open + tod % HOUR, tod)
        return day * DAY + tod

    def _day_moment(self, day: np.ndarray) -> np.ndarray:
        """A moment during opening hours on each day, following the shop's hourly rhythm."""
        day = np.asarray(day, dtype=np.int64)
        hour = self.gen.hours(np.clip(day, 0, self.last))
        return day * DAY + hour * HOUR + self.rng.integers(0, HOUR, len(day))

    def _on_duty(self, second: np.ndarray) -> np.ndarray:
        """Who was at the counter then (the sales' rota: only staff already hired)."""
        second = np.asarray(second, dtype=np.int64)
        return self.gen.staff_on_duty(np.clip(second // DAY, 0, self.last), second)

    # --- contacts ---------------------------------------------------------------------------------------
    def build(self) -> Touchpoints:
        d, rng = self.demo, self.rng
        parts: list[dict[str, Any]] = []
        known = np.flatnonzero(d.receipt_customer >= 0)
        r_cust, r_sec, r_staff = d.receipt_customer[known], d.receipt_second[known], d.receipt_staff[known]
        can_follow = ~self.archived  # no call-backs to cards that will be archived

        # Counter visits, logged by whoever rang the purchase up, a few minutes after it.
        m = rng.random(len(known)) < VISIT_SHARE
        k = int(m.sum())
        purpose = rng.choice(3, k, p=[0.85, 0.10, 0.05])
        note = np.where(purpose == 0, _pick(rng, _VISIT_PURCHASE, k),
                        np.where(purpose == 1, _pick(rng, _VISIT_INQUIRY, k), _pick(rng, _VISIT_PROMOTION, k)))
        outcome = np.where(purpose == 0, _pick(rng, _VISIT_PURCHASE_OUTCOME, k),
                           np.where(purpose == 1, _pick(rng, _VISIT_INQUIRY_OUTCOME, k),
                                    _pick(rng, _VISIT_PROMOTION_OUTCOME, k)))
        follow = (rng.random(k) < 0.05) & can_follow[r_cust[m]]
        parts.append(self._part(r_cust[m], r_staff[m], r_sec[m] + rng.integers(200, 400, k), "visit",
                                np.asarray(("purchase", "inquiry", "promotion"), dtype=object)[purpose], note, outcome,
                                follow))

        # Calls in, a few days after a visit: questions, after-sales.
        m = rng.random(len(known)) < CALL_IN_SHARE
        k = int(m.sum())
        when = self._in_hours(self._day_moment(r_sec[m] // DAY + rng.integers(1, 21, k)))
        after_sales = rng.random(k) < 0.35
        note = np.where(after_sales, _pick(rng, _CALL_AFTER_SALES, k), _pick(rng, _CALL_INQUIRY, k))
        outcome = np.where(after_sales, _pick(rng, _CALL_AFTER_SALES_OUTCOME, k), _pick(rng, _CALL_INQUIRY_OUTCOME, k))
        follow = (rng.random(k) < np.where(after_sales, 0.45, 0.15)) & can_follow[r_cust[m]]
        ok = (when < np.minimum(self.cutoff, self.archived_at[r_cust[m]]))
        parts.append(self._part(r_cust[m][ok], None, when[ok], "phone_in",
                                np.where(after_sales, "after_sales", "inquiry")[ok].astype(object), note[ok],
                                outcome[ok], follow[ok]))

        # Offices order by phone in the morning and now and then have the order carried over.
        offices = self.group[r_cust]
        m = offices & (rng.random(len(known)) < 0.25) & (r_sec - 3600 > self.created[r_cust])
        k = int(m.sum())
        parts.append(self._part(r_cust[m], None, r_sec[m] - rng.integers(1200, 3600, k), "phone_in",
                                np.full(k, "purchase", dtype=object), _pick(rng, _GROUP_ORDER, k),
                                np.full(k, "주문 접수", dtype=object)))
        m = offices & (rng.random(len(known)) < 0.05)
        k = int(m.sum())
        parts.append(self._part(r_cust[m], r_staff[m], r_sec[m] + rng.integers(1800, 5400, k), "home_visit",
                                np.full(k, "purchase", dtype=object), _pick(rng, _DELIVERY, k),
                                np.full(k, "배달 완료", dtype=object)))
        m = self.subscriber[r_cust] & (rng.random(len(known)) < 0.01)
        k = int(m.sum())
        when = self._in_hours(r_sec[m] + rng.integers(2, 8, k) * DAY)
        ok = when < np.minimum(self.cutoff, self.archived_at[r_cust[m]])
        parts.append(self._part(r_cust[m][ok], None, when[ok], "home_visit",
                                np.full(int(ok.sum()), "after_sales", dtype=object),
                                np.full(int(ok.sum()), _HOME_AFTER_SALES, dtype=object),
                                np.full(int(ok.sum()), "안내 완료", dtype=object)))
        m = rng.random(len(known)) < 0.003
        k = int(m.sum())
        when = r_sec[m] - rng.integers(2, 5, k) * DAY
        ok = when > self.created[r_cust[m]]
        parts.append(self._part(r_cust[m][ok], None, when[ok], "online", np.full(int(ok.sum()), "purchase",
                                dtype=object), np.full(int(ok.sum()), _ONLINE, dtype=object),
                                np.full(int(ok.sum()), "예약 확인", dtype=object)))

        parts.append(self._campaigns())
        parts.append(self._win_back())
        parts.append(self._open_around_today())
        return self._assemble(parts)

    def _part(self, cust: np.ndarray, staff: np.ndarray | None, second: np.ndarray, channel: str,
              purpose: np.ndarray, note: np.ndarray, outcome: np.ndarray, follow: np.ndarray | None = None,
              follow_day: np.ndarray | None = None, done: bool = True) -> dict[str, Any]:
        """One kind of contact. ``follow`` marks those that get a follow-up (a reason replaces the note);
        ``follow_day`` fixes its due day; ``done=False`` leaves it open whatever the date."""
        k = len(cust)
        second = np.asarray(second, dtype=np.int64)
        note, outcome = np.asarray(note, dtype=object).copy(), np.asarray(outcome, dtype=object).copy()
        follow = np.zeros(k, dtype=bool) if follow is None else np.asarray(follow, dtype=bool)
        reason = self.rng.integers(0, len(_FOLLOW_UPS), k)
        note[follow] = [_FOLLOW_UPS[r][0] for r in reason[follow]]
        purpose = np.asarray(purpose, dtype=object).copy()
        purpose[follow] = [_FOLLOW_UPS[r][3] for r in reason[follow]]
        outcome[follow] = _FOLLOW_UP_LOGGED
        if follow_day is None:
            follow_day = np.where(follow, second // DAY + self.rng.integers(1, 11, k), -1)
        return {"cust": np.asarray(cust, dtype=np.int64), "second": second,
                "staff": self._on_duty(second) if staff is None else np.asarray(staff, dtype=np.int64),
                "channel": np.full(k, channel, dtype=object), "purpose": np.asarray(purpose, dtype=object),
                "note": note, "outcome": outcome, "follow_day": np.asarray(follow_day, dtype=np.int64),
                "reason": reason, "may_do": np.full(k, done)}

    def _campaigns(self) -> dict[str, Any]:
        """Seasonal campaign messages to consenting customers active in the year before it."""
        rng = self.rng
        days = np.arange(20, self.last - 2, CAMPAIGN_EVERY_DAYS) + rng.integers(0, 7, 1)
        days = days[days <= self.last]
        cust, sec = [], []
        for day in days:
            at = self._in_hours(np.asarray([day * DAY + 10 * HOUR + int(rng.integers(0, HOUR))]))[0]
            if at >= self.cutoff:
                continue
            reach = (self.consent & (self.consent_at < at) & (self.created < at) & (self.latest > at - 300 * DAY)
                     & (self.archived_at > at))
            chosen = np.flatnonzero(reach & (rng.random(self.n) < CAMPAIGN_REACH))
            cust.append(chosen)
            sec.append(at + np.arange(len(chosen)) % 60)  # a message a second or so apart
        cust_a = np.concatenate(cust) if cust else np.empty(0, dtype=np.int64)
        sec_a = np.concatenate(sec) if sec else np.empty(0, dtype=np.int64)
        months = (self.gen.days[np.clip(sec_a // DAY, 0, self.last)].astype("datetime64[M]").astype(np.int64)
                  % 12 + 1)
        note = np.asarray([_CAMPAIGNS[int(m)] for m in months], dtype=object)
        k = len(cust_a)
        return self._part(cust_a, np.full(k, OWNER), sec_a, "message", np.full(k, "promotion", dtype=object), note,
                          np.full(k, "", dtype=object))

    def _win_back(self) -> dict[str, Any]:
        """A call or a coupon to regulars who stopped coming, two to five months after their last visit."""
        rng = self.rng
        gone = (self.visits >= 3) & self.consent & (self.latest < self.cutoff - 120 * DAY)
        cust = np.flatnonzero(gone & (rng.random(self.n) < 0.3))
        when = self._in_hours(self._day_moment(self.latest[cust] // DAY + rng.integers(60, 150, len(cust))))
        ok = (when < np.minimum(self.cutoff, self.archived_at[cust])) & (when > self.consent_at[cust])
        cust, when = cust[ok], when[ok]
        k = len(cust)
        call = rng.random(k) < 0.3
        note = np.where(call, "안부 전화 — 신메뉴와 쿠폰 안내", _pick(rng, _WIN_BACK, k)).astype(object)
        outcome = np.where(call, _pick(rng, _WIN_BACK_CALL_OUTCOME, k), "쿠폰 발송").astype(object)
        part = self._part(cust, None, when, "message", np.full(k, "promotion", dtype=object), note, outcome)
        part["channel"] = np.where(call, "phone_out", "message").astype(object)
        return part

    def _open_around_today(self) -> dict[str, Any]:
        """Call-backs that are open on as_of: due today, overdue, and coming up in the next days."""
        rng = self.rng
        few = max(1, self.n // 10)  # a shop of a handful of customers gets a handful of call-backs
        due_today, upcoming, overdue = (min(few, k) for k in (3 + self.n // 1000, 4 + self.n // 400, 3 + self.n // 800))
        old_enough = (self.created < (self.last - 30) * DAY) & ~self.archived
        pool = np.flatnonzero(old_enough & (self.latest > (self.last - 120) * DAY))
        if len(pool) < 10:
            pool = np.flatnonzero(old_enough)
        if len(pool) == 0:
            return self._part(np.empty(0, dtype=np.int64), None, np.empty(0, dtype=np.int64), "phone_in",
                              np.empty(0, dtype=object), np.empty(0, dtype=object), np.empty(0, dtype=object))
        total = due_today + upcoming + overdue
        cust = rng.choice(pool, total)
        logged = np.concatenate((self.last - rng.integers(0, 7, due_today), self.last - rng.integers(0, 6, upcoming),
                                 self.last - rng.integers(5, 31, overdue)))
        today = self.last + 1
        due = np.concatenate((np.full(due_today, today), today + rng.integers(1, 11, upcoming),
                              logged[due_today + upcoming:] + rng.integers(1, 5, overdue)))
        second = self._day_moment(logged)
        channel = rng.random(total) < 0.5
        purpose = np.where(rng.random(total) < 0.5, "after_sales", "inquiry").astype(object)
        part = self._part(cust, None, second, "phone_in", purpose, np.full(total, "", dtype=object),
                          np.full(total, "", dtype=object), np.ones(total, dtype=bool), due, done=False)
        part["channel"] = np.where(channel, "phone_in", "visit").astype(object)
        return part

    def _assemble(self, parts: list[dict[str, Any]]) -> Touchpoints:
        rng = self.rng
        cols = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
        # Follow-ups: most done on the day, some a few days late or a day early, some recent ones forgotten.
        # One that would be done on or after as_of is still open.
        orig = np.flatnonzero(cols["follow_day"] >= 0)
        due = cols["follow_day"][orig]
        logged_day = cols["second"][orig] // DAY
        late = rng.integers(1, 4, len(orig))
        shift = np.select([rng.random(len(orig)) < 0.7, rng.random(len(orig)) < 0.6], [0, late], -1)
        done_day = np.maximum(due + shift, logged_day)
        # Forgotten ones are recent: a shop clears old call-backs, so the today list is not years long.
        forgotten = rng.random(len(orig)) < np.where(due > self.last - 30, 0.15, 0.0)
        do = cols["may_do"][orig] & ~forgotten & (done_day <= self.last)
        orig, done_day = orig[do], done_day[do]
        k = len(orig)
        done_at = self._day_moment(done_day)
        done_at = np.maximum(done_at, cols["second"][orig] + rng.integers(600, 3 * HOUR, k))
        done_at = self._in_hours(done_at)
        keep = done_at < self.cutoff  # a follow-up pushed past closing into as_of is not done yet
        orig, done_at = orig[keep], done_at[keep]
        k = len(orig)
        channel = np.asarray(("phone_out", "message", "visit"), dtype=object)[rng.choice(3, k, p=[0.6, 0.3, 0.1])]
        reason = cols["reason"][orig]
        note = np.asarray([_FOLLOW_UPS[r][1] for r in reason], dtype=object)
        outcome = np.asarray([_FOLLOW_UPS[r][2][int(u * len(_FOLLOW_UPS[r][2]))]
                              for r, u in zip(reason, rng.random(k), strict=True)], dtype=object)
        outcome[(channel == "phone_out") & (rng.random(k) < 0.12)] = _FOLLOW_UP_NOT_REACHED
        done = self._part(cols["cust"][orig], None, done_at, "phone_out", np.full(k, "follow_up", dtype=object),
                          note, outcome)
        done["channel"] = channel
        m = len(cols["cust"])
        done_by_unsorted = np.full(m + k, -1, dtype=np.int64)
        done_by_unsorted[orig] = m + np.arange(k)
        cols = {key: np.concatenate((cols[key], done[key])) for key in cols}
        order = np.argsort(cols["second"], kind="stable")
        position = np.empty_like(order)
        position[order] = np.arange(len(order))
        done_by = done_by_unsorted[order]
        done_by = np.where(done_by >= 0, position[np.maximum(done_by, 0)], -1)
        tp = Touchpoints(
            contact_customer=cols["cust"][order], contact_staff=cols["staff"][order],
            contact_second=cols["second"][order], contact_channel=cols["channel"][order].tolist(),
            contact_purpose=cols["purpose"][order].tolist(), contact_note=cols["note"][order].tolist(),
            contact_outcome=cols["outcome"][order].tolist(), contact_follow_up_day=cols["follow_day"][order],
            contact_done_by=done_by,
        )
        self._feedback(tp)
        return tp

    # --- feedback ---------------------------------------------------------------------------------------
    def _feedback(self, tp: Touchpoints) -> None:
        """Draw every item's who, what and when at once; then walk each through its workflow."""
        rng, d = self.rng, self.demo
        known = np.flatnonzero(d.receipt_customer >= 0)
        count = max(6, int(round(self.n * FEEDBACK_PER_CUSTOMER)))
        # Around as_of: a few just in, and a few complaints left lying past their targets.
        fresh, stale = 2 + self.n // 1500, 2 + self.n // 1000
        total = count + fresh + stale
        forced = np.r_[np.zeros(count, dtype=np.int64), np.full(fresh, 1), np.full(stale, 2)]
        kind_w = np.asarray([f[2] for f in _FEEDBACK], dtype=np.float64)
        complaint_w = np.where(np.asarray([f[0] for f in _FEEDBACK]) == "complaint", kind_w, 0.0)
        what = np.where(forced > 0, rng.choice(len(_FEEDBACK), total, p=complaint_w / complaint_w.sum()),
                        rng.choice(len(_FEEDBACK), total, p=kind_w / kind_w.sum()))
        # Who: a card holder after one of their purchases, or someone anonymous.
        receipt = known[rng.integers(0, len(known), total)]
        customer = np.where(rng.random(total) < 0.15, -1, d.receipt_customer[receipt])
        channel_w = np.asarray([c[1] for c in _FEEDBACK_CHANNELS], dtype=np.float64)
        anon_w = np.asarray([c[1] for c in _ANON_CHANNELS], dtype=np.float64)
        channel = np.where(customer >= 0,
                           np.asarray([c[0] for c in _FEEDBACK_CHANNELS], dtype=object)[
                               rng.choice(len(channel_w), total, p=channel_w / channel_w.sum())],
                           np.asarray([c[0] for c in _ANON_CHANNELS], dtype=object)[
                               rng.choice(len(anon_w), total, p=anon_w / anon_w.sum())])
        # When: at the counter right after the purchase; by phone, message or review within a day or two.
        delay = np.where(channel == "visit", rng.integers(300, 2400, total), rng.integers(HOUR, 2 * DAY, total))
        anon_day = self.gen.days_between(np.zeros(total, dtype=np.int64), np.full(total, self.last),
                                          rng.random(total))
        received = np.where(customer >= 0, d.receipt_second[receipt] + delay, self._day_moment(anon_day))
        ago = np.where(forced == 1, 0, rng.integers(4, 21, total))
        recent = self._day_moment(self.last - ago)
        active = np.flatnonzero(~self.archived & (self.latest > (self.last - 60) * DAY))
        recent_customer = rng.choice(active, total) if len(active) else np.full(total, -1)
        recent_customer = np.where(rng.random(total) < 0.8, recent_customer, -1)
        received = np.where(forced > 0, recent, received)
        customer = np.where(forced > 0, recent_customer, customer)
        received = self._in_hours(received)
        archived_at = np.where(customer >= 0, self.archived_at[np.maximum(customer, 0)], np.iinfo(np.int64).max)
        created = np.where(customer >= 0, self.created[np.maximum(customer, 0)], -1)
        customer = np.where(created < received, customer, -1)  # a card made later: take it as anonymous
        keep = (received < self.cutoff) & (received < archived_at)
        order = np.flatnonzero(keep)[np.argsort(received[keep], kind="stable")]
        taker = self._on_duty(received[order])
        severity_w = np.asarray([s[1] for s in _SEVERITY["complaint"]], dtype=np.float64)
        severity = np.asarray([s[0] for s in _SEVERITY["complaint"]], dtype=object)[
            rng.choice(len(severity_w), len(order), p=severity_w / severity_w.sum())]
        text = rng.random(len(order))
        to_owner = rng.random(len(order)) < 0.3
        draws = rng.random((len(order), 24))
        for j, i in enumerate(order.tolist()):
            kind, category, _, texts = _FEEDBACK[what[i]]
            sev = str(severity[j]) if kind == "complaint" else "low"
            item: dict[str, Any] = {
                "customer": None if customer[i] < 0 else int(customer[i]), "kind": kind, "channel": str(channel[i]),
                "category": category, "severity": sev, "description": texts[int(text[j] * len(texts))],
                "assigned": OWNER if sev in ("high", "critical") or to_owner[j] else int(taker[j]),
                "status": "received", "received_at": int(received[i]), "received_by": int(taker[j]),
                "first_response_at": None, "resolved_at": None, "closed_at": None, "resolution_note": "",
                "recovery_action": None, "updated_at": int(received[i]),
            }
            row = len(tp.feedback)
            tp.feedback.append(item)
            tp.events.append({"feedback": row, "at": item["received_at"], "staff": item["received_by"], "from": None,
                              "to": "received", "note": ""})
            for to_status, delay_s, staff, note, recovery in self._plan(item, int(forced[i]), iter(draws[j].tolist())):
                at = max(self._in_hours_one(item["updated_at"] + delay_s), item["updated_at"] + 60)
                if at >= self.cutoff:
                    break  # not yet happened on as_of
                self._change(tp, row, item, to_status, at, staff, note, recovery)

    def _in_hours_one(self, second: int) -> int:
        """:meth:`_in_hours` for one moment (the feedback loop calls it tens of thousands of times)."""
        day, tod = divmod(second, DAY)
        if tod < self.open:
            tod = self.open + tod % HOUR
        elif tod >= self.close:
            day, tod = day + 1, self.open + tod % HOUR
        day = min(day, len(self.holiday) - 2)
        return (day + int(self.holiday[day])) * DAY + tod

    @staticmethod
    def _plan(item: dict[str, Any], forced: int, u: Any) -> list[_Step]:
        """The status changes an item will go through: (to, delay after the previous one, staff, note,
        recovery); a resolution's note is its resolution note. ``u`` yields uniform draws."""
        kind, owner, assigned, taker = item["kind"], OWNER, item["assigned"], item["received_by"]

        def hours(lo: float, hi: float) -> int:
            return int((lo + next(u) * (hi - lo)) * HOUR)

        def pick(pool: tuple[str, ...]) -> str:
            return pool[int(next(u) * len(pool))]

        if forced:  # 1: just in, 2: left lying; some of both have had a first answer
            if next(u) < (0.5 if forced == 1 else 0.6):
                return [("in_progress", hours(0.3, 3) if forced == 1 else hours(2, 20), assigned,
                         pick(_IN_PROGRESS_NOTES), None)]
            return []
        close: list[_Step] = [("closed", hours(24, 240), owner, pick(_CLOSE_NOTES), None)]
        steps: list[_Step]
        if kind != "complaint":
            answer = (pick(_ANSWERS[kind]), None)
            if kind == "suggestion":
                steps = [("in_progress", hours(2, 48), assigned, "검토 중", None),
                         ("resolved", hours(24, 14 * 24), assigned, *answer)]
            else:
                steps = [("resolved", hours(0.2, 30), assigned if kind == "compliment" else taker, *answer)]
            return steps + (close if next(u) < 0.6 else [])
        choices = _RECOVERY[item["category"]]
        r = next(u) * sum(w for _, w in choices)
        action = next(a for a, w in choices if (r := r - w) < 0)
        resolution = f"{pick(_RECOVERY_NOTES[action])} / {_FIX[item['category']]}"
        speed = next(u)
        if speed < 0.35:  # settled on the spot
            steps = [("resolved", hours(0.1, 1), taker, resolution, action)]
        elif speed < 0.75:  # answered within hours, put right within the day or the next
            steps = [("in_progress", hours(0.3, 6), assigned, pick(_IN_PROGRESS_NOTES), None),
                     ("resolved", hours(1, 20), assigned, resolution, action)]
        elif speed < 0.92:  # slow: the first answer comes late, the fix takes days
            steps = [("in_progress", hours(20, 60), assigned, pick(_IN_PROGRESS_NOTES), None),
                     ("resolved", hours(48, 200), assigned, resolution, action)]
        elif speed < 0.97:  # resolved, the customer came back unhappy, resolved again
            steps = [("in_progress", hours(0.3, 6), assigned, pick(_IN_PROGRESS_NOTES), None),
                     ("resolved", hours(2, 40), assigned, resolution, action),
                     ("in_progress", hours(24, 72), owner, _REOPEN_NOTE, None),
                     ("resolved", hours(24, 72), owner, f"사장님이 직접 통화, {pick(_RECOVERY_NOTES['coupon'])}",
                      "coupon")]
        else:  # never got past "in progress"
            return [("in_progress", hours(1, 20), assigned, pick(_IN_PROGRESS_NOTES), None)]
        return steps + (close if next(u) < 0.55 else [])

    @staticmethod
    def _change(tp: Touchpoints, row: int, item: dict[str, Any], to_status: str, at: int, staff: int, note: str,
                recovery: str | None) -> None:
        """One status change, stamped like crmdesk.services.feedback.change_status stamps it."""
        event_note = note
        if to_status == "resolved":
            item["resolution_note"], item["recovery_action"], item["resolved_at"] = note, recovery, at
            event_note = ""
        if item["first_response_at"] is None and item["status"] == "received":
            item["first_response_at"] = at
        if to_status == "in_progress" and item["status"] == "resolved":
            item["resolved_at"] = None
        if to_status == "closed":
            item["closed_at"] = at
        tp.events.append({"feedback": row, "at": at, "staff": staff, "from": item["status"], "to": to_status,
                          "note": event_note})
        item["status"], item["updated_at"] = to_status, at
