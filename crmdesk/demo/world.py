"""The demo café's world: who lives around 카페 온기, what it sells, when it is busy, who works there.

Data tables only (the census-weighted names, the districts, the menu with its seasons); the generator in
crmdesk.demo.sales and crmdesk.demo.customers draws from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

SHOP_NAME = "카페 온기"
HISTORY_DAYS = 3 * 365 + 1  # three years of sales, up to the evening before as_of
OPENING_HOUR, CLOSING_HOUR = 8, 21
WALK_IN_SHARE = 0.10  # receipts without a customer card

# Surnames with their share of the population (census 2015, in per mille) and the usual romanisation.
SURNAMES = (
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
GIVEN_POOLS = (_FEMALE_YOUNG, _FEMALE_OLD, _MALE_YOUNG, _MALE_OLD)

# Neighbours from abroad: expats, students, tourists who came back.
FOREIGN_NAMES = (
    ("Emily", "Carter", "F"), ("Olivia", "Brown", "F"), ("Sophie", "Martin", "F"), ("Anna", "Schmidt", "F"),
    ("Yuki", "Tanaka", "F"), ("Mei", "Lin", "F"), ("Lan", "Nguyen", "F"), ("Sarah", "Kim", "F"),
    ("Chloe", "Wilson", "F"), ("Maria", "Garcia", "F"), ("James", "Wilson", "M"), ("Daniel", "Lee", "M"),
    ("Michael", "Smith", "M"), ("Lucas", "Dubois", "M"), ("David", "Park", "M"), ("Kenji", "Sato", "M"),
    ("Wei", "Wang", "M"), ("Minh", "Tran", "M"), ("Thomas", "Mueller", "M"), ("Ryan", "Johnson", "M"),
)

EMAIL_DOMAINS = (("naver.com", 45), ("gmail.com", 30), ("daum.net", 10), ("kakao.com", 8), ("hanmail.net", 5),
                  ("nate.com", 2))

# Where the customers live: the café is in 연남동 (마포구), so most come from around it.
DISTRICTS = (
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
APARTMENTS = ("래미안", "자이", "푸르지오", "힐스테이트", "e편한세상", "아이파크", "롯데캐슬", "현대아파트")

MEMOS = (
    "라떼 샷 추가", "우유 알레르기 — 두유로 변경", "오트밀크로 변경", "시럽 빼고", "얼음 적게", "디카페인 선호",
    "연하게 (샷 1개)", "아주 뜨겁게", "텀블러 지참 (300원 할인)", "견과류 알레르기", "휘핑 빼기",
    "강아지 동반 — 테라스석 선호", "현금영수증 발행 (사업자 번호 등록)", "스탬프 10개 적립 완료", "생일 쿠폰 사용함",
    "빨대 필요 없음", "아이와 함께 방문 — 아기의자", "노트북 작업, 콘센트석 선호", "케이크 예약 고객", "주차 문의",
)
GROUP_MEMO = "단체주문: 근처 사무실 (주로 오전에 전화 주문, 10잔 이상)"
SUBSCRIPTION_MEMO = "원두 구독 — 매월 200g, 핸드드립 분쇄"

CHANNELS = (("walk_in", 55), ("sns", 15), ("referral", 10), ("event", 7), ("online", 6), ("other", 4),
             ("phone", 3))

# name, category, price (KRW), weight, and its multipliers in summer (Jun-Aug), winter (Dec-Feb), Christmas week.
MENU = (
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
CATEGORIES = ("음료", "디저트", "베이커리", "원두", "굿즈")
# What the menu costs the café (issue 20: profit): won per unit for most items, the beans as a margin percentage of
# the price, and the goods through their category's margin (CATEGORY_MARGINS). The two seasonal specials have no cost
# written down yet, so the figures on margin say how much revenue has no cost.
COSTS: dict[str, int | float] = {
    "아메리카노": 900, "아이스 아메리카노": 1000, "카페라떼": 1400, "아이스 카페라떼": 1500, "바닐라라떼": 1700,
    "카푸치노": 1400, "카라멜 마키아토": 1800, "콜드브루": 1200, "에스프레소": 700, "플랫화이트": 1600,
    "아인슈페너": 1900, "디카페인 아메리카노": 1200, "녹차라떼": 1800, "고구마라떼": 1900, "핫초코": 1500,
    "자몽에이드": 2000, "레몬에이드": 1900, "유자차": 1600, "캐모마일 티": 900, "딸기 스무디": 2600,
    "치즈케이크": 3000, "티라미수": 3200, "초콜릿 케이크": 3100, "마카롱": 1300, "초코칩 쿠키": 900,
    "크루아상": 1500, "소금빵": 1200, "크림치즈 베이글": 1900, "스콘": 1400, "마들렌": 900, "휘낭시에": 1000,
    "햄치즈 샌드위치": 3200,
    # a float: the gross margin in percent of the price
    "원두 200g (온기 블렌드)": 55.0, "원두 500g (온기 블렌드)": 58.0, "에티오피아 예가체프 200g": 50.0,
    "드립백 10개입": 60.0,
}
CATEGORY_MARGINS = {"굿즈": 45.0}
# How likely a category is as the first line of a receipt (mostly a drink) and as a further line.
FIRST_LINE = {"음료": 1.0, "디저트": 0.12, "베이커리": 0.15, "원두": 0.3, "굿즈": 0.3}
EXTRA_LINE = {"음료": 0.4, "디저트": 1.6, "베이커리": 1.6, "원두": 0.5, "굿즈": 0.5}
# Prices went up about 14 months before as_of: drinks by 500 won, cakes and bread by 300 won.
PRICE_RISE = {"음료": 500, "디저트": 300, "베이커리": 300}

# Customer archetypes and their share of the customer list.
ONE_OFF, OCCASIONAL, NEW, LOST, DRIFTING, REGULAR = range(6)
ARCHETYPE_SHARES = (0.45, 0.255, 0.07, 0.13, 0.07, 0.025)

# Busy-ness by weekday (Mon..Sun), by month, and by opening hour (8..20) on weekdays and at the weekend.
WEEKDAY_WEIGHT = (0.9, 0.9, 0.95, 1.0, 1.1, 1.4, 1.3)
MONTH_WEIGHT = (0.9, 0.85, 0.95, 1.0, 1.05, 1.1, 1.25, 1.25, 1.0, 1.0, 1.0, 1.3)
HOUR_WEEKDAY = (9, 8, 7, 7, 12, 12, 8, 8, 7, 7, 6, 5, 4)
HOUR_WEEKEND = (3, 5, 7, 9, 10, 12, 12, 12, 10, 8, 6, 4, 2)

STAFF = (("정다온", "owner", 0), ("김하늘", "staff", 0), ("이준호", "staff", 210), ("박소민", "staff", 560))


def weights(pairs: Sequence[tuple[Any, float]] | Sequence[float] | np.ndarray) -> np.ndarray:
    """A table's weights (the last item of each row, or the numbers themselves) as probabilities."""
    w = np.asarray([p[-1] if isinstance(p, tuple) else p for p in pairs], dtype=np.float64)
    return w / w.sum()
