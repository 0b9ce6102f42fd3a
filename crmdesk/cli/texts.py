"""Every word the command line shows: help texts, messages, table headers, refusals.

Its tables, as ``reports/texts.py`` keeps the report's words:
- ``COMMAND_HELP`` and ``HELP``: the commands' ``(help line, description)`` ("export sales") and the options'
  help ("customers --sort"), written as one table in the order `crmdesk --help` lists them; argparse shows them
  in English.
- ``_WORDS``: messages in both languages, key -> (English, Korean), chosen by --lang or the system language;
  the trust and backup commands' part of it lives in ``texts_trust.py``, the everyday commands' (demo, customers,
  info, export, bad options, dates) in ``texts_core.py`` (only for this module's length). Every caller passes the
  language: ``words(args)(key)`` or ``say(key, language(args))``; the parser's type checks, which run before
  there are args, get it from the command line being parsed (``cli.common.argv_language``).
- ``_FILE_TITLES``: the Korean column titles of the files commands write --out under ``--headers ko``, per command,
  keyed by the English title, which is the column's identifier (``texts_files.py``, ``texts_moments.py``);
  ``file_title`` and ``Words.file_header`` pick them.
- ``_ENGLISH``: what reads the same in both languages: only "crmdesk: {reason}" (the import's words, its two
  refusals of options included, live in ``texts_import.py``).

``say(key, lang, **values)`` looks a message up and fills it with ``str.format``; ``Words(lang)`` is the same
bound to one language, for a command that says many things.
"""

from __future__ import annotations

from collections.abc import Iterable

from crmdesk.cli.texts_consent import CONSENT_HELP, CONSENT_WORDS
from crmdesk.cli.texts_core import CORE_WORDS
from crmdesk.cli.texts_files import ANALYTICS_FILE_TITLES
from crmdesk.cli.texts_import import IMPORT_WORDS
from crmdesk.cli.texts_law import LAW_HEADERS, LAW_HELP, LAW_WORDS
from crmdesk.cli.texts_moments import FILE_TITLES_19, HEADERS_19, HELP_19, WORDS_19
from crmdesk.cli.texts_profit import PROFIT_HEADERS, PROFIT_HELP, PROFIT_WORDS
from crmdesk.cli.texts_selling import SELLING_HEADERS, SELLING_HELP, SELLING_WORDS
from crmdesk.cli.texts_server import SERVER_HELP, SERVER_WORDS
from crmdesk.cli.texts_trust import TRUST_WORDS
from crmdesk.config import ENV_DB, default_database

LANGUAGES, LANGUAGE_CHOICES = ("ko", "en"), ["ko", "en"]


def epilog() -> str:
    return (f"The database is {default_database()} unless --db PATH_OR_URL or the {ENV_DB} environment variable "
            "names another (an SQLite file path, or an SQLAlchemy URL such as postgresql://user@host/shop).")


_OUTPUT_FILE = "output file, .csv or .xlsx"
_NO_CONFIRMATION = "do not ask for confirmation"
_OUTPUT_LANGUAGE = "output language"
_IMPORT_KINDS = {"customers": "customer cards (matched by code, phone, e-mail; new ones created)",
                 "sales": "purchase lines from a POS or Excel export; rows with one receipt id form one purchase"}

# The commands' (help line, description) and the options' help, in the order `crmdesk --help` lists them.
_HELP: dict[str, str | tuple[str, str]] = {**LAW_HELP, **CONSENT_HELP, **SELLING_HELP,
    "crmdesk": "crmdesk: customer cards, purchase history and analytics for a small shop. "
               "Without a command, opens the window.",
    "--db": f"database file or URL (default: ${ENV_DB} or the user data folder)",
    "--as": "with sign-in on: who runs a command that needs a permission: an owner for an export, import, erase, "
            "audit, backup, restore, settings, figures, ...; anyone with a password for a consent change "
            "(password from $CRMDESK_PASSWORD or asked)",
    "--lang window": "window language (default: settings, then system)",
    "--yes": _NO_CONFIRMATION,
    "ID": "customer number",

    "demo": ("fill an empty database with a realistic demo café",
             "Fill an empty database with a realistic Korean café: customers with names, 010 numbers, birthdays, "
             "tags, consent and years of purchases."),
    "demo --customers": "number of customers (default 2000)",
    "demo --seed": "random seed (same seed, same shop)",
    "demo --if-empty": "do nothing (and succeed) when the database already has customers",
    "customers": ("list customers matching a search",
                  "Print the customers matching a search, as the window's search finds them: name (any part, or "
                  "initial consonants such as ㄱㅁㅅ), phone digits (the last four alone work), e-mail, customer "
                  "code, tags."),
    "customers --search": "what to look for (default: everyone)",
    "customers --sort": "name, total_spent, visit_count, last_purchase_at, ...",
    "customers --desc": "sort descending",
    "customers --archived": "list archived customers instead",
    "customers --limit": "at most N rows (default 50; 0 = all)",

    "export": ("export data to CSV or Excel",
               "Export data to a file: .csv (UTF-8 with BOM, opens in Excel) or .xlsx."),
    "export FILE": _OUTPUT_FILE,
    "export customers": ("every customer card", "Export every customer card with purchase totals."),
    "export customers --archived": "include archived customers",
    "export customers --headers": "column header language (default: system)",
    "export touchpoints": ("every contact: visits, calls, messages, follow-ups",
                           "Export the contact-point log: when, customer, channel, purpose, staff, note and the "
                           "follow-up."),
    "export feedback": ("feedback and complaints with response and resolution times",
                        "Export feedback with its status, staff, the hours to first response and to resolution "
                        "(derived from the status stamps) and whether it is overdue against the shop's targets."),
    "export --from": "only from this day on (2025-06-30)",
    "export --to": "only up to this day, included",
    "export --headers": "language of the column headers and the words in them (default: system)",
    "export sales": ("every purchase line",
                     "Export every purchase line (voided purchases left out) in the columns `crmdesk import sales` "
                     "reads, so the file imports back unchanged."),
    "export sales --encoding": "CSV text encoding: utf-8 with BOM (default, opens in Excel) or cp949 (older "
                               "software)",
    "export sales --headers": "column headers: en = the import's field names (default), ko = Korean",

    "import": ("import customers or sales from CSV or Excel",
               "Import a CSV/TSV or .xlsx file in one transaction: all of it or, when refused, nothing. Rows that "
               "cannot be read are skipped and listed (also in FILE.rejected.csv beside it); --strict refuses the "
               "file instead."),
    **{f"import {kind}": (text, f"Import {text}.") for kind, text in _IMPORT_KINDS.items()},
    "import FILE": ".csv, .tsv, .txt or .xlsx",
    # %(fields)s: the import's field names, filled in by argparse when the help is printed (see cli.parser)
    "import --map": "use a column for a field (repeatable); FIELD '-' skips the column. Fields: %(fields)s",
    "import --preset": "apply a saved column mapping (and its encoding)",
    "import --save-preset": "save the mapping used under this name",
    "import --encoding": "text encoding (default: UTF-8 or a BOM's, else CP949; any other must be named, e.g. cp1252)",
    "import --delimiter": "column separator (default: detected; 'tab' for tabs)",
    "import --dry-run": "report what would happen; write nothing",
    "import --strict": "refuse the whole file if any row is bad",

    "rfm": ("RFM scores and segments of every customer",
            "Score every active customer 1-5 on recency, frequency and monetary value (quintiles of the customers "
            "who bought; equal values share a score) and name the segment. Without --out, prints customers and "
            "revenue per segment; with it, writes one row per customer."),
    "rfm --show-segments": "print the shop's segment of each code as JSON (to edit and load with --set-segments)",
    "rfm --set-segments": "store the shop's own mapping, {\"Champions\": [\"555\", ...], ...}: every one of the 125 "
                          "codes in exactly one of the 11 segments (English or Korean names)",
    "rfm --default-segments": "go back to the default mapping",
    "pareto": ("how much revenue the best customers bring",
               "Print the share of revenue from the best 20 % of customers and the share of customers that makes "
               "80 % of revenue; --out writes the cumulative curve, best customer first."),
    "clv": ("lifetime value: historic, and predicted with BG/NBD + Gamma-Gamma",
            "Fit the BG/NBD purchase model and the Gamma-Gamma spend model to the shop's history and predict each "
            "customer's purchases and spend over a horizon (not discounted). A purchase occasion is a day with a "
            "purchase. When the history is too thin to fit, says why and falls back to historic value. Without "
            "--out, prints a summary and the 10 most valuable."),
    "clv --unit": "time unit of recency, T and the fitted alpha (default days)",
    "clv --horizon-days": "predict over the next N days (default 365)",
    "clv --params": "print the fitted parameters r, alpha, a, b, p, q, v and the time unit",
    "churn": ("who is slipping away: the Overdue and Gone quiet customers",
              "Judge each customer's silence against their own usual gap between visits and the shop's return "
              "window (8 in 10 return visits come within it): Overdue beyond twice their gap and one window, "
              "Gone quiet beyond four times and two windows, Gone beyond eight times and four windows. Without "
              "--list, prints customers per lifecycle stage; with --list, the customers to win back, most valuable "
              "first, with phone and SMS consent."),
    "churn --list": "list the customers in this stage: at-risk = Overdue, dormant = Gone quiet, lost = Gone "
                    "(with --out: all of them to FILE)",
    "churn --stages": "customers per lifecycle stage at each month end (with --out: to FILE)",
    "churn --months": "with --stages: the last N month ends (default 12)",
    "basket": ("which products (or categories) sell together",
               "Association rules between the products on one receipt (voided ones left out): support (share of "
               "receipts with both), confidence (share of receipts with the first that also have the second) and "
               "lift (how many times likelier the second is with the first than on any receipt). Prints the "
               "strongest; --out writes them all."),
    "basket --categories": "categories instead of products",
    "basket --min-receipts": "leave out pairs on fewer than N receipts (default 5)",
    "recovery": ("did complaining customers buy again, by resolution speed",
                 "Of the customers who complained (each once, with their latest complaint at least 30 days before "
                 "the as-of day), how many bought again after it, split by how fast the complaint was resolved. "
                 "--out writes the table."),
    "cohorts": ("retention by month of first purchase",
                "Group customers by the month of their first purchase (a cohort) and print the share of each "
                "cohort that bought again in each later calendar month (+1, +2, ...). Months after the as-of month "
                "are left empty, never shown as 0. --out writes every month, as shares from 0 to 1."),
    "cohorts --months": "print months +1 to +N (default 12); --out always writes all",
    "analytics --as-of": "look as of the end of this day (default today); later purchases are ignored",
    "analytics --out": "write the table to FILE, .csv or .xlsx",
    "analytics --headers": "column titles of the --out file: en = the identifiers scripts read (customer_id, "
                           "recency_days, ...; default), ko = Korean",
    "analytics --lang": "language of the summary and segment names (default: system)",

    "report": ("print a report to PDF: segments, call list, customer card",
               "Write a printable report as a PDF (A4 or Letter, the bundled Korean font embedded). Phone numbers "
               "are masked (010-****-5678) unless --full-phones is given. This command loads Qt to lay the pages "
               "out (offscreen when there is no display); no window opens."),
    "report segments": ("the RFM segment report",
                        "The segment report for a monthly review: summary with the Pareto share and the segment "
                        "chart, figures per segment with the change since a month earlier, recommended actions, and "
                        "each segment's customers."),
    "report segments --list-limit": "customers listed per segment, highest value first (default 50; 0 = no lists; "
                                    "-1 = everyone)",
    "report calls": ("a call list of one segment",
                     "The customers of one segment who agreed to be phoned, highest value first, with phone, last "
                     "visit, last purchase, value, open complaints and room for notes."),
    "report calls --segment": "segment, English or Korean (e.g. \"At Risk\" or 이탈 위험)",
    "report calls --limit": "at most N customers (default: all who consented)",
    "report card": ("one customer's card",
                    "One customer's card with recent purchases, contacts and feedback, and room for consultation "
                    "notes."),
    "report card --customer": "customer code, or the numeric id",
    "report --pdf": "the PDF file to write",
    "report --lang": "report language (default: system)",
    "report --page-size": "paper size (default A4)",
    "report --full-phones": "print full phone numbers instead of 010-****-5678",
    "report --as-of": "look as of the end of this day (default today)",

    "campaign": ("campaign recipient lists and results",
                 "Prepare campaigns (crmdesk does not send messages itself) and see results."),
    "campaign export": ("write the consent-checked recipients of an RFM segment",
                        "Record a campaign over an RFM segment starting today and write its recipients (phone "
                        "digits, name, offer code; e-mail for --channel email) to a CSV for an SMS/KakaoTalk "
                        "sender. Only customers with current consent for the channel are included; the control "
                        "group and the excluded are counted, never written."),
    "campaign export --segment": "RFM segment, English or Korean name",
    "campaign export FILE": "output .csv",
    "campaign export --encoding": "utf-8 with BOM (default) or cp949 (what many Korean bulk-SMS tools read)",
    "campaign export --headers": "column headers (default en)",
    "campaign export --control": "hold back PCT %% as a control group",
    "campaign export --seed": "control-group seed (the same seed, the same split)",
    "campaign export --code": "offer (coupon) code written on every row",
    "campaign export --days": "response window in days (default 14)",
    "campaign list": ("campaigns with their results",
                      "Every campaign with members, response rate and revenue, target against control."),
    "points": ("loyalty points and tiers: rules and upkeep",
               "Show or change the earn rate, expiry period and tiers; run the daily upkeep (expire points past "
               "their date, move tiers) now."),
    "points --earn": "earn this percentage of each purchase (e.g. 1 or 0.5)",
    "points --expiry-months": "points expire N months after they are earned",
    "points --tiers": "tiers by 12-month spend, e.g. 일반=0,실버=300000,골드=1000000 (lowest must be 0)",
    "points --upkeep": "expire due points and recompute tiers now",
    "loyalty --lang": _OUTPUT_LANGUAGE,

    "info": ("show which database is used and what it holds",
             "Show the database location, its schema version and how many records it holds."),
    "backup": ("copy the database to a verified backup",
               "Copy the database with SQLite's online backup API (safe while crmdesk is open) and verify the copy. "
               "Without FILE, the copy goes into the backups folder beside the database, which keeps the newest "
               "copies."),
    "backup FILE": "where to write the copy (default: the backups folder)",
    "backup --keep": "automatic backups to keep in the backups folder (default 10)",
    "backups": ("list the backups in the backups folder",
                "List the backups in the backups folder beside the database, newest first."),
    "backups --protect": "give the copies taken before sign-in was on the same passwords (owner)",
    "backups --remove-open": "delete the copies that open without a password (owner)",
    "restore": ("replace the database with a backup",
                "Replace the database with a backup, after checking the backup and saving the current database into "
                "the backups folder (so the restore can be undone). Close the crmdesk window first."),
    "restore FILE": "the backup to restore",
    "restore --yes": "do not ask; required when not run on a terminal",
    "check": ("check the database for damage",
              "Run SQLite's integrity and foreign-key checks. Exit status 0 when the database is sound; 1 with each "
              "problem on stderr when it is damaged."),

    "privacy": ("one customer's data: export or erase",
                "Privacy rights of one customer: export everything the shop holds about them, or erase their "
                "personal data (purchases stay as anonymous figures)."),
    "privacy export": ("write one customer's data to a file",
                       "Write the card, purchases, contacts, feedback and consent history of one customer to FILE: "
                       ".xlsx (one sheet each, readable) or .json."),
    "privacy export FILE": "output file, .xlsx or .json",
    "privacy erase": ("erase one customer's personal data",
                      "Erase a customer's personal data for good: the card becomes anonymous and archived, notes "
                      "about them are blanked, consent is withdrawn; purchases stay so the shop's totals are right. "
                      "Cannot be undone."),
    "retention": ("customers inactive for years: review, erase",
                  "List customers with no purchase, contact, feedback or edit for the retention period (default 3 "
                  "years, a shop setting); --erase erases all of them in one audited step."),
    "retention --years": "inactive for N years (default: the shop's setting)",
    "retention --set-years": "store N years as the shop's retention period",
    "retention --erase": "erase every customer listed (asks unless --yes)",
    "retention --limit": "list at most N (default 50; 0 = all)",
    "audit": ("who viewed, changed, exported, erased what",
              "Show the audit log, newest first, filtered by person, action, customer and date."),
    "audit --staff": "only this person (or 'command line')",
    "audit --action": "view, change, export, merge, erase, sign_in, ...",
    "audit --customer": "only entries about this customer",
    "audit --from": "from this day on",
    "audit --to": "up to this day, included",
    "audit --limit": "at most N entries (default 50)",
    "consent": ("show or record a customer's consent",
                "Show a customer's consent per purpose and its history, or record a grant or withdrawal."),
    "consent --grant": "record a grant: {purposes}",
    "consent --withdraw": "record a withdrawal",
    "consent --method": "how it was given (default paper)",
    "password": ("set or clear a staff member's password/PIN",
                 "Set a staff member's password or PIN (asked twice, not echoed; or read from stdin), or --clear it. "
                 "Sign-in is on while any active account has one; then an owner signs in first (--as NAME), and can "
                 "reset anyone's, another owner's forgotten one too."),
    "password STAFF_ID": "staff number (see the Staff screen)",
    "password --clear": "remove the password: this person cannot sign in",
    "backup --force": "replace FILE if it exists (never the database itself or a file in its backups folder)",
    "backups --remove-erased": "delete the backups that still hold customers erased since they were taken "
                               "(the owner signs in)",
    "backups --yes": "remove without asking",
    "password --recovery-code": "an owner's forgotten password: set a new one with the recovery code shown when "
                                "the first owner password was set (no sign-in needed; a new code is shown)",
    **HELP_19,
}
_HELP.update(SERVER_HELP)  # crmdesk server, move-to
_HELP.update(PROFIT_HELP)  # --on margin (issue 20)
HELP: dict[str, str] = {key: text for key, text in _HELP.items() if isinstance(text, str)}
COMMAND_HELP: dict[str, tuple[str, str]] = {key: pair for key, pair in _HELP.items() if isinstance(pair, tuple)}

# Messages in both languages: key -> (English, Korean), filled with str.format.
_WORDS: dict[str, tuple[str, str]] = {**LAW_WORDS, **CONSENT_WORDS, **SELLING_WORDS,
    # sign-in and the database (cli.common)
    "no_database": ("There is no database at {path}; check --db (nothing was created).",
                    "{path}에 데이터베이스가 없습니다. --db를 확인하세요 (새로 만들지 않았습니다)."),
    "no_such_account": ("No account named {name} can sign in.", "{name}(으)로 로그인할 수 있는 계정이 없습니다."),
    "not_an_owner": ("{name} is not an owner; this command needs an owner's sign-in.",
                     "{name}은(는) 사장님 계정이 아니어서 이 명령을 실행할 수 없습니다."),
    "which_owner": ("Sign-in is on: say which owner runs this with --as NAME ({names}).",
                    "로그인이 켜져 있습니다. 어느 사장님인지 --as 이름으로 알려 주세요 ({names})."),
    "password_needed": ("Sign-in is on: this needs {name}'s password or PIN. Run it on a terminal, or put it in "
                        "{env}.",
                        "로그인이 켜져 있어 {name}의 비밀번호가 필요합니다. 터미널에서 실행하거나 {env}에 넣으세요."),
    "password_prompt": ("{name}'s password or PIN: ", "{name} 비밀번호/PIN: "),
    "sign_in_unreadable": ("{path} cannot be read to check who may do this ({reason}); nothing was done. If it may "
                           "be damaged, run crmdesk check on it; a file from an older crmdesk is upgraded by opening "
                           "it once (crmdesk info).",
                           "누가 이 일을 할 수 있는지 확인하려고 {path}을(를) 읽을 수 없어 ({reason}) 아무것도 하지 "
                           "않았습니다. 파일이 손상되었을 수 있으면 crmdesk check로 확인하세요. 이전 버전 crmdesk의 "
                           "파일은 한 번 열면(crmdesk info) 새 형식으로 바뀝니다."),
    "sign_in_busy": ("{path} is busy with another change (an import?) and stayed busy for {seconds} seconds; nothing "
                     "was done. Try again when it ends.",
                     "{path}에서 다른 변경(가져오기?)이 {seconds}초 동안 끝나지 않아 아무것도 하지 않았습니다. 끝난 "
                     "뒤 다시 하세요."),
    # a refused sign-in (services.auth.SignInRefused.kind); English is the service's own sentence
    "refused_cannot": ("This account cannot sign in; ask the owner.",
                       "이 계정은 로그인할 수 없습니다. 사장님께 문의하세요."),
    "refused_locked": ("{name}'s account is locked after {max} wrong attempts until {time}.",
                       "{name} 님의 계정은 {max}번 틀려 {time}까지 잠겨 있습니다."),
    "refused_locked_now": ("{wrong} {max} times: {name}'s account is locked for {minutes} minutes.",
                           "{max}번 틀렸습니다. {name} 님의 계정이 {minutes}분 동안 잠겼습니다."),
    "refused_wrong": ("{wrong} ({left} more tries before the account locks).",
                      "{wrong} (계정이 잠기기 전에 {left}번 더 시도할 수 있습니다)."),
    "wrong_secret": ("Wrong password or PIN", "비밀번호 또는 PIN이 틀렸습니다"),
    "wrong_recovery": ("Wrong recovery code", "복구 코드가 틀렸습니다"),
    "busy_now": ("{path} is busy with another change (an import?); nothing was done. Try again when it ends.",
                 "{path}에서 다른 변경(가져오기?)이 진행 중이라 아무것도 하지 않았습니다. 끝난 뒤 다시 하세요."),
    "waiting_for_lock": ("Waiting for another change (an import?) to finish…",
                         "다른 변경(가져오기?)이 끝나기를 기다리는 중…"),
    "phones_masked": ("Phone numbers are masked because sign-in is on; --as OWNER shows them in full.",
                      "로그인이 켜져 있어 전화번호를 가렸습니다. --as 사장님이름 으로 실행하면 전체 번호가 보입니다."),
    # analyses (cli.analytics)
    "yes": ("yes", "예"),
    "no": ("no", "아니오"),
    "table_written": ("Wrote the table to {path}.", "표를 {path}에 저장했습니다."),
    "rfm_written": ("Wrote RFM of {count:,} customers to {path}.", "{count:,}명의 RFM을 {path}에 저장했습니다."),
    "rfm_summary": ("RFM as of {as_of}: {customers:,} customers, {buyers:,} with purchases",
                    "RFM 기준일 {as_of}: 고객 {customers:,}명, 구매 고객 {buyers:,}명"),
    "pareto_summary": ("Pareto as of {as_of}: {customers:,} customers with purchases, revenue {revenue:,}",
                       "파레토 기준일 {as_of}: 구매 고객 {customers:,}명, 매출 {revenue:,}"),
    "pareto_no_revenue": ("No revenue yet: nothing to compare.", "아직 매출이 없어 계산할 수 없습니다."),
    "pareto_top20": ("Revenue share of the top 20 % of customers: {share}", "상위 20 % 고객의 매출 비율: {share}"),
    "pareto_80": ("Share of customers making 80 % of revenue: {share} (the top {count:,})",
                  "매출 80 %를 만드는 고객 비율: {share} (상위 {count:,}명)"),
    "pareto_written": ("Wrote the cumulative curve to {path}.", "누적 곡선을 {path}에 저장했습니다."),
    "clv_summary": ("Lifetime value as of {as_of}: {customers:,} customers, {buyers:,} with purchases; horizon "
                    "{horizon:,} days (not discounted)",
                    "고객 생애 가치 기준일 {as_of}: 고객 {customers:,}명, 구매 고객 {buyers:,}명, 예측 기간 "
                    "{horizon:,}일 (할인 없음)"),
    "clv_no_forecast": ("No forecast: {reason} The clv column holds historic value.",
                        "예측하지 않음: {reason} clv 열은 지금까지의 구매액(과거 가치)입니다."),
    "clv_no_spend_model": ("No spend model: {reason} Expected average value is each customer's own average per "
                           "purchase day.",
                           "구매액 모델 없음: {reason} 예상 객단가는 고객 자신의 방문일당 평균입니다."),
    "clv_params": ("Parameters (unit: {unit}): {shown}", "매개변수 ({unit} 단위): {shown}"),
    "unit_days": ("days", "일"),
    "unit_weeks": ("weeks", "주"),
    "clv_fit": ("  {label}: {status}, {customers:,} customers, log-likelihood {ll}",
                "  {label}: {status}, 고객 {customers:,}명, 로그 우도 {ll}"),
    "fit_fitted": ("fitted", "적합됨"),
    "fit_too_little_history": ("too_little_history", "이력 부족"),
    "fit_not_converged": ("not_converged", "수렴 안 됨"),
    "fit_degenerate": ("degenerate", "비정상 매개변수"),
    "clv_written": ("Wrote the lifetime value of {count:,} customers to {path}.",
                    "{count:,}명의 생애 가치를 {path}에 저장했습니다."),
    "clv_totals": ("Historic value {historic:,}; predicted value over the next {horizon:,} days {predicted:,.0f}",
                   "과거 가치 합계 {historic:,}, 앞으로 {horizon:,}일 예측 가치 합계 {predicted:,.0f}"),
    "clv_historic": ("Historic value {historic:,}", "과거 가치 합계 {historic:,}"),
    "return_window": ("{days:.0f} days", "{days:.0f}일"),
    "no_return_window": ("none yet (nobody came back)", "아직 없음 (다시 온 고객 없음)"),
    "churn_summary": ("Lifecycle stages as of {as_of}: {customers:,} customers. The shop's return window is {window} "
                      "(8 in 10 return visits come within it); Regular from {loyal} purchase days",
                      "고객 단계 기준일 {as_of}: 고객 {customers:,}명. 가게의 재방문 주기 {window} (재방문 10번 중 "
                      "8번이 이 안에), 단골 기준 방문일 {loyal}일 이상"),
    "churn_no_prediction": ("No predicted value: {reason}", "예측 가치 없음: {reason}"),
    "churn_list_written": ("Wrote {count:,} {lower} customers to {path}.",
                           "{stage} 고객 {count:,}명을 {path}에 저장했습니다."),
    "churn_list_summary": ("{stage}: {count:,} customers who brought {value:,} so far",
                           "{stage} 고객 {count:,}명, 지금까지 구매액 {value:,}"),
    "churn_list_more": ("Showing the {count} most valuable; --out FILE writes all of them.",
                        "가장 가치 있는 {count}명만 표시했습니다. 전체는 --out FILE로 저장하세요."),
    "churn_written": ("Wrote the stage of {count:,} customers to {path}.",
                      "고객 {count:,}명의 단계를 {path}에 저장했습니다."),
    "lifecycle_written": ("Wrote customers per stage at {months} month ends to {path}.",
                          "월별 단계별 고객 수를 {path}에 저장했습니다."),
    "month_end": ("Month end", "월말"),
    "buyers": ("Buyers", "구매 고객"),
    "cohorts_written": ("Wrote the retention of {count:,} cohorts to {path}.",
                        "코호트 {count:,}개의 재구매율을 {path}에 저장했습니다."),
    "cohorts_none": ("No purchases by {as_of} yet: no cohorts.", "{as_of}까지 구매가 없어 코호트가 없습니다."),
    "cohorts_title": ("Retention by month of first purchase as of {as_of}: % of each cohort buying again in month +k",
                      "첫 구매 월별 재구매율, 기준일 {as_of}: 각 코호트 중 k개월 뒤(+k) 다시 구매한 고객의 비율(%)"),
    "cohorts_more": ("Showing months +1 to +{months}; --months N shows more, --out FILE writes all.",
                     "+{months}개월까지만 표시했습니다. 더 보려면 --months N, 전체는 --out FILE."),
    "basket_categories": ("categories", "카테고리"),
    "basket_products": ("products", "상품"),
    "basket_summary": ("{What} bought together as of {as_of}: {receipts:,} receipts, {rules:,} rules (pairs on at "
                       "least {min} receipts)",
                       "함께 팔리는 {what} 기준일 {as_of}: 영수증 {receipts:,}건, 규칙 {rules:,}개 "
                       "(영수증 {min}건 이상)"),
    "basket_written": ("Wrote {count:,} rules to {path}.", "규칙 {count:,}개를 {path}에 저장했습니다."),
    "basket_none": ("No pair sells together more than by chance yet.", "함께 더 잘 팔리는 조합이 아직 없습니다."),
    "recovery_summary": ("Repurchase after a complaint, as of {as_of}: {back:,} of {customers:,} complaining "
                         "customers bought again (each customer's latest complaint at least {days} days old)",
                         "불만 후 재구매 기준일 {as_of}: 불만을 제기한 고객 {customers:,}명 중 {back:,}명이 다시 구매 "
                         "(각 고객의 {days}일 이상 지난 최근 불만 기준)"),
    # reports (cli.reports)
    "report_segments": ("segment report ({customers:,} customers)", "세그먼트 보고서 (고객 {customers:,}명)"),
    "report_calls": ("call list ({customers:,} customers)", "전화 연락 목록 ({customers:,}명)"),
    "report_card": ("customer card", "고객 카드"),
    "report_written": ("Wrote the {what}, {pages} page{s}, to {path}.", "{what}: {pages}쪽을 {path}에 저장했습니다."),
    # campaigns and points (cli.loyalty)
    "no_campaigns": ("No campaigns yet.", "캠페인이 없습니다."),
    "campaign_target": ("target", "대상"),
    "campaign_control": ("control", "통제"),
    "campaign_excluded": ("  excluded {reasons}", "  제외 {reasons}"),
    "campaign_written": ("Wrote {count:,} recipients to {file} (campaign #{id}).",
                         "{file}에 {count:,}명을 저장했습니다 (캠페인 #{id})."),
    "campaign_counts": ("Included {included:,} · control group {control:,} · excluded {excluded:,}",
                        "포함 {included:,}명 · 통제 그룹 {control:,}명 · 제외 {excluded:,}명"),
    "upkeep_done": ("Expired {expired:,} points; {moved:,} tier changes.",
                    "{expired:,}포인트 소멸, 등급 변경 {moved:,}명"),
    "points_rules": ("Earn {earn}% · points expire after {months} months · tiers {tiers}",
                     "적립률 {earn}% · 유효기간 {months}개월 · 등급 {tiers}"),
    **TRUST_WORDS,  # privacy, retention, audit, consent, password, copies, backups, restore, check
    **WORDS_19,
}

# Said in English whatever the language: two refusals of the import's options. A Korean wording moves one to _WORDS.
_WORDS.update(SERVER_WORDS)
_WORDS.update(PROFIT_WORDS)
_WORDS.update(CORE_WORDS)  # demo, customers, info, export, the refusals of bad options and dates
_WORDS.update(IMPORT_WORDS)
_ENGLISH: dict[str, str] = {
    "refused": "crmdesk: {reason}",  # the program's name before any reason, in either language
}

# Table headers: key -> (English, Korean); None where the table is headed in English in both.
_HEADERS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {**LAW_HEADERS, **SELLING_HEADERS,
    "customers": (("ID", "Name", "Phone", "Code", "Tags", "Last purchase", "Visits", "Total spent"),
                  ("번호", "이름", "전화번호", "코드", "태그", "최근 구매", "방문", "총 구매액")),
    "info": (("Customers", "Staff", "Purchases", "Purchase lines", "Contacts", "Feedback items"),
             ("고객", "직원", "구매", "판매 품목", "접촉 기록", "고객의 소리")),
    "import_preview": (("Row", "Customer"), None),
    "backups": (("Time", "Size", "Kind", "File"), ("시각", "크기", "종류", "파일")),
    "rfm": (("Segment", "Customers", "Share", "Revenue share"), ("세그먼트", "고객 수", "고객 비율", "매출 비율")),
    "clv": (("ID", "Name", "P(alive)", "Expected purchases", "Expected avg value", "Historic", "CLV"),
            ("ID", "이름", "생존 확률", "예상 구매", "예상 객단가", "과거 가치", "CLV")),
    "churn_stages": (("Stage", "Customers", "Historic", "Predicted"), ("단계", "고객 수", "과거 가치", "예측 가치")),
    "churn_list": (("ID", "Name", "Phone", "SMS", "Silent (days)", "Usual gap (days)", "Historic", "Predicted"),
                   ("ID", "이름", "전화", "문자 동의", "침묵(일)", "평소 간격(일)", "과거 가치", "예측 가치")),
    "cohorts": (("Cohort", "Customers"), ("코호트", "고객 수")),
    "basket": (("Who buys", "Also buys", "Receipts", "Support", "Confidence", "Lift"),
               ("이것을 사면", "이것도", "영수증", "지지도", "신뢰도", "향상도")),
    "recovery": (("Resolved", "Customers", "Bought again", "Share", "Median days to return"),
                 ("해결까지", "고객 수", "재구매", "비율", "재구매까지 중앙값(일)")),
    "retention": (("ID", "Name", "Last activity", "Visits", "Spent"), ("ID", "이름", "마지막 활동", "방문", "구매액")),
    "audit": (("#", "When", "Who", "Action", "Customer", "Details"), ("#", "시각", "누가", "행위", "고객", "내용")),
    "consent_states": (("Purpose", "State", "Since"), ("목적", "상태", "시점")),
    "consent_history": (("When", "Purpose", "Change", "Method", "Staff"), ("시각", "목적", "변경", "방법", "직원")),
    **HEADERS_19, **PROFIT_HEADERS,
}

# The Korean titles of the files commands write --out, per command: {English title: Korean title}. The English
# title is the column's identifier, written as it is (see file_title).
_FILE_TITLES: dict[str, dict[str, str]] = {**ANALYTICS_FILE_TITLES, **FILE_TITLES_19}

# Why a customer is not on a campaign's list: when it was made (excluded), or when the file was written (dropped;
# campaigns.send_check). The command line writes right after creating, so dropped ones are rare.
_REASONS: dict[str, dict[str, tuple[str, str]]] = {
    "excluded": {
        "no_consent": ("no marketing consent on this channel", "이 채널 수신 동의 없음"),
        "no_phone": ("no phone number", "전화번호 없음"),
        "no_email": ("no e-mail address", "이메일 없음"),
    },
    "dropped": {
        "consent_withdrawn": ("left out now: consent withdrawn", "지금 제외: 수신 동의 철회"),
        "no_phone": ("left out now: no phone number", "지금 제외: 전화번호 없음"),
        "no_email": ("left out now: no e-mail address", "지금 제외: 이메일 없음"),
        "archived": ("left out now: archived", "지금 제외: 보관됨"),
        "merged": ("left out now: merged", "지금 제외: 병합됨"),
        "erased": ("left out now: erased", "지금 제외: 삭제됨"),
    },
}


def say(key: str, lang: str = "en", /, **values: object) -> str:
    """The message ``key`` in ``lang`` ("ko" or "en"), filled with ``values``."""
    if key in _WORDS:
        en, ko = _WORDS[key]
        text = ko if lang == "ko" else en
    else:
        text = _ENGLISH[key]
    return text.format(**values) if values else text


def headers(key: str, lang: str = "en") -> list[str]:
    en, ko = _HEADERS[key]
    return list(ko if lang == "ko" and ko is not None else en)


def file_title(key: str, column: str, lang: str = "en", /, **values: object) -> str:
    """The title of ``column`` in the file command ``key`` writes --out: in English the column's identifier itself
    (customer_id, recency_days: what scripts read, so --headers en never changes a file), in Korean the words a
    shop owner reads in Excel. ``values`` fill a title's ``{name}`` (cohorts' ``month_{k}``, clv's unit)."""
    title = _FILE_TITLES[key][column] if lang == "ko" else column
    return title.format(**values) if values else title


class Words:
    """The command line's words in one language: ``w("rfm_summary", as_of=...)``, ``w.headers("rfm")``."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"the command line speaks ko or en, not {lang!r}")
        self.lang = lang
        self.ko = lang == "ko"

    def __call__(self, key: str, **values: object) -> str:
        return say(key, self.lang, **values)

    def headers(self, key: str) -> list[str]:
        return headers(key, self.lang)

    def file_title(self, key: str, column: str, **values: object) -> str:
        return file_title(key, column, self.lang, **values)

    def file_header(self, key: str, columns: Iterable[str], **values: object) -> list[str]:
        """The titles of a file's ``columns`` (see file_title)."""
        return [file_title(key, column, self.lang, **values) for column in columns]

    def reason(self, kind: str, reason: str) -> str:
        """Why a customer is ``kind`` ("excluded", "dropped") from a campaign; an unknown code as it is."""
        en, ko = _REASONS[kind].get(reason, (reason, reason))
        return ko if self.ko else en
