"""The Korean column titles of the files the analyses write with --out (rfm, pareto, clv, churn, cohorts, basket,
recovery) under `--headers ko`, merged into cli/texts.py's ``_FILE_TITLES``.

Each command's table maps the file's English column title, which is the column's identifier (customer_id,
recency_days: what `--headers en`, the default, writes and scripts read), to its Korean title. The words are
the window's and the other exports' (고객코드, 총 구매액, 세그먼트, 생존 확률, 과거 가치, 평소 간격, 향상도, 비교
기준); the scores keep their letters R, F, M and RFM. A ``{name}`` in a title is filled
by the command (clv's time unit, cohorts' month offset). No title starts with + - = @: the file's writer would
mark it as text with a quote, as it does any formula-like cell.
"""

from __future__ import annotations

_CUSTOMER = {"customer_id": "번호", "customer_code": "고객코드", "name": "이름"}
_UNCOSTED = {"uncosted_revenue": "원가 없는 매출"}  # --on margin: revenue left out of margin

ANALYTICS_FILE_TITLES: dict[str, dict[str, str]] = {
    "rfm": {**_CUSTOMER, "recency_days": "최근 구매 후 일수", "frequency": "구매 횟수", "monetary": "총 구매액",
            "r": "R", "f": "F", "m": "M", "rfm": "RFM", "segment": "세그먼트", "margin": "마진", **_UNCOSTED},
    "pareto": {"rank": "순위", **_CUSTOMER, "monetary": "총 구매액", "customer_share": "누적 고객 비율",
               "revenue_share": "누적 매출 비율", "margin": "마진", "margin_share": "누적 마진 비율"},
    # clv: BG/NBD's own quantities, in the unit of --unit (일 or 주)
    "clv": {**_CUSTOMER, "frequency": "재구매 일수", "recency": "첫 구매~마지막 구매({unit})",
            "T": "첫 구매 후 경과({unit})", "p_alive": "생존 확률", "expected_purchases": "예상 구매 횟수",
            "expected_avg_value": "예상 객단가", "historic_value": "과거 가치", "clv": "예측 가치(CLV)",
            "referred": "소개 고객 수", "referred_value": "소개 고객 가치", "total": "합계(본인+소개)",
            "expected_avg_margin": "예상 평균 마진", "historic_margin": "과거 마진", "clv_margin": "예측 마진(CLV)",
            **_UNCOSTED},
    "churn": {**_CUSTOMER, "stage": "단계", "purchase_days": "구매일 수", "first_purchase_day": "첫 구매일",
              "last_purchase_day": "최근 구매일", "silence_days": "침묵(일)", "usual_gap_days": "평소 간격(일)",
              "expected_back_by": "재방문 예상일", "historic_value": "과거 가치", "predicted_value": "예측 가치(1년)",
              "p_alive": "생존 확률", "phone": "전화번호", "sms_consent": "문자 수신 동의"},
    # churn --stages: the stage columns take the stages' own Korean names (analytics/stages.py)
    "lifecycle": {"month_end": "월말", "customers": "구매 고객 수"},
    "cohorts": {"cohort": "코호트(첫 구매 월)", "customers": "고객 수", "month_{k}": "{k}개월 후"},
    "basket": {"antecedent": "이것을 사면", "consequent": "이것도", "baskets": "영수증 수", "support": "지지도",
               "confidence": "신뢰도", "lift": "향상도"},
    "recovery": {"resolved": "해결까지", "customers": "고객 수", "returned": "재구매 고객 수",
                 "share": "재구매 비율", "baseline": "비교 기준", "difference": "차이",
                 "small": "표본 부족(10명 미만)"},
}
