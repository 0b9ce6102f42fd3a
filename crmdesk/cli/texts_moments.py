"""The words of issue 19's commands (moments, export ratings, staff, recovery's baseline), merged into
``cli.texts``' tables there: texts.py is at the module-length limit. Same shapes as its tables."""

from __future__ import annotations

_PERIOD = "from this day on (default: the whole history)"
_FILE_HEADERS = "column titles of the --out file: en = the identifiers scripts read (default), ko = Korean"

HELP_19: dict[str, str | tuple[str, str]] = {
    "moments": ("touchpoint ratings: averages, the overall product and the weakest link",
                "Per touchpoint (moment of truth) its average rating (1-5), the number of ratings and the share of "
                "the best; the overall score as the product of those shares (one bad moment pulls everything "
                "down); which touchpoint is weakest and how much the overall would rise if it matched the others. "
                "NPS answers are reported apart. --out writes one row per touchpoint."),
    "moments --from": _PERIOD,
    "moments --to": "up to this day, included",
    "moments --out": "write touchpoint, ratings, average, share_of_best to FILE (.csv or .xlsx)",
    "moments --lang": "output language (default: system)",
    "moments --headers": _FILE_HEADERS,
    "export ratings": ("every touchpoint rating",
                       "Export every touchpoint rating: when, touchpoint, score, customer (or anonymous), staff and "
                       "source (staff or survey). NPS answers are not in it."),
    "staff": ("per staff member: sales, regulars, contacts, complaints, compliments, ratings",
              "Per staff member over a period: sales entered (purchases and revenue), regulars served (customers "
              "with three or more purchases, served at least once in the period), customers they are main "
              "contact for, contacts, follow-ups done, complaints resolved and about them, compliments received "
              "and the average rating of the touchpoints they handled. Owner only."),
    "staff --from": "from this day on (default: the last 30 days)",
    "staff --to": "up to this day, included (default: today)",
    "staff --out": "write the table to FILE (.csv or .xlsx)",
    "staff --lang": "output language (default: system)",
    "staff --headers": _FILE_HEADERS,
    # Replaces texts.py's description of the older, biased figure (this table is merged after it).
    "recovery": ("do complaining customers come back, against similar customers who did not complain",
                 "Of the customers whose latest complaint was resolved at least --window days (default 90) before "
                 "the as-of day, how many bought within the window after the resolution, by how fast it was "
                 "resolved; beside each share the baseline: customers with the same number of earlier purchases "
                 "who never complained, over the same window from the same month. Groups under 10 say \"too few to "
                 "say\" instead of a share. --out writes the table."),
    "recovery --window": "a customer counts as returned when they bought within N days after the complaint was "
                         "resolved (default 90)",
}

WORDS_19: dict[str, tuple[str, str]] = {
    "moments_summary": ("Touchpoint ratings {period}: {count:,} ratings", "접점 평가 {period}: 평가 {count:,}건"),
    "moments_all_history": ("(whole history)", "(전체 기간)"),
    "moments_period": ("{start} to {end}", "{start} ~ {end}"),
    "moments_overall": ("Overall (product of the shares of the best): {overall}",
                        "전체 만족도 (접점별 만점 대비 비율의 곱): {overall}"),
    "moments_weakest": ("Weakest touchpoint: {name} ({average:.2f}). If it matched the average of the others "
                        "({others:.2f}), the overall score would rise from {before} to {after} (+{points:.1f} "
                        "points).",
                        "가장 약한 접점: {name} ({average:.2f}). 이 접점이 나머지의 평균({others:.2f})만큼 되면 전체 "
                        "만족도가 {before}에서 {after}(으)로 {points:.1f}%p 오릅니다."),
    "moments_weakest_alone": ("Only one touchpoint is rated: {name} ({average:.2f}).",
                              "평가된 접점이 하나뿐입니다: {name} ({average:.2f})."),
    "moments_none": ("No touchpoint ratings in this period.", "이 기간에 접점 평가가 없습니다."),
    "moments_nps": ("Would you recommend us (NPS, kept apart): {score:+.0f} from {answers:,} answers",
                    "추천 의향 (NPS, 따로 집계): {answers:,}명 응답, {score:+.0f}"),
    "moments_written": ("Wrote {count} touchpoints to {path}.", "접점 {count}개를 {path}에 저장했습니다."),
    "exported_ratings": ("Exported {count:,} touchpoint ratings to {path}.",
                         "접점 평가 {count:,}건을 {path}(으)로 내보냈습니다."),
    "staff_summary": ("Staff figures from {start} to {end}", "직원별 실적 {start} ~ {end}"),
    "staff_written": ("Wrote the figures of {count} staff members to {path}.",
                      "직원 {count}명의 실적을 {path}에 저장했습니다."),
    "inactive": ("(inactive)", "(비활성)"),
    "recovery_window": ("Returned: bought within {window} days after the complaint was resolved (complaints "
                        "resolved by {cutoff}, so each had its full window), each customer once with their latest "
                        "such complaint. Baseline: customers who never complained, with the same number of earlier "
                        "purchases, over the same {window} days from the same month.",
                        "재구매: 불만 해결 후 {window}일 안에 구매 ({cutoff}까지 해결되어 기간을 다 채운 불만만, "
                        "고객마다 가장 최근 것 하나). 비교 기준: 불만이 없는 고객 중 이전 구매 횟수가 같은 고객이 "
                        "같은 달부터 {window}일 안에 구매한 비율."),
    "recovery_returned": ("Complaining customers who returned: {returned} of {customers} ({share}); baseline "
                          "{baseline}",
                          "불만 고객 재구매: {customers}명 중 {returned}명 ({share}), 비교 기준 {baseline}"),
    "period_reversed": ("--from {start} is after --to {end}.", "--from {start}이(가) --to {end}보다 늦습니다."),
    "recovery_left_out": ("Left out: {open} customers whose latest complaint is not resolved, {recent} resolved too "
                          "recently for a full window.",
                          "제외: 최근 불만이 해결되지 않은 고객 {open}명, "
                          "해결된 지 기간이 다 지나지 않은 고객 {recent}명."),
    "recovery_all": ("All", "전체"),
    "too_few": ("too few to say", "너무 적어 판단 불가"),
}

HEADERS_19: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "moments": (("Touchpoint", "Ratings", "Average", "Share of best", "Low (1-2)"),
                ("접점", "평가 수", "평균", "만점 대비", "낮은 평가(1~2)")),
    "staff": (("Staff", "Sales", "Revenue", "Regulars served", "Main contact for", "Contacts", "Follow-ups done",
               "Complaints resolved", "Complaints about", "Compliments", "Avg rating"),
              ("직원", "판매", "매출", "단골 응대", "담당 고객", "접촉", "후속 완료", "불만 해결", "본인 관련 불만",
               "칭찬", "평균 평가")),
    "recovery_baseline": (("Resolved", "Customers", "Returned", "Share", "Baseline", "Difference"),
                          ("해결까지", "고객 수", "재구매", "비율", "비교 기준", "차이")),
}

# The Korean column titles of `moments --out` and `staff --out` under --headers ko, by the file's English title (the
# column's identifier, which --headers en writes): the same words as the printed tables above, spelt out a little.
FILE_TITLES_19: dict[str, dict[str, str]] = {
    "moments": {"touchpoint": "접점", "ratings": "평가 수", "average": "평균 평가", "share_of_best": "만점 대비"},
    "staff": {"staff": "직원", "sales": "판매 건수", "revenue": "매출", "regulars_served": "단골 응대",
              "main_contact_for": "담당 고객", "contacts": "접촉 기록", "follow_ups_done": "후속 조치 완료",
              "complaints_resolved": "해결한 불만", "complaints_about": "본인 관련 불만", "compliments": "칭찬",
              "average_rating": "평균 평가"},
}
