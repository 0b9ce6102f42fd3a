"""The command line's everyday messages in both languages: demo, customers, info, export, the refusals of bad
options and the type checks of dates and years. Part of ``texts._WORDS`` (kept apart only for that module's
length); the Korean uses the window's words (고객의 소리, 접촉 기록, 판매 품목, 데모 카페)."""

from __future__ import annotations

CORE_WORDS: dict[str, tuple[str, str]] = {
    # the parser's type checks (cli.common.date_arg, cli.parser._years): no args yet, the language of the argv
    "bad_date": ("{text!r}: write the date like 2025-06-30",
                 "{text!r}: 날짜는 2025-06-30처럼 쓰세요"),
    "date_out_of_range": ("{text!r}: choose a date from {first} to {last}",
                          "{text!r}: {first}부터 {last}까지의 날짜를 쓰세요"),
    "bad_years": ("{text!r} is not a whole number of years",
                  "{text!r}: 햇수는 3처럼 정수로 쓰세요"),
    "years_out_of_range": ("the retention period is 1 to 50 years, not {value}",
                           "보관 기간은 1년에서 50년 사이여야 합니다 ({value}년은 안 됩니다)"),
    # demo, customers, info (cli.customers)
    "demo_skipped": ("The database already has {existing:,} customers; no demo data added.",
                     "데이터베이스에 이미 고객이 {existing:,}명 있어 데모 데이터를 넣지 않았습니다."),
    "demo_not_empty": ("The database already has customers; demo data goes only into an empty database.",
                       "데이터베이스에 이미 고객이 있습니다. 데모 데이터는 빈 데이터베이스에만 넣을 수 있습니다."),
    "demo_ready": ("Demo café ready: {s.customers:,} customers, {s.purchases:,} purchases, {s.lines:,} purchase "
                   "lines, {s.staff} staff, {s.contacts:,} contacts ({s.follow_ups_open:,} follow-ups open), "
                   "{s.feedback:,} feedback items in {seconds:.1f} s (contacts and feedback: "
                   "{s.touchpoint_seconds:.1f} s).",
                   "데모 카페가 준비되었습니다: 고객 {s.customers:,}명, 구매 {s.purchases:,}건, 판매 품목 "
                   "{s.lines:,}건, 직원 {s.staff}명, 접촉 기록 {s.contacts:,}건 (남은 후속 조치 "
                   "{s.follow_ups_open:,}건), 고객의 소리 {s.feedback:,}건, {seconds:.1f}초 걸림 (접촉 기록과 고객의 "
                   "소리: {s.touchpoint_seconds:.1f}초)."),
    "bad_sort": ("--sort must be one of: {columns}", "--sort는 다음 중 하나로 쓰세요: {columns}"),
    # the listing's last line, which scripts read: the English stays as it was
    "customers_found": ("{total:,} customer{s} found.", "고객 {total:,}명을 찾았습니다."),
    "customers_shown": ("{shown:,} of {total:,} customer{s} found.",
                        "찾은 고객 {total:,}명 중 {shown:,}명을 보여 줍니다."),
    "info_database": ("Database: {where}", "데이터베이스: {where}"),
    "info_schema": ("Schema version: {revision}", "스키마 버전: {revision}"),
    # export (cli.transfer); exported_ratings is in texts_moments
    "exported_customers": ("Exported {count:,} customers to {path}.", "고객 {count:,}명을 {path}(으)로 내보냈습니다."),
    "exported_touchpoints": ("Exported {count:,} contacts to {path}.",
                             "접촉 기록 {count:,}건을 {path}(으)로 내보냈습니다."),
    "exported_feedback": ("Exported {count:,} feedback items to {path}.",
                          "고객의 소리 {count:,}건을 {path}(으)로 내보냈습니다."),
    "exported_sales": ("Exported {count:,} purchase lines to {path}.",
                       "판매 품목 {count:,}건을 {path}(으)로 내보냈습니다."),
    # analyses (cli.analytics)
    "segments_default": ("RFM segments: back to the default mapping.",
                         "RFM 세그먼트: 기본 구분으로 되돌렸습니다."),
    "segments_bad_json": ("{file} is not valid JSON: {error}.", "{file}은(는) 올바른 JSON 파일이 아닙니다: {error}."),
    "segments_stored": ("RFM segments: the mapping in {file} is stored.",
                        "RFM 세그먼트: {file}의 구분을 저장했습니다."),
    "horizon_negative": ("--horizon-days must be 0 or more.", "--horizon-days 값은 0 이상이어야 합니다."),
    # reports (cli.reports, cli.law, cli.suggest)
    "pdf_suffix": ("--pdf {file}: the file name must end in .pdf.", "--pdf {file}: 파일 이름은 .pdf로 끝나야 합니다."),
    "pdf_folder": ("--pdf {file}: the folder {folder} does not exist.", "--pdf {file}: {folder} 폴더가 없습니다."),
    "list_limit": ("--list-limit must be 0 or more (or -1 for everyone).",
                   "--list-limit 값은 0 이상이어야 합니다 (모두 넣으려면 -1)."),
    "report_limit": ("--limit must be 1 or more.", "--limit 값은 1 이상이어야 합니다."),
    "no_customer_code": ("No customer with the code or id {code!r}.",
                         "고객코드나 번호가 {code!r}인 고객이 없습니다."),
    # points (cli.loyalty)
    "bad_tiers": ("--tiers {text!r}: write NAME=MIN,NAME=MIN, e.g. 일반=0,실버=300000",
                  "--tiers {text!r}: 등급=최소 구매액,등급=최소 구매액 형식으로 쓰세요 (예: 일반=0,실버=300000)"),
}
