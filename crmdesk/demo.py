"""Demo data: a neighbourhood café in Seoul (카페 온기) with its customers, staff and three years of sales.

``generate_demo`` fills an empty database so the customer list, the search, the card and the analyses have
something real-looking to show: Korean names weighted like the census, unique 010 numbers, birthdays (some
lunar), tags and memos, and purchase histories shaped by customer type (regulars, occasional and one-off
buyers, drifting and lost customers, newcomers), by season (iced drinks in summer, cakes at Christmas), by
weekday and by hour, with a Pareto-like spread of spending and some anonymous walk-in sales. After the sales,
:mod:`crmdesk.demo_touchpoints` draws the contacts, follow-ups and feedback that go with them.

Everything is drawn from one seeded numpy generator, so a seed and an ``as_of`` date always give the same
shop. The generation is vectorised and the rows go in with large batches in one transaction; on SQLite the
batches go straight through the sqlite3 cursor (SQLAlchemy's per-row parameter processing would triple the
time of a 100,000-customer shop), elsewhere through SQLAlchemy Core. No Qt here: the CLI uses it too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa

from crmdesk import normalise as nz
from crmdesk.access import Permission, require
from crmdesk.demo_touchpoints import TouchpointGenerator, Touchpoints
from crmdesk.errors import CrmError

if TYPE_CHECKING:
    from crmdesk.store import Store

SHOP_NAME = "카페 온기"
HISTORY_DAYS = 3 * 365 + 1  # three years of sales, up to the evening before as_of
OPENING_HOUR, CLOSING_HOUR = 8, 21
WALK_IN_SHARE = 0.10  # receipts without a customer card
NOT_EMPTY = "The database already has customers; demo data goes only into an empty database."

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    purchases: int
    lines: int
    staff: int
    contacts: int = 0
    follow_ups_open: int = 0  # on as_of: due that day, overdue or coming up
    feedback: int = 0
    # Time spent on contacts and feedback alone (drawing them, inserting them, building their indexes).
    touchpoint_seconds: float = 0.0


# --- The shop's world -------------------------------------------------------------------------------------

# Surnames with their share of the population (census 2015, in per mille) and the usual romanisation.
_SURNAMES = (
    ("김", "kim", 215), ("이", "lee", 147), ("박", "park", 84), ("최", "choi", 47), ("정", "jung", 43),
    ("강", "kang", 24), ("조", "cho", 21), ("윤", "yoon", 21), ("장", "jang", 20), ("임", "lim", 17),
    ("한", "han", 15), ("오", "oh", 15), ("서", "seo", 15), ("신", "shin", 14), ("권", "kwon", 14),
    ("황", "hwang", 14), ("안", "ahn", 13), ("송", "song", 13), ("전", "jeon", 11), ("홍", "hong", 11),
    ("유", "yoo", 9), ("류", "ryu", 4), ("고", "ko", 9), ("문", "moon", 9), ("양", "yang", 9), ("손", "son", 9),
    ("배", "bae", 8), ("백", "baek", 8), ("허", "heo", 7), ("노", "noh", 6), ("남", "nam", 6), ("심", "shim", 5),
    ("하", "ha", 5), ("곽", "kwak", 4), ("성", "sung", 4), ("차", "cha", 4), ("주", "joo", 4), ("우", "woo", 4),
    ("구", "koo", 4), ("민", "min", 3), ("나", "na", 3), ("진", "jin", 3), ("지", "ji", 3), ("엄", "eom", 3),
    ("채", "chae", 3), ("원", "won", 3), ("천", "cheon", 2), ("방", "bang", 2), ("공", "kong", 2),
    ("현", "hyun", 2), ("함", "ham", 2), ("변", "byun", 2), ("염", "yeom", 2), ("여", "yeo", 2),
    ("추", "choo", 1), ("도", "do", 1), ("소", "so", 1), ("석", "seok", 1), ("선", "sun", 1), ("설", "seol", 1),
    ("마", "ma", 1), ("길", "gil", 1), ("연", "yeon", 1), ("위", "wi", 1), ("표", "pyo", 1), ("명", "myung", 1),
    ("기", "ki", 1), ("반", "ban", 1), ("왕", "wang", 1), ("금", "keum", 1), ("옥", "ok", 1), ("육", "yook", 1),
    ("인", "in", 1), ("맹", "maeng", 1), ("제", "je", 1), ("모", "mo", 1), ("탁", "tak", 0.5),
    ("국", "kook", 0.5), ("어", "eo", 0.5), ("은", "eun", 0.5), ("편", "pyeon", 0.5), ("용", "yong", 0.5),
    ("예", "ye", 0.5), ("경", "kyung", 0.5), ("봉", "bong", 0.5), ("황보", "hwangbo", 0.2),
    ("남궁", "namkung", 0.2), ("제갈", "jegal", 0.1), ("선우", "sunwoo", 0.1), ("독고", "dokgo", 0.05),
)

# Given names, most popular first (weights fall off with the rank), for people born from 1985 on and before.
_FEMALE_YOUNG = (
    ("서연", "seoyeon"), ("지민", "jimin"), ("수빈", "subin"), ("민지", "minji"), ("지은", "jieun"),
    ("예은", "yeeun"), ("하은", "haeun"), ("서현", "seohyun"), ("유진", "yujin"), ("지원", "jiwon"),
    ("수민", "sumin"), ("지현", "jihyun"), ("민서", "minseo"), ("예진", "yejin"), ("다은", "daeun"),
    ("채원", "chaewon"), ("소연", "soyeon"), ("은지", "eunji"), ("혜진", "hyejin"), ("윤서", "yunseo"),
    ("지수", "jisoo"), ("하윤", "hayoon"), ("서윤", "seoyoon"), ("수아", "sua"), ("지아", "jia"),
    ("나연", "nayeon"), ("다현", "dahyun"), ("예린", "yerin"), ("가은", "gaeun"), ("은비", "eunbi"),
    ("하린", "harin"), ("유나", "yuna"), ("소희", "sohee"), ("지혜", "jihye"), ("보람", "boram"),
    ("슬기", "seulgi"), ("아름", "areum"), ("민경", "minkyung"), ("수진", "sujin"), ("현지", "hyunji"),
)
_FEMALE_OLD = (
    ("지영", "jiyoung"), ("미경", "mikyung"), ("은영", "eunyoung"), ("미영", "miyoung"), ("현정", "hyunjung"),
    ("정희", "junghee"), ("선영", "sunyoung"), ("영희", "younghee"), ("경희", "kyunghee"), ("은정", "eunjung"),
    ("미정", "mijung"), ("수정", "sujung"), ("은주", "eunjoo"), ("혜경", "hyekyung"), ("영미", "youngmi"),
    ("정미", "jungmi"), ("미숙", "misook"), ("영숙", "youngsook"), ("정숙", "jungsook"), ("현숙", "hyunsook"),
    ("명숙", "myungsook"), ("경숙", "kyungsook"), ("순자", "soonja"), ("혜숙", "hyesook"), ("성희", "sunghee"),
    ("미란", "miran"), ("윤희", "yunhee"), ("지연", "jiyeon"), ("옥순", "oksoon"), ("숙희", "sookhee"),
)
_MALE_YOUNG = (
    ("민준", "minjun"), ("서준", "seojun"), ("도윤", "doyoon"), ("예준", "yejun"), ("시우", "siwoo"),
    ("하준", "hajun"), ("지호", "jiho"), ("준서", "junseo"), ("준우", "junwoo"), ("현우", "hyunwoo"),
    ("지훈", "jihoon"), ("건우", "gunwoo"), ("우진", "woojin"), ("민재", "minjae"), ("현준", "hyunjun"),
    ("선우", "sunwoo"), ("서진", "seojin"), ("연우", "yeonwoo"), ("유준", "yujun"), ("정우", "jungwoo"),
    ("승현", "seunghyun"), ("승민", "seungmin"), ("동현", "donghyun"), ("민수", "minsu"), ("성민", "sungmin"),
    ("재원", "jaewon"), ("태윤", "taeyoon"), ("지성", "jisung"), ("준혁", "junhyuk"), ("상민", "sangmin"),
    ("재현", "jaehyun"), ("진우", "jinwoo"), ("태현", "taehyun"), ("은우", "eunwoo"), ("시윤", "siyoon"),
)
_MALE_OLD = (
    ("영수", "youngsoo"), ("성호", "sungho"), ("영호", "youngho"), ("정호", "jungho"), ("성수", "sungsoo"),
    ("상철", "sangchul"), ("영철", "youngchul"), ("종호", "jongho"), ("동욱", "donguk"), ("성훈", "sunghoon"),
    ("정훈", "junghoon"), ("상훈", "sanghoon"), ("진호", "jinho"), ("준호", "junho"), ("병철", "byungchul"),
    ("재석", "jaeseok"), ("광수", "kwangsoo"), ("명수", "myungsoo"), ("태호", "taeho"), ("기현", "kihyun"),
    ("용준", "yongjun"), ("경수", "kyungsoo"), ("승우", "seungwoo"), ("현석", "hyunseok"), ("동훈", "donghoon"),
    ("재민", "jaemin"), ("성진", "sungjin"), ("창민", "changmin"), ("대현", "daehyun"), ("철수", "chulsoo"),
)
_GIVEN_POOLS = (_FEMALE_YOUNG, _FEMALE_OLD, _MALE_YOUNG, _MALE_OLD)

# Neighbours from abroad: expats, students, tourists who came back.
_FOREIGN_NAMES = (
    ("Emily", "Carter", "F"), ("Olivia", "Brown", "F"), ("Sophie", "Martin", "F"), ("Anna", "Schmidt", "F"),
    ("Yuki", "Tanaka", "F"), ("Mei", "Lin", "F"), ("Lan", "Nguyen", "F"), ("Sarah", "Kim", "F"),
    ("Chloe", "Wilson", "F"), ("Maria", "Garcia", "F"), ("James", "Wilson", "M"), ("Daniel", "Lee", "M"),
    ("Michael", "Smith", "M"), ("Lucas", "Dubois", "M"), ("David", "Park", "M"), ("Kenji", "Sato", "M"),
    ("Wei", "Wang", "M"), ("Minh", "Tran", "M"), ("Thomas", "Mueller", "M"), ("Ryan", "Johnson", "M"),
)

_EMAIL_DOMAINS = (("naver.com", 45), ("gmail.com", 30), ("daum.net", 10), ("kakao.com", 8), ("hanmail.net", 5),
                  ("nate.com", 2))

# Where the customers live: the café is in 연남동 (마포구), so most come from around it.
_DISTRICTS = (
    ("서울특별시", "마포구",
     ("연남동", "망원동", "합정동", "서교동", "성산동", "상암동", "동교동", "공덕동", "아현동"), 50),
    ("서울특별시", "서대문구", ("연희동", "신촌동", "북가좌동", "남가좌동", "홍은동"), 12),
    ("서울특별시", "은평구", ("응암동", "증산동", "수색동", "역촌동"), 6),
    ("서울특별시", "용산구", ("이태원동", "한남동", "효창동"), 4),
    ("서울특별시", "영등포구", ("여의도동", "당산동", "문래동"), 4),
    ("서울특별시", "종로구", ("부암동", "혜화동", "평창동"), 3),
    ("서울특별시", "강서구", ("화곡동", "마곡동", "등촌동"), 4),
    ("서울특별시", "성북구", ("성북동", "정릉동", "안암동"), 2),
    ("서울특별시", "강남구", ("역삼동", "삼성동", "논현동"), 3),
    ("서울특별시", "송파구", ("잠실동", "문정동"), 2),
    ("서울특별시", "관악구", ("신림동", "봉천동"), 3),
    ("경기도", "고양시 덕양구", ("화정동", "행신동"), 4),
    ("경기도", "부천시", ("중동", "상동"), 2),
)
_APARTMENTS = ("래미안", "자이", "푸르지오", "힐스테이트", "e편한세상", "아이파크", "롯데캐슬", "현대아파트")

_MEMOS = (
    "라떼 샷 추가", "우유 알레르기 — 두유로 변경", "오트밀크로 변경", "시럽 빼고", "얼음 적게", "디카페인 선호",
    "연하게 (샷 1개)", "아주 뜨겁게", "텀블러 지참 (300원 할인)", "견과류 알레르기", "휘핑 빼기",
    "강아지 동반 — 테라스석 선호", "현금영수증 발행 (사업자 번호 등록)", "스탬프 10개 적립 완료", "생일 쿠폰 사용함",
    "빨대 필요 없음", "아이와 함께 방문 — 아기의자", "노트북 작업, 콘센트석 선호", "케이크 예약 고객", "주차 문의",
)
_GROUP_MEMO = "단체주문: 근처 사무실 (주로 오전에 전화 주문, 10잔 이상)"
_SUBSCRIPTION_MEMO = "원두 구독 — 매월 200g, 핸드드립 분쇄"

_CHANNELS = (("walk_in", 55), ("sns", 15), ("referral", 10), ("event", 7), ("online", 6), ("other", 4),
             ("phone", 3))

# name, category, price (KRW), weight, and its multipliers in summer (Jun-Aug), winter (Dec-Feb), Christmas week.
_MENU = (
    ("아메리카노", "음료", 4500, 20.0, 0.6, 1.3, 1.2),
    ("아이스 아메리카노", "음료", 4500, 14.0, 2.2, 0.5, 0.4),
    ("카페라떼", "음료", 5000, 10.0, 0.7, 1.3, 1.2),
    ("아이스 카페라떼", "음료", 5000, 5.0, 2.0, 0.4, 0.3),
    ("바닐라라떼", "음료", 5500, 6.0, 1.0, 1.0, 1.0),
    ("카푸치노", "음료", 5000, 2.5, 0.5, 1.3, 1.3),
    ("카라멜 마키아토", "음료", 5800, 3.0, 1.0, 1.0, 1.0),
    ("콜드브루", "음료", 5000, 4.0, 1.8, 0.5, 0.5),
    ("에스프레소", "음료", 4000, 1.2, 0.8, 1.0, 1.0),
    ("플랫화이트", "음료", 5500, 2.0, 0.8, 1.1, 1.1),
    ("아인슈페너", "음료", 6000, 2.5, 1.0, 1.0, 1.0),
    ("디카페인 아메리카노", "음료", 5000, 1.5, 1.0, 1.0, 1.0),
    ("녹차라떼", "음료", 5500, 2.5, 1.0, 1.0, 1.0),
    ("고구마라떼", "음료", 5500, 1.2, 0.2, 2.0, 2.0),
    ("핫초코", "음료", 5000, 1.5, 0.2, 2.2, 2.5),
    ("자몽에이드", "음료", 6000, 2.0, 2.2, 0.4, 0.4),
    ("레몬에이드", "음료", 6000, 1.8, 2.2, 0.4, 0.4),
    ("유자차", "음료", 5500, 1.5, 0.2, 2.5, 2.5),
    ("캐모마일 티", "음료", 5000, 1.2, 0.6, 1.4, 1.4),
    ("딸기 스무디", "음료", 6500, 1.0, 1.8, 0.6, 1.0),
    ("치즈케이크", "디저트", 6500, 3.0, 1.0, 1.0, 1.5),
    ("티라미수", "디저트", 7000, 2.0, 1.0, 1.0, 1.3),
    ("초콜릿 케이크", "디저트", 6800, 1.8, 0.8, 1.3, 2.0),
    ("마카롱", "디저트", 3000, 2.0, 1.0, 1.0, 1.0),
    ("초코칩 쿠키", "디저트", 2500, 3.0, 1.0, 1.0, 1.2),
    ("인절미 빙수", "디저트", 11000, 0.1, 25.0, 0.0, 0.0),
    ("딸기 생크림 케이크 (홀)", "디저트", 32000, 0.05, 0.2, 1.0, 60.0),
    ("크루아상", "베이커리", 3800, 4.0, 1.0, 1.0, 1.0),
    ("소금빵", "베이커리", 3500, 4.0, 1.0, 1.0, 1.0),
    ("크림치즈 베이글", "베이커리", 4500, 2.5, 1.0, 1.0, 1.0),
    ("스콘", "베이커리", 3800, 2.0, 1.0, 1.0, 1.0),
    ("마들렌", "베이커리", 2800, 2.0, 1.0, 1.0, 1.0),
    ("휘낭시에", "베이커리", 3000, 2.0, 1.0, 1.0, 1.0),
    ("햄치즈 샌드위치", "베이커리", 6500, 2.5, 1.0, 1.0, 1.0),
    ("원두 200g (온기 블렌드)", "원두", 15000, 0.5, 0.8, 1.3, 2.5),
    ("원두 500g (온기 블렌드)", "원두", 32000, 0.15, 0.8, 1.3, 2.0),
    ("에티오피아 예가체프 200g", "원두", 18000, 0.25, 0.8, 1.2, 2.0),
    ("드립백 10개입", "원두", 13000, 0.3, 0.8, 1.5, 4.0),
    ("텀블러", "굿즈", 22000, 0.12, 1.0, 1.2, 5.0),
    ("머그컵", "굿즈", 15000, 0.1, 1.0, 1.2, 4.0),
    ("에코백", "굿즈", 12000, 0.06, 1.0, 1.0, 2.0),
)
_CATEGORIES = ("음료", "디저트", "베이커리", "원두", "굿즈")
# How likely a category is as the first line of a receipt (mostly a drink) and as a further line.
_FIRST_LINE = {"음료": 1.0, "디저트": 0.12, "베이커리": 0.15, "원두": 0.3, "굿즈": 0.3}
_EXTRA_LINE = {"음료": 0.4, "디저트": 1.6, "베이커리": 1.6, "원두": 0.5, "굿즈": 0.5}
# Prices went up about 14 months before as_of: drinks by 500 won, cakes and bread by 300 won.
_PRICE_RISE = {"음료": 500, "디저트": 300, "베이커리": 300}

# Customer archetypes and their share of the customer list.
ONE_OFF, OCCASIONAL, NEW, LOST, DRIFTING, REGULAR = range(6)
_ARCHETYPE_SHARES = (0.45, 0.255, 0.07, 0.13, 0.07, 0.025)

# Busy-ness by weekday (Mon..Sun), by month, and by opening hour (8..20) on weekdays and at the weekend.
_WEEKDAY_WEIGHT = (0.9, 0.9, 0.95, 1.0, 1.1, 1.4, 1.3)
_MONTH_WEIGHT = (0.9, 0.85, 0.95, 1.0, 1.05, 1.1, 1.25, 1.25, 1.0, 1.0, 1.0, 1.3)
_HOUR_WEEKDAY = (9, 8, 7, 7, 12, 12, 8, 8, 7, 7, 6, 5, 4)
_HOUR_WEEKEND = (3, 5, 7, 9, 10, 12, 12, 12, 10, 8, 6, 4, 2)

_STAFF = (("정다온", "owner", 0), ("김하늘", "staff", 0), ("이준호", "staff", 210), ("박소민", "staff", 560))

_TABLES = {
    "staff": (("id", sa.Integer), ("name", sa.String), ("role", sa.String), ("active", sa.Boolean),
              ("created_at", sa.DateTime)),
    "customer": (
        ("id", sa.Integer), ("name", sa.String), ("phone", sa.String), ("phone_last4", sa.String),
        ("email", sa.String), ("birthday", sa.Date), ("birthday_lunar", sa.Boolean), ("gender", sa.String),
        ("address", sa.String), ("memo", sa.String), ("tags", sa.String), ("customer_code", sa.String),
        ("first_seen", sa.Date), ("acquired_via", sa.String), ("marketing_consent", sa.Boolean),
        ("marketing_consent_at", sa.DateTime), ("archived", sa.Boolean), ("archived_at", sa.DateTime),
        ("created_at", sa.DateTime), ("updated_at", sa.DateTime), ("search_text", sa.String),
        ("visit_count", sa.Integer), ("total_spent", sa.Integer), ("last_purchase_at", sa.DateTime),
    ),
    "purchase": (("id", sa.Integer), ("customer_id", sa.Integer), ("purchased_at", sa.DateTime),
                 ("total", sa.Integer), ("staff_id", sa.Integer), ("receipt_no", sa.String),
                 ("created_at", sa.DateTime)),
    "purchase_line": (("id", sa.Integer), ("purchase_id", sa.Integer), ("product", sa.String),
                      ("category", sa.String), ("quantity", sa.Integer), ("unit_price", sa.Integer),
                      ("amount", sa.Integer)),
    # The consent ledger, consistent with the cards' flags: collection agreed at registration, every marketing
    # purpose granted when the card says consent was given.
    "consent_event": (("id", sa.Integer), ("customer_id", sa.Integer), ("purpose", sa.String),
                      ("granted", sa.Boolean), ("at", sa.DateTime), ("method", sa.String), ("staff_id", sa.Integer),
                      ("recorded_at", sa.DateTime)),
    # follow_up_contact_id points at a later row, so it is set by an UPDATE after the rows are in.
    "contact": (("id", sa.Integer), ("customer_id", sa.Integer), ("staff_id", sa.Integer),
                ("occurred_at", sa.DateTime), ("channel", sa.String), ("purpose", sa.String), ("note", sa.String),
                ("outcome", sa.String), ("follow_up_on", sa.Date), ("follow_up_done_at", sa.DateTime),
                ("created_at", sa.DateTime)),
    "feedback": (("id", sa.Integer), ("customer_id", sa.Integer), ("kind", sa.String), ("channel", sa.String),
                 ("category", sa.String), ("severity", sa.String), ("description", sa.String),
                 ("assigned_staff_id", sa.Integer), ("status", sa.String), ("received_at", sa.DateTime),
                 ("received_by_staff_id", sa.Integer), ("first_response_at", sa.DateTime),
                 ("resolved_at", sa.DateTime), ("closed_at", sa.DateTime), ("resolution_note", sa.String),
                 ("recovery_action", sa.String), ("created_at", sa.DateTime), ("updated_at", sa.DateTime)),
    "feedback_event": (("id", sa.Integer), ("feedback_id", sa.Integer), ("at", sa.DateTime), ("staff_id", sa.Integer),
                       ("from_status", sa.String), ("to_status", sa.String), ("note", sa.String)),
}
_TOUCHPOINT_TABLES = ("contact", "feedback", "feedback_event")
_BATCH = 50_000
_EPOCH_DAY = date(1970, 1, 1)


# --- Public entry point -----------------------------------------------------------------------------------

def generate_demo(store: Store, *, customers: int = 2000, seed: int = 7, as_of: date | None = None,
                  progress: ProgressFn | None = None) -> DemoSummary:
    """Fill an empty database with a demo café: ``customers`` customers, 4 staff, ~3 years of purchases.

    ``store`` is an open, migrated :class:`crmdesk.store.Store` without customers (else CrmError). ``as_of``
    (default today) is the demo's today: the sales cover the three years up to its eve, closing time. The same
    ``seed`` and ``as_of`` give the same data. ``progress(done, total)`` is called between steps and batches
    (``total`` stays the same); an exception raised from it (a cancel) rolls everything back.
    """
    require(store, Permission.BULK)  # thousands of cards at once: the owner's call
    if customers < 1:
        raise CrmError("A demo shop needs at least one customer.")
    as_of = as_of or date.today()
    steps = _Steps(progress)
    with store.engine.connect() as conn:
        _refuse_customers(conn)
    steps(0.0)
    generator = _Generator(customers, seed, as_of, steps)
    demo = generator.build()
    started = time.perf_counter()
    demo.touchpoints = TouchpointGenerator(generator, demo, OPENING_HOUR, CLOSING_HOUR).build()
    touchpoint_seconds = time.perf_counter() - started
    steps(0.28)
    with store.engine.begin() as conn:
        _refuse_customers(conn)
        timings = _write(conn, demo, steps)
        started = time.perf_counter()
        _loyalty(conn, seed, as_of)
        timings["loyalty"] = time.perf_counter() - started
    steps(1.0)
    tp = demo.touchpoints
    open_follow_ups = int(((tp.contact_follow_up_day >= 0) & (tp.contact_done_by < 0)).sum())
    return DemoSummary(customers=customers, purchases=len(demo.receipt_day), lines=len(demo.line_product),
                       staff=len(_STAFF), contacts=len(tp.contact_customer), follow_ups_open=open_follow_ups,
                       feedback=len(tp.feedback),
                       touchpoint_seconds=touchpoint_seconds + sum(timings.get(t, 0.0) for t in _TOUCHPOINT_TABLES))


def _loyalty(conn: sa.Connection, seed: int, as_of: date) -> None:
    """Points for the last year's purchases, tiers, and some families and referrals: about one customer in
    twenty-five shares a household with the next one, one in fifty was referred by an earlier customer."""
    from sqlmodel import Session

    from crmdesk.models import Customer, Household, HouseholdMember, Purchase, Referral
    from crmdesk.services import loyalty

    end = datetime.combine(as_of, datetime.min.time())
    with Session(bind=conn) as session:
        first, last = session.execute(sa.select(sa.func.min(Purchase.id), sa.func.max(Purchase.id))).one()
        if first is not None:  # the last year's purchases earn (older ones would have expired)
            loyalty.earn_for_purchases(session, range(first, last + 1), at=end)
        loyalty.recompute_tiers(session, at=end)
        ids = list(session.execute(sa.select(Customer.id, Customer.name).order_by(Customer.id)).all())
        rng = np.random.default_rng(seed + 77)
        pairs = [i for i in range(0, len(ids) - 1, 2) if rng.random() < 0.08]
        households = [{"id": n + 1, "name": f"{ids[i][1]}네", "created_at": end} for n, i in enumerate(pairs)]
        relations = ("child", "spouse", "sibling")
        members = []
        for n, i in enumerate(pairs):
            relation = relations[int(rng.integers(0, 3))]
            members.append({"household_id": n + 1, "customer_id": ids[i][0], "added_at": end,
                            "relation": "parent" if relation == "child" else relation})
            members.append({"household_id": n + 1, "customer_id": ids[i + 1][0], "added_at": end,
                            "relation": relation})
        referred = [i for i in range(10, len(ids)) if rng.random() < 0.02]
        referrals = [{"customer_id": ids[i][0], "referrer_id": ids[int(rng.integers(0, i))][0], "created_at": end}
                     for i in referred]
        for model, rows in ((Household, households), (HouseholdMember, members), (Referral, referrals)):
            if rows:
                session.execute(sa.insert(model), rows)
        session.flush()


class _Steps:
    """Reports progress as thousandths of the whole job, never going backwards."""

    TOTAL = 1000

    def __init__(self, progress: ProgressFn | None) -> None:
        self.progress = progress
        self.done = -1

    def __call__(self, fraction: float) -> None:
        done = min(self.TOTAL, int(fraction * self.TOTAL))
        if self.progress is not None and done > self.done:
            self.done = done
            self.progress(done, self.TOTAL)


def _refuse_customers(conn: sa.Connection) -> None:
    if conn.execute(sa.text("SELECT count(*) FROM customer")).scalar_one():
        raise CrmError(NOT_EMPTY)


# --- Generation (numpy; rows are indexes from 0, turned into ids when written) -----------------------------

@dataclass
class _Demo:
    start: date
    # customers, in the order of their first visit (that is, their ids)
    cust: dict[str, Any]
    # receipts, in time order
    receipt_day: np.ndarray
    receipt_second: np.ndarray  # seconds since the start date's midnight
    receipt_customer: np.ndarray  # customer row, -1 for a walk-in
    receipt_staff: np.ndarray
    receipt_total: np.ndarray
    receipt_no: list[str]
    # lines, grouped by receipt
    line_receipt: np.ndarray
    line_product: np.ndarray
    line_quantity: np.ndarray
    line_price: np.ndarray
    staff_created: list[int]  # seconds since the start date's midnight
    # customer rows (id order): offices ordering by the tray, bean subscribers
    group: np.ndarray | None = None
    subscriber: np.ndarray | None = None
    touchpoints: Touchpoints | None = None


def _weights(pairs: Sequence[tuple[Any, float]] | Sequence[float]) -> np.ndarray:
    w = np.asarray([p[-1] if isinstance(p, tuple) else p for p in pairs], dtype=np.float64)
    return w / w.sum()


def _allocate(n: int, shares: Sequence[float]) -> np.ndarray:
    """Counts per share summing to n exactly (largest remainder), so even a small shop has every type."""
    raw = np.asarray(shares, dtype=np.float64) / sum(shares) * n
    counts = np.floor(raw).astype(np.int64)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: n - counts.sum()]] += 1
    return counts


class _Generator:
    def __init__(self, n: int, seed: int, as_of: date, steps: _Steps) -> None:
        self.n = n
        self.rng = np.random.default_rng(seed)
        self.as_of = as_of
        self.steps = steps
        # as_of is the demo's today: the sales end the evening before, so nothing lies in its future.
        self.start = as_of - timedelta(days=HISTORY_DAYS)
        self.last = HISTORY_DAYS - 1  # day index of the day before as_of
        days = np.datetime64(self.start, "D") + np.arange(HISTORY_DAYS)
        self.days = days
        self.weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
        months = days.astype("datetime64[M]")
        self.month = months.astype(np.int64) % 12 + 1
        self.day_of_month = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
        weight = (np.asarray(_WEEKDAY_WEIGHT)[self.weekday] * np.asarray(_MONTH_WEIGHT)[self.month - 1]
                  * (0.8 + 0.35 * np.arange(HISTORY_DAYS) / HISTORY_DAYS))  # the café grows
        december = self.month == 12
        weight[december & (self.day_of_month >= 18) & (self.day_of_month <= 23)] *= 1.2
        weight[december & ((self.day_of_month == 24) | (self.day_of_month == 25))] *= 1.5
        weight[(self.month == 2) & (self.day_of_month == 14)] *= 1.4
        weight[(self.month == 1) & (self.day_of_month == 1)] *= 0.5
        weight[self._holidays()] = 0.0  # closed on 설날 and 추석
        self.cum = np.concatenate(([0.0], np.cumsum(weight)))
        season = np.zeros(HISTORY_DAYS, dtype=np.int64)
        season[np.isin(self.month, (6, 7, 8))] = 1
        season[np.isin(self.month, (12, 1, 2))] = 2
        season[december & (self.day_of_month >= 18) & (self.day_of_month <= 25)] = 3
        self.season = season
        rise = as_of.replace(day=1) - timedelta(days=420)
        self.price_rise_day = (rise.replace(day=1) - self.start).days

    def _holidays(self) -> np.ndarray:
        """Day indexes of 설날 and 추석 (lunar 1/1 and 8/15), when the café is closed."""
        out: list[int] = []
        try:
            from korean_lunar_calendar import KoreanLunarCalendar
        except ImportError:  # pragma: no cover - a dependency, but the demo does not need it
            return np.asarray(out, dtype=np.int64)
        calendar = KoreanLunarCalendar()
        for year in range(self.start.year - 1, self.as_of.year + 1):
            for month, day in ((1, 1), (8, 15)):
                if calendar.setLunarDate(year, month, day, False):
                    offset = (date.fromisoformat(calendar.SolarIsoFormat()) - self.start).days
                    if 0 <= offset < HISTORY_DAYS:
                        out.append(offset)
        return np.asarray(out, dtype=np.int64)

    def _days_between(self, a: np.ndarray, b: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A day in [a, b] for each u in [0, 1), following the shop's busy-ness (inverse of its CDF)."""
        lo, hi = self.cum[a], self.cum[b + 1]
        day = np.searchsorted(self.cum, lo + u * (hi - lo), side="right") - 1
        return np.clip(day, a, b)

    def _some_time_between(self, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """A moment during opening hours on a day between the days of two moments (seconds since the start)."""
        lo_day, hi_day = lo // 86400, np.maximum(lo, hi) // 86400
        day = lo_day + (self.rng.random(len(lo)) * (hi_day - lo_day + 1)).astype(np.int64)
        return (np.minimum(day, hi_day) * 86400 + OPENING_HOUR * 3600
                + self.rng.integers(0, (CLOSING_HOUR - OPENING_HOUR) * 3600, len(lo)))

    def _hours(self, day: np.ndarray) -> np.ndarray:
        weekend = self.weekday[day] >= 5
        u = self.rng.random(len(day))
        weekday_hour = np.searchsorted(np.cumsum(_weights(_HOUR_WEEKDAY)), u, side="right")
        weekend_hour = np.searchsorted(np.cumsum(_weights(_HOUR_WEEKEND)), u, side="right")
        hour = np.where(weekend, weekend_hour, weekday_hour)
        return OPENING_HOUR + np.minimum(hour, CLOSING_HOUR - OPENING_HOUR - 1)

    def build(self) -> _Demo:
        rng, n, last = self.rng, self.n, self.last
        # Who they are.
        arch = np.repeat(np.arange(6), _allocate(n, _ARCHETYPE_SHARES))
        rng.shuffle(arch)
        group = (arch != ONE_OFF) & (rng.random(n) < 0.03)
        subscriber = rng.random(n) < np.choose(arch, (0.0, 0.03, 0.0, 0.02, 0.05, 0.18))
        # When they come: an active interval [a, b] per customer, a number of visits, and a warp of time
        # (drifting customers come densely at first, then with growing gaps).
        a = np.zeros(n, dtype=np.int64)
        b = np.full(n, last, dtype=np.int64)
        visits = np.ones(n, dtype=np.int64)
        warp = np.ones(n)
        m = arch == NEW
        a[m] = last - rng.integers(0, 60, m.sum())
        visits[m] = 1 + rng.poisson(1.0, m.sum())
        m = arch == OCCASIONAL
        a[m] = rng.integers(0, last - 30, m.sum())
        b[m] = np.minimum(last, a[m] + 30 + rng.exponential(160, m.sum()).astype(np.int64))
        visits[m] = 1 + rng.poisson((b[m] - a[m]) / rng.uniform(30, 60, m.sum()))
        m = arch == LOST
        b[m] = last - rng.integers(185, 640, m.sum())
        a[m] = np.maximum(0, b[m] - rng.integers(45, 300, m.sum()))
        visits[m] = 2 + rng.poisson((b[m] - a[m]) / rng.uniform(20, 50, m.sum()))
        m = arch == DRIFTING
        a[m] = rng.integers(0, last - 365, m.sum())
        b[m] = last - rng.integers(0, 45, m.sum())
        visits[m] = 6 + rng.poisson(7, m.sum())
        warp[m] = rng.uniform(2.0, 3.2, m.sum())
        m = arch == REGULAR
        a[m] = last - 180 - (rng.random(m.sum()) ** 2 * (last - 180)).astype(np.int64)
        visits[m] = 1 + rng.poisson((b[m] - a[m]) * rng.uniform(0.8, 1.6, m.sum()) / 7)
        pref_hour = self._hours(rng.integers(0, HISTORY_DAYS, n))
        habit = np.choose(arch, (0.0, 0.3, 0.3, 0.4, 0.6, 0.7))
        self.steps(0.03)

        # Their visits, then the walk-ins.
        visit_cust = np.repeat(np.arange(n), visits)
        u = rng.random(len(visit_cust))
        visit_day = self._days_between(a[visit_cust], b[visit_cust], u ** warp[visit_cust])
        walk_ins = int(round(len(visit_cust) * WALK_IN_SHARE / (1 - WALK_IN_SHARE)))
        walk_day = self._days_between(np.zeros(walk_ins, dtype=np.int64), np.full(walk_ins, last), rng.random(walk_ins))
        day = np.concatenate((visit_day, walk_day))
        customer = np.concatenate((visit_cust, np.full(walk_ins, -1)))
        hour = self._hours(day)
        usual = rng.random(len(visit_cust)) < habit[visit_cust]
        hour[: len(visit_cust)][usual] = pref_hour[visit_cust[usual]]
        second = day * 86400 + hour * 3600 + rng.integers(0, 3600, len(day))
        order = np.argsort(second, kind="stable")
        day, second, customer = day[order], second[order], customer[order]
        receipts = len(day)
        seq = np.arange(receipts) - np.searchsorted(day, day, side="left") + 1
        staff = self._staff(day, second)
        self.steps(0.08)

        # What they buy.
        line_receipt, product, quantity, price = self._lines(day, customer, arch, group, subscriber)
        amount = quantity * price
        starts = np.flatnonzero(np.r_[True, line_receipt[1:] != line_receipt[:-1]])
        total = np.add.reduceat(amount, starts)
        self.steps(0.16)

        # Per customer: first and last visit, visits and spending.
        known = customer >= 0
        kc, ks, kt = customer[known], second[known], total[known]
        visit_count = np.bincount(kc, minlength=n)
        spent = np.bincount(kc, weights=kt, minlength=n).round().astype(np.int64)
        first = np.full(n, np.iinfo(np.int64).max)
        np.minimum.at(first, kc, ks)
        latest = np.full(n, -1, dtype=np.int64)
        np.maximum.at(latest, kc, ks)
        # Ids follow the order in which customers first came.
        by_first = np.argsort(first, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[by_first] = np.arange(n)
        customer = np.where(known, rank[np.maximum(customer, 0)], -1)
        cust = self._customers(arch[by_first], group[by_first], subscriber[by_first],
                               visit_count[by_first], spent[by_first], first[by_first], latest[by_first])
        self.steps(0.25)
        receipt_no = _receipt_numbers(self.days[day], seq)
        return _Demo(
            start=self.start, cust=cust, receipt_day=day, receipt_second=second, receipt_customer=customer,
            receipt_staff=staff, receipt_total=total, receipt_no=receipt_no, line_receipt=line_receipt,
            line_product=product, line_quantity=quantity, line_price=price,
            staff_created=[hired * 86400 + 7 * 3600 for _, _, hired in _STAFF],
            group=group[by_first], subscriber=subscriber[by_first],
        )

    def _staff(self, day: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Who was at the till: 김하늘 opens on weekdays, 이준호 closes once hired, 박소민 does weekends."""
        r = self.rng.random(len(day))
        morning = second - day * 86400 < 14 * 3600
        weekend = self.weekday[day] >= 5
        staff = np.zeros(len(day), dtype=np.int64)  # the owner
        staff[~weekend & morning & (r < 0.7)] = 1
        afternoon = ~weekend & ~morning
        staff[afternoon & (day < _STAFF[2][2]) & (r < 0.35)] = 1
        staff[afternoon & (day >= _STAFF[2][2]) & (r < 0.7)] = 2
        staff[weekend & (day >= _STAFF[3][2]) & (r < 0.65)] = 3
        return staff

    def _lines(self, day: np.ndarray, customer: np.ndarray, arch: np.ndarray, group: np.ndarray,
               subscriber: np.ndarray) -> tuple[np.ndarray, ...]:
        rng, n = self.rng, self.n
        receipts = len(day)
        known = customer >= 0
        cust = np.maximum(customer, 0)
        # Basket size per customer (some always add a pastry), 1-4 lines per receipt.
        appetite = rng.lognormal(-0.75, 0.6, n)
        lam = np.where(known, appetite[cust], 0.55)
        n_lines = 1 + np.minimum(3, rng.poisson(lam))
        bean_run = known & subscriber[cust] & (rng.random(receipts) < 0.3)
        n_lines[bean_run] = np.maximum(n_lines[bean_run], 2)
        line_receipt = np.repeat(np.arange(receipts), n_lines)
        lines = len(line_receipt)
        starts = np.cumsum(n_lines) - n_lines
        pos = np.arange(lines) - starts[line_receipt]
        season = self.season[day][line_receipt]

        names = [m[0] for m in _MENU]
        category = np.asarray([_CATEGORIES.index(m[1]) for m in _MENU])
        base = np.asarray([m[3] for m in _MENU])
        season_mult = np.column_stack([np.ones(len(_MENU))] + [[m[k] for m in _MENU] for k in (4, 5, 6)])
        tables = np.empty((2, 4, len(_MENU)))
        for p, pos_mult in enumerate((_FIRST_LINE, _EXTRA_LINE)):
            cat_mult = np.asarray([pos_mult[c] for c in _CATEGORIES])[category]
            for s in range(4):
                w = base * season_mult[:, s] * cat_mult
                tables[p, s] = np.cumsum(w / w.sum())

        def draw(first: np.ndarray, seasons: np.ndarray) -> np.ndarray:
            out = np.empty(len(first), dtype=np.int64)
            u = rng.random(len(first))
            for p in (0, 1):
                for s in range(4):
                    m = (first == (p == 0)) & (seasons == s)
                    out[m] = np.minimum(np.searchsorted(tables[p, s], u[m], side="right"), len(_MENU) - 1)
            return out

        product = draw(pos == 0, season)
        # Regulars have a usual drink; in summer a hot americano or latte often becomes an iced one.
        usual_drink = draw(np.ones(n, dtype=bool), np.zeros(n, dtype=np.int64))
        loyalty = np.choose(arch, (0.0, 0.3, 0.3, 0.4, 0.5, 0.6))
        first_line = np.flatnonzero(pos == 0)
        their = known[line_receipt[first_line]]
        first_cust = cust[line_receipt[first_line]]
        take = their & (rng.random(len(first_line)) < loyalty[first_cust])
        product[first_line[take]] = usual_drink[first_cust[take]]
        iced = {names.index("아메리카노"): names.index("아이스 아메리카노"),
                names.index("카페라떼"): names.index("아이스 카페라떼")}
        flip = rng.random(lines) < 0.6
        for hot, cold in iced.items():
            product[(product == hot) & (season == 1) & flip] = cold
            product[(product == cold) & (season >= 2) & flip] = hot
        # Bean subscribers pick up their beans.
        last_line = starts[bean_run] + n_lines[bean_run] - 1
        product[last_line] = np.where(rng.random(len(last_line)) < 0.8, names.index("원두 200g (온기 블렌드)"),
                                      names.index("에티오피아 예가체프 200g"))
        # One product appears once per receipt (a till adds to the quantity instead).
        for _ in range(50):
            dup = np.zeros(lines, dtype=bool)
            for j in (1, 2, 3):
                later = np.flatnonzero(pos >= j)
                dup[later] |= product[later] == product[later - j]
            if not dup.any():
                break
            product[dup] = draw(np.zeros(dup.sum(), dtype=bool), season[dup])

        # Quantities: mostly one; a second coffee for a friend; offices order by the tray.
        is_drink = category[product] == 0
        quantity = np.ones(lines, dtype=np.int64)
        quantity += (rng.random(lines) < np.where(is_drink, 0.09, 0.12)) * (1 + rng.poisson(0.3, lines))
        office = known & group[cust] & (rng.random(receipts) < 0.5)
        tray = office[line_receipt] & is_drink
        quantity[tray] = np.minimum(30, 4 + rng.poisson(6, tray.sum()))
        quantity[(category[product] >= 3) | (np.asarray([m[2] for m in _MENU])[product] >= 20000)] = 1
        price = np.asarray([m[2] for m in _MENU])[product]
        before = day[line_receipt] < self.price_rise_day
        rise = np.asarray([_PRICE_RISE.get(c, 0) for c in _CATEGORIES])[category[product]]
        price = price - np.where(before & (price < 10000), rise, 0)
        return line_receipt, product, quantity, price

    def _customers(self, arch: np.ndarray, group: np.ndarray, subscriber: np.ndarray,
                   visit_count: np.ndarray, spent: np.ndarray, first: np.ndarray, latest: np.ndarray
                   ) -> dict[str, Any]:
        """The card of each customer (already in id order)."""
        rng, n = self.rng, self.n
        end_of_day = self.last * 86400 + CLOSING_HOUR * 3600
        # Gender, age and name.
        gender = rng.choice(3, n, p=[0.56, 0.39, 0.05])  # F, M, unknown
        foreign = rng.random(n) < 0.02
        foreign_idx = rng.integers(0, len(_FOREIGN_NAMES), n)
        bands = ((15, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 76))
        band = rng.choice(len(bands), n, p=[0.04, 0.34, 0.28, 0.18, 0.10, 0.06])
        low = np.asarray([x for x, _ in bands])[band]
        high = np.asarray([y for _, y in bands])[band]
        age = low + (rng.random(n) * (high - low)).astype(np.int64)
        birth_year = self.as_of.year - age
        birthday = (birth_year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(0, 365, n)
        has_birthday = rng.random(n) < 0.70
        lunar = has_birthday & (rng.random(n) < np.where(age >= 55, 0.3, np.where(age >= 40, 0.12, 0.03)))
        name_gender = np.where(gender == 2, rng.integers(0, 2, n), gender)
        pool = name_gender * 2 + (birth_year < 1985)
        surname = rng.choice(len(_SURNAMES), n, p=_weights([s[2] for s in _SURNAMES]))
        given = np.zeros(n, dtype=np.int64)
        for p, names in enumerate(_GIVEN_POOLS):
            m = pool == p
            given[m] = rng.choice(len(names), m.sum(), p=_weights(1 / np.arange(1, len(names) + 1) ** 0.4))
        # Contact details.
        phone_numbers = _unique_numbers(rng, n)
        has_email = rng.random(n) < np.where(age < 40, 0.34, 0.22)
        email_style = rng.integers(0, 4, n)
        email_number = rng.integers(1, 1000, n)
        domain = rng.choice(len(_EMAIL_DOMAINS), n, p=_weights(_EMAIL_DOMAINS))
        has_address = rng.random(n) < 0.3
        district = rng.choice(len(_DISTRICTS), n, p=_weights([d[3] for d in _DISTRICTS]))
        dong = rng.integers(0, 100, n)
        address_style = rng.integers(0, 10, n)
        address_numbers = rng.integers(1, 800, (n, 3))
        apartment = rng.integers(0, len(_APARTMENTS), n)
        has_memo = rng.random(n) < np.where(arch == REGULAR, 0.35, 0.07)
        memo = rng.integers(0, len(_MEMOS), n)
        # Tags, at most two each.
        vip = np.zeros(n, dtype=bool)
        vip[np.argsort(-spent, kind="stable")[: max(1, n * 3 // 100)]] = True
        vip &= rng.random(n) < 0.8
        regular_tag = rng.random(n) < np.choose(arch, (0.0, 0.05, 0.0, 0.1, 0.35, 0.7))
        worker = (age >= 25) & (age <= 55) & (rng.random(n) < 0.12)
        student = (age <= 23) & (rng.random(n) < 0.6)
        group_tag = group & (rng.random(n) < 0.8)
        # From the POS: a code for ~60% (numbered in the order they came, with a few gaps).
        has_code = rng.random(n) < 0.6
        code_number = 100 + np.cumsum(has_code * (1 + (rng.random(n) < 0.04) * rng.integers(1, 6, n)))
        channel = rng.choice(len(_CHANNELS), n, p=_weights(_CHANNELS))
        # Dates: registered at the first visit; consent then or later; some cards edited later.
        created = first + rng.integers(5, 180, n)
        consent = rng.random(n) < 0.55
        consent_at = np.where(rng.random(n) < 0.75, created,
                              np.maximum(created, self._some_time_between(created, latest)))
        updated = np.where(rng.random(n) < 0.45, np.maximum(created, self._some_time_between(created, end_of_day)),
                           created)
        updated = np.where(consent, np.maximum(updated, consent_at), updated)
        archived = np.zeros(n, dtype=bool)
        gone = np.flatnonzero(np.isin(arch, (ONE_OFF, LOST)) & (latest < (self.last - 180) * 86400))
        archived[rng.permutation(gone)[: int(round(n * 0.01))]] = True
        archived_at = np.minimum(latest + rng.integers(30, 365, n) * 86400 + rng.integers(0, 3600, n),
                                 end_of_day)
        updated = np.where(archived, np.maximum(updated, archived_at), updated)

        out: dict[str, list[Any]] = {k: [] for k in ("name", "phone", "phone_last4", "email", "gender", "address",
                                                      "memo", "tags", "customer_code", "acquired_via",
                                                      "search_text")}
        genders = ("F", "M", None)
        emails_seen: set[str] = set()
        for i in range(n):
            if foreign[i]:
                given_name, family, g = _FOREIGN_NAMES[foreign_idx[i]]
                name = f"{given_name} {family}"
                handle = (f"{given_name}.{family}" if email_style[i] < 2 else f"{given_name}{email_number[i]}").lower()
                gender_text = g if gender[i] != 2 else None
            else:
                sur, sur_roman, _ = _SURNAMES[surname[i]]
                first_name, first_roman = _GIVEN_POOLS[pool[i]][given[i]]
                name = sur + first_name
                style = email_style[i]
                if style == 0:
                    handle = f"{first_roman}{sur_roman}{email_number[i] % 100:02d}"
                elif style == 1:
                    handle = f"{sur_roman}.{first_roman}"
                elif style == 2:
                    handle = f"{first_roman}{birth_year[i] % 100:02d}"
                else:
                    handle = f"{sur_roman}{first_roman}{email_number[i]}"
                gender_text = genders[gender[i]]
            phone = f"010{phone_numbers[i]:08d}"
            email = None
            if has_email[i]:
                email = f"{handle}@{_EMAIL_DOMAINS[domain[i]][0]}"
                while email in emails_seen:  # an address belongs to one person
                    handle += str(email_number[i] % 10)
                    email = f"{handle}@{_EMAIL_DOMAINS[domain[i]][0]}"
                emails_seen.add(email)
            address = None
            if has_address[i]:
                province, gu, dongs, _ = _DISTRICTS[district[i]]
                where = f"{'서울' if province == '서울특별시' and address_style[i] < 4 else province} {gu} " \
                        f"{dongs[dong[i] % len(dongs)]}"
                x, y, z = address_numbers[i]
                if address_style[i] < 7:
                    address = f"{where} {x}-{y % 60 + 1}"
                else:
                    address = f"{where} {_APARTMENTS[apartment[i]]} {101 + y % 15}동 {z % 20 + 1}{x % 4 + 1:02d}호"
            tags = []
            if vip[i]:
                tags.append("VIP")
            if regular_tag[i]:
                tags.append("단골")
            if subscriber[i]:
                tags.append("원두구독")
            if group_tag[i]:
                tags.append("단체주문")
            if worker[i]:
                tags.append("직장인")
            if student[i]:
                tags.append("학생")
            tag_text = ",".join(tags[:2])
            if group[i]:
                memo_text = _GROUP_MEMO
            elif subscriber[i] and has_memo[i]:
                memo_text = _SUBSCRIPTION_MEMO
            else:
                memo_text = _MEMOS[memo[i]] if has_memo[i] else None
            code = f"C{code_number[i]:06d}" if has_code[i] else None
            out["name"].append(name)
            out["phone"].append(phone)
            out["phone_last4"].append(nz.last_four(phone))
            out["email"].append(email)
            out["gender"].append(gender_text)
            out["address"].append(address)
            out["memo"].append(memo_text)
            out["tags"].append(tag_text)
            out["customer_code"].append(code)
            out["acquired_via"].append(_CHANNELS[channel[i]][0])
            out["search_text"].append(nz.search_text(name=name, phone=phone, email=email, code=code, tags=tag_text))
        cust: dict[str, Any] = dict(out)
        cust.update(
            birthday=(birthday, ~has_birthday), birthday_lunar=lunar, first_seen=first // 86400,
            marketing_consent=consent, marketing_consent_at=(consent_at, ~consent), archived=archived,
            archived_at=(archived_at, ~archived), created_at=created, updated_at=updated,
            visit_count=visit_count, total_spent=spent, last_purchase_at=latest,
        )
        return cust


def _unique_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct 8-digit mobile numbers (the part after 010; the middle block starts with 2-9)."""
    found = np.empty(0, dtype=np.int64)
    while len(found) < n:
        more = rng.integers(20_000_000, 100_000_000, n - len(found) + n // 20 + 16)
        merged = np.concatenate((found, more))
        _, first = np.unique(merged, return_index=True)
        found = merged[np.sort(first)]
    return found[:n]


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded decimal digits of each value as UCS-4 code points, shape (len, width)."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers % 10 + ord("0")).astype(np.uint32)


def _receipt_numbers(days: np.ndarray, seq: np.ndarray) -> list[str]:
    """R + yyyymmdd + the receipt's number that day: R2025010600012. Built column-wise, no Python loop."""
    ymd = days.astype("datetime64[D]")
    year = ymd.astype("datetime64[Y]").astype(np.int64) + 1970
    month = ymd.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (ymd - ymd.astype("datetime64[M]")).astype(np.int64) + 1
    codes = np.empty((len(seq), 14), dtype=np.uint32)
    codes[:, 0] = ord("R")
    codes[:, 1:9] = _digits(year * 10000 + month * 100 + day, 8)
    codes[:, 9:] = _digits(seq, 5)
    return codes.view("<U14").ravel().tolist()


# --- Writing ----------------------------------------------------------------------------------------------

class _Columns:
    """Turns numpy columns into values for the driver: ISO text for SQLite, date/datetime objects elsewhere."""

    def __init__(self, start: date, sqlite: bool) -> None:
        self.epoch = (start - _EPOCH_DAY).days
        self.sqlite = sqlite

    def datetimes(self, seconds: np.ndarray, null: np.ndarray | None = None) -> list[Any]:
        stamps = (seconds + self.epoch * 86400).astype("datetime64[s]")
        if null is not None:
            stamps[null] = np.datetime64("NaT")
        if not self.sqlite:
            return stamps.astype(object).tolist()
        # SQLAlchemy's SQLite format, so these rows sort and compare like the ones the app writes.
        text = np.datetime_as_string(stamps, unit="s").astype("<U19")
        codes = np.empty((len(text), 26), dtype=np.uint32)
        codes[:, :19] = text.view(np.uint32).reshape(-1, 19)
        codes[:, 10] = ord(" ")
        codes[:, 19:] = [ord(c) for c in ".000000"]
        values = codes.view("<U26").ravel().astype(object)
        if null is not None:
            values[null] = None
        return values.tolist()

    def dates(self, days: np.ndarray, null: np.ndarray | None = None) -> list[Any]:
        stamps = days.astype("datetime64[D]") if days.dtype.kind == "M" else (days + self.epoch).astype(
            "datetime64[D]")
        values = (np.datetime_as_string(stamps).astype("<U10") if self.sqlite else stamps).astype(object)
        if null is not None:
            values[null] = None
        return values.tolist()

    def bools(self, flags: np.ndarray) -> list[Any]:
        return flags.astype(np.int64).tolist() if self.sqlite else flags.astype(bool).tolist()


def _next_id(conn: sa.Connection, table: str) -> int:
    return int(conn.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()) + 1


def _rows(demo: _Demo, conn: sa.Connection, sqlite: bool, timings: dict[str, float]) -> dict[str, list[list[Any]]]:
    """Every table's columns, in the order of ``_TABLES``, as lists of driver values (the seconds spent on the
    contacts and feedback go into ``timings``)."""
    col = _Columns(demo.start, sqlite)
    base = {t: _next_id(conn, t) for t in _TABLES}
    n = len(demo.cust["name"])
    staff = [
        list(range(base["staff"], base["staff"] + len(_STAFF))),
        [s[0] for s in _STAFF],
        [s[1] for s in _STAFF],
        col.bools(np.ones(len(_STAFF), dtype=bool)),
        col.datetimes(np.asarray(demo.staff_created, dtype=np.int64)),
    ]
    c = demo.cust
    customer = [
        np.arange(base["customer"], base["customer"] + n).tolist(), c["name"], c["phone"], c["phone_last4"],
        c["email"], col.dates(*c["birthday"]), col.bools(c["birthday_lunar"]), c["gender"], c["address"],
        c["memo"], c["tags"], c["customer_code"], col.dates(c["first_seen"]), c["acquired_via"],
        col.bools(c["marketing_consent"]), col.datetimes(*c["marketing_consent_at"]), col.bools(c["archived"]),
        col.datetimes(*c["archived_at"]), col.datetimes(c["created_at"]), col.datetimes(c["updated_at"]),
        c["search_text"], c["visit_count"].tolist(), c["total_spent"].tolist(), col.datetimes(c["last_purchase_at"]),
    ]
    walk_in = demo.receipt_customer < 0
    customer_id = (demo.receipt_customer + base["customer"]).astype(object)
    customer_id[walk_in] = None
    receipts = len(demo.receipt_day)
    purchased_at = col.datetimes(demo.receipt_second)
    purchase = [
        np.arange(base["purchase"], base["purchase"] + receipts).tolist(), customer_id.tolist(), purchased_at,
        demo.receipt_total.tolist(), (demo.receipt_staff + base["staff"]).tolist(), demo.receipt_no, purchased_at,
    ]
    names = np.asarray([m[0] for m in _MENU], dtype=object)
    categories = np.asarray([m[1] for m in _MENU], dtype=object)
    lines = len(demo.line_product)
    line = [
        np.arange(base["purchase_line"], base["purchase_line"] + lines).tolist(),
        (demo.line_receipt + base["purchase"]).tolist(), names[demo.line_product].tolist(),
        categories[demo.line_product].tolist(), demo.line_quantity.tolist(), demo.line_price.tolist(),
        (demo.line_quantity * demo.line_price).tolist(),
    ]
    consent_event = _consent_rows(demo, col, base)
    started = time.perf_counter()
    contact, feedback, event = _touchpoint_rows(demo.touchpoints, col, base)
    timings["contact"] = time.perf_counter() - started  # all three tables: only their sum is reported
    return {"staff": staff, "customer": customer, "purchase": purchase, "purchase_line": line, "contact": contact,
            "feedback": feedback, "feedback_event": event, "consent_event": consent_event}


_CONSENT_METHODS = np.asarray(("paper", "verbal", "online"), dtype=object)


def _consent_rows(demo: _Demo, col: _Columns, base: dict[str, int]) -> list[list[Any]]:
    """Ledger events matching the cards: a paper collection form per card at registration, then each marketing
    purpose granted at the card's consent time (paper, verbal or online by turns); the owner took them."""
    c = demo.cust
    n = len(c["name"])
    ids = np.arange(base["customer"], base["customer"] + n)
    agreed = np.flatnonzero(np.asarray(c["marketing_consent"], dtype=bool))
    consent_at = np.asarray(c["marketing_consent_at"][0], dtype=np.int64)
    purposes = ("sms", "kakao", "email", "phone")
    customer_id = np.concatenate([ids] + [ids[agreed]] * len(purposes))
    at = np.concatenate([np.asarray(c["created_at"], dtype=np.int64)] + [consent_at[agreed]] * len(purposes))
    purpose = np.concatenate([np.full(n, "collection", dtype=object)]
                             + [np.full(len(agreed), p, dtype=object) for p in purposes])
    method = np.concatenate([np.full(n, "paper", dtype=object)] + [_CONSENT_METHODS[agreed % 3]] * len(purposes))
    k = len(customer_id)
    stamps = col.datetimes(at)
    return [np.arange(base["consent_event"], base["consent_event"] + k).tolist(), customer_id.tolist(),
            purpose.tolist(), col.bools(np.ones(k, dtype=bool)), stamps, method.tolist(), [base["staff"]] * k, stamps]


def _touchpoint_rows(tp: Touchpoints, col: _Columns, base: dict[str, int]) -> tuple[list[list[Any]], ...]:
    """The contact, feedback and feedback_event columns (rows and staff indexes become ids here)."""
    k = len(tp.contact_customer)
    occurred = col.datetimes(tp.contact_second)
    no_follow_up, not_done = tp.contact_follow_up_day < 0, tp.contact_done_by < 0
    contact = [
        np.arange(base["contact"], base["contact"] + k).tolist(), (tp.contact_customer + base["customer"]).tolist(),
        (tp.contact_staff + base["staff"]).tolist(), occurred, tp.contact_channel, tp.contact_purpose, tp.contact_note,
        tp.contact_outcome, col.dates(np.where(no_follow_up, 0, tp.contact_follow_up_day), no_follow_up),
        col.datetimes(tp.contact_second[np.maximum(tp.contact_done_by, 0)], not_done), occurred,
    ]

    def moments(values: list[int | None]) -> list[Any]:
        missing = np.asarray([v is None for v in values], dtype=bool)
        return col.datetimes(np.asarray([v or 0 for v in values], dtype=np.int64), missing)

    def staff_id(row: int | None) -> int | None:
        return None if row is None else row + base["staff"]

    items = tp.feedback
    received = moments([f["received_at"] for f in items])
    feedback = [
        list(range(base["feedback"], base["feedback"] + len(items))),
        [None if f["customer"] is None else f["customer"] + base["customer"] for f in items],
        [f["kind"] for f in items], [f["channel"] for f in items], [f["category"] for f in items],
        [f["severity"] for f in items], [f["description"] for f in items],
        [staff_id(f["assigned"]) for f in items], [f["status"] for f in items], received,
        [staff_id(f["received_by"]) for f in items], moments([f["first_response_at"] for f in items]),
        moments([f["resolved_at"] for f in items]), moments([f["closed_at"] for f in items]),
        [f["resolution_note"] for f in items], [f["recovery_action"] for f in items], received,
        moments([f["updated_at"] for f in items]),
    ]
    events = tp.events
    event = [
        list(range(base["feedback_event"], base["feedback_event"] + len(events))),
        [e["feedback"] + base["feedback"] for e in events], moments([e["at"] for e in events]),
        [staff_id(e["staff"]) for e in events], [e["from"] for e in events], [e["to"] for e in events],
        [e["note"] for e in events],
    ]
    return contact, feedback, event


def _follow_up_links(tp: Touchpoints, base: int) -> list[tuple[int, int]]:
    """(id of the contact that did the follow-up, id of the original) for every done follow-up."""
    originals = np.flatnonzero(tp.contact_done_by >= 0)
    return list(zip((tp.contact_done_by[originals] + base).tolist(), (originals + base).tolist(), strict=True))


@contextmanager
def _bulk_load(conn: sa.Connection, tables: Sequence[str], timings: dict[str, float]) -> Iterator[None]:
    """On SQLite: a big page cache, and the tables' indexes dropped during the load and built again after it
    (inside the same transaction, from their own CREATE statements): building an index over sorted data once
    is several times faster than updating it row by row. The seconds each table's indexes took are added to
    ``timings``."""
    if conn.dialect.name != "sqlite":
        yield
        return
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MiB, this connection only
    try:
        names = ", ".join(f"'{t}'" for t in tables)
        indexes = conn.exec_driver_sql(
            f"SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({names}) "
            "AND sql IS NOT NULL ORDER BY name").all()
        for name, _, _ in indexes:
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _, sql, table in indexes:
            started = time.perf_counter()
            conn.exec_driver_sql(sql)
            timings[table] = timings.get(table, 0.0) + time.perf_counter() - started
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")


def _write(conn: sa.Connection, demo: _Demo, steps: _Steps) -> dict[str, float]:
    """Insert every table; returns the seconds spent per table (converting, inserting, indexing)."""
    sqlite = conn.dialect.name == "sqlite"
    timings: dict[str, float] = {}
    data = _rows(demo, conn, sqlite, timings)
    steps(0.32)
    total_rows = sum(len(cols[0]) for cols in data.values())
    done = 0
    with _bulk_load(conn, list(_TABLES), timings):
        cursor = conn.connection.cursor() if sqlite else None
        for table, columns in _TABLES.items():
            table_started = time.perf_counter()
            names = [c for c, _ in columns]
            cols = data[table]
            rows = len(cols[0])
            if sqlite:
                sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            else:
                target = sa.table(table, *(sa.column(c, t) for c, t in columns))
            for lo in range(0, rows, _BATCH):
                batch = zip(*(c[lo: lo + _BATCH] for c in cols), strict=True)
                if sqlite:
                    cursor.executemany(sql, batch)
                else:
                    conn.execute(target.insert(), [dict(zip(names, row, strict=True)) for row in batch])
                done += min(_BATCH, rows - lo)
                steps(0.35 + 0.55 * done / total_rows)
            timings[table] = timings.get(table, 0.0) + time.perf_counter() - table_started
        started = time.perf_counter()
        links = _follow_up_links(demo.touchpoints, data["contact"][0][0] if data["contact"][0] else 0)
        update = "UPDATE contact SET follow_up_contact_id = ? WHERE id = ?"
        if sqlite:
            cursor.executemany(update, links)
        elif links:
            conn.execute(sa.text("UPDATE contact SET follow_up_contact_id = :done WHERE id = :id"),
                         [{"done": done_id, "id": id_} for done_id, id_ in links])
        timings["contact"] += time.perf_counter() - started
        if cursor is not None:
            cursor.close()
    steps(0.97)
    if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
        for table in _TABLES:
            conn.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    settings = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))
    current = conn.execute(sa.select(settings.c.value).where(settings.c.key == "shop_name")).scalar_one_or_none()
    if current is None:
        conn.execute(settings.insert().values(key="shop_name", value=SHOP_NAME))
    elif not current:
        conn.execute(settings.update().where(settings.c.key == "shop_name").values(value=SHOP_NAME))
    return timings
