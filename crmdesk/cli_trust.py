"""Trust sub-commands (issue 8): privacy export/erase, retention, audit, consent, password.

Kept beside cli.py so that file only registers them. The command line runs as the owner: it is the
machine's own user, who can read the database file anyway. Output follows the system language (--lang
overrides), as the analytics commands do.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from crmdesk.errors import CrmError


def _ko(args: argparse.Namespace) -> bool:
    from crmdesk.cli import _system_language

    return (getattr(args, "lang", None) or _system_language()) == "ko"


def _say(args: argparse.Namespace, en: str, ko: str) -> None:
    print(ko if _ko(args) else en)


def _confirm(args: argparse.Namespace, question_en: str, question_ko: str) -> bool:
    if getattr(args, "yes", False):
        return True
    if not sys.stdin.isatty():
        raise CrmError("this cannot be undone and needs confirmation: run it on a terminal, or add --yes.")
    answer = input((question_ko if _ko(args) else question_en) + " [y/N] ")
    return answer.strip().lower() in ("y", "yes", "예", "네")


PASSWORD_ENV = "CRMDESK_PASSWORD"


def privileged(args: argparse.Namespace) -> bool:
    """Commands that take data out, change many cards, erase, read the log or replace the database: with sign-in
    on they run as an owner who proves it (--as NAME and the password), as in the window."""
    command = args.command
    if command in ("export", "import", "privacy", "audit", "restore", "password", "demo"):
        return True
    if command == "backup":
        return getattr(args, "file", None) is not None  # a copy to a file of one's choosing: an export
    if command == "retention":
        return bool(args.erase) or args.set_years is not None
    if command == "campaign":
        return getattr(args, "action", None) == "export"
    if command == "rfm" and getattr(args, "set_segments", None):
        return True
    if command == "customers":  # full phone numbers for an owner who signs in; masked for anyone else
        return getattr(args, "as_name", None) is not None
    return bool(getattr(args, "out", None))  # an analysis table written to a file


def act_as_owner(args: argparse.Namespace, store) -> None:  # noqa: ANN001 - Store
    """With sign-in on, a privileged command signs in an owner first (audited, with the window's lock-out):
    ``--as NAME`` (or the only owner), the password from $CRMDESK_PASSWORD (scripts) or asked on the terminal.
    The command's audit entries then name that owner. With sign-in off, nothing changes: the machine's user."""
    from crmdesk.models import StaffRole
    from crmdesk.services import auth

    if not privileged(args):
        return
    with store.session() as session:
        if not auth.sign_in_required(session):
            return
        people = auth.accounts(session)
    ko = _ko(args)
    owners = [s for s in people if s.role == StaffRole.OWNER.value]
    wanted = getattr(args, "as_name", None)
    if wanted:
        named = [s for s in people if s.name.casefold() == wanted.strip().casefold()]
        if not named:
            raise CrmError(f"{wanted}(으)로 로그인할 수 있는 계정이 없습니다." if ko else
                           f"No account named {wanted} can sign in.")
        if named[0].role != StaffRole.OWNER.value:
            raise CrmError(f"{named[0].name}은(는) 사장님 계정이 아니어서 이 명령을 실행할 수 없습니다." if ko else
                           f"{named[0].name} is not an owner; this command needs an owner's sign-in.")
        owner = named[0]
    elif len(owners) == 1:
        owner = owners[0]
    else:
        names = ", ".join(s.name for s in owners)
        raise CrmError(f"로그인이 켜져 있습니다. 어느 사장님인지 --as 이름으로 알려 주세요 ({names})." if ko else
                       f"Sign-in is on: say which owner runs this with --as NAME ({names}).")
    secret = os.environ.get(PASSWORD_ENV)
    if secret is None:
        if not sys.stdin.isatty():
            raise CrmError(f"로그인이 켜져 있어 {owner.name}의 비밀번호가 필요합니다. 터미널에서 실행하거나 "
                           f"{PASSWORD_ENV}에 넣으세요." if ko else
                           f"Sign-in is on: this needs {owner.name}'s password or PIN. Run it on a terminal, or "
                           f"put it in {PASSWORD_ENV}.")
        secret = getpass.getpass(f"{owner.name} 비밀번호/PIN: " if ko else f"{owner.name}'s password or PIN: ")
    store.actor = auth.sign_in(store, owner.id, secret)


def owner_for_file(args: argparse.Namespace, db: Path) -> object:
    """act_as_owner for the commands that work on the file itself (backup FILE, restore): something holding the
    signed-in actor for ``by=``, or None (sign-in off, or a database too damaged or old to hold accounts)."""
    from types import SimpleNamespace

    from sqlalchemy.exc import SQLAlchemyError

    from crmdesk.store import open_store

    if not privileged(args) or not db.exists():
        return None
    try:
        store = open_store(db, migrate=False)
    except CrmError:
        return None
    try:
        try:
            act_as_owner(args, store)
        except SQLAlchemyError:  # older than sign-in (no password column) or damaged: nobody can sign in
            return None
        return SimpleNamespace(actor=store.actor) if store.actor is not None else None
    finally:
        store.close()


def reads_only(args: argparse.Namespace) -> bool:
    """Commands that only read: pointed at a file that does not exist (a typo in --db), they must say so, not
    create an empty database and answer "0 entries"."""
    command = args.command
    if command in ("audit", "info"):
        return True
    if command == "consent":
        return not (args.grant or args.withdraw)
    if command == "privacy":
        return args.privacy_what == "export"
    if command == "retention":
        return not args.erase and args.set_years is None
    return False


def refuse_missing_database(args: argparse.Namespace, target: str) -> None:
    from crmdesk.store.engine import database_url, sqlite_path

    path = sqlite_path(database_url(target))
    if reads_only(args) and path is not None and not path.exists():
        raise CrmError(f"{path}에 데이터베이스가 없습니다. --db를 확인하세요 (새로 만들지 않았습니다)." if _ko(args)
                       else f"There is no database at {path}; check --db (nothing was created).")


def _years(text: str) -> int:
    """--years and --set-years: a whole number from 1 to 50, refused before anything is read."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of years") from None
    if not 1 <= value <= 50:
        raise argparse.ArgumentTypeError(f"the retention period is 1 to 50 years, not {value}")
    return value


def add_parsers(sub, db: argparse.ArgumentParser, epilog: str, date_arg) -> None:  # noqa: ANN001
    from crmdesk.services.consent import METHODS, Purpose

    priv = sub.add_parser("privacy", parents=[db], epilog=epilog, help="one customer's data: export or erase",
                          description="Privacy rights of one customer: export everything the shop holds about "
                                      "them, or erase their personal data (purchases stay as anonymous figures).")
    priv_sub = priv.add_subparsers(dest="privacy_what", metavar="WHAT", required=True)
    exp = priv_sub.add_parser("export", parents=[db], epilog=epilog, help="write one customer's data to a file",
                              description="Write the card, purchases, contacts, feedback and consent history of "
                                          "one customer to FILE: .xlsx (one sheet each, readable) or .json.")
    exp.add_argument("id", type=int, metavar="ID", help="customer number")
    exp.add_argument("file", metavar="FILE", help="output file, .xlsx or .json")
    era = priv_sub.add_parser("erase", parents=[db], epilog=epilog, help="erase one customer's personal data",
                              description="Erase a customer's personal data for good: the card becomes anonymous "
                                          "and archived, notes about them are blanked, consent is withdrawn; "
                                          "purchases stay so the shop's totals are right. Cannot be undone.")
    era.add_argument("id", type=int, metavar="ID", help="customer number")
    era.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    ret = sub.add_parser("retention", parents=[db], epilog=epilog, help="customers inactive for years: review, erase",
                         description="List customers with no purchase, contact, feedback or edit for the retention "
                                     "period (default 3 years, a shop setting); --erase erases all of them in one "
                                     "audited step.")
    ret.add_argument("--years", type=_years, metavar="N", help="inactive for N years (default: the shop's setting)")
    ret.add_argument("--set-years", type=_years, metavar="N", help="store N years as the shop's retention period")
    ret.add_argument("--erase", action="store_true", help="erase every customer listed (asks unless --yes)")
    ret.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    ret.add_argument("--limit", type=int, default=50, metavar="N", help="list at most N (default 50; 0 = all)")

    aud = sub.add_parser("audit", parents=[db], epilog=epilog, help="who viewed, changed, exported, erased what",
                         description="Show the audit log, newest first, filtered by person, action, customer "
                                     "and date.")
    aud.add_argument("--staff", metavar="NAME", help="only this person (or 'command line')")
    aud.add_argument("--action", metavar="ACTION", help="view, change, export, merge, erase, sign_in, ...")
    aud.add_argument("--customer", type=int, metavar="ID", help="only entries about this customer")
    aud.add_argument("--from", dest="start", type=date_arg, metavar="DATE", help="from this day on")
    aud.add_argument("--to", dest="end", type=date_arg, metavar="DATE", help="up to this day, included")
    aud.add_argument("--limit", type=int, default=50, metavar="N", help="at most N entries (default 50)")

    con = sub.add_parser("consent", parents=[db], epilog=epilog, help="show or record a customer's consent",
                         description="Show a customer's consent per purpose and its history, or record a grant "
                                     "or withdrawal.")
    con.add_argument("id", type=int, metavar="ID", help="customer number")
    group = con.add_mutually_exclusive_group()
    group.add_argument("--grant", choices=[p.value for p in Purpose], metavar="PURPOSE",
                       help="record a grant: " + ", ".join(p.value for p in Purpose))
    group.add_argument("--withdraw", choices=[p.value for p in Purpose], metavar="PURPOSE",
                       help="record a withdrawal")
    con.add_argument("--method", choices=METHODS, default="paper", help="how it was given (default paper)")

    pw = sub.add_parser("password", parents=[db], epilog=epilog, help="set or clear a staff member's password/PIN",
                        description="Set a staff member's password or PIN (asked twice, not echoed; or read from "
                                    "stdin), or --clear it. Sign-in is on while any active account has one; then "
                                    "an owner signs in first (--as NAME), and can reset anyone's, another owner's "
                                    "forgotten one too.")
    pw.add_argument("staff_id", type=int, metavar="STAFF_ID", help="staff number (see the Staff screen)")
    pw.add_argument("--clear", action="store_true", help="remove the password: this person cannot sign in")


def cmd_privacy(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.services import privacy

    if args.privacy_what == "export":
        path = privacy.export_customer(store, args.id, Path(args.file), language="ko" if _ko(args) else "en")
        _say(args, f"Wrote customer #{args.id}'s data to {path}.", f"고객 #{args.id}의 정보를 {path}에 저장했습니다.")
        return 0
    with store.session() as session:
        from crmdesk.services.customers import get_customer

        name = get_customer(session, args.id).name
    if not _confirm(args, f"Erase {name} (#{args.id}) for good? This cannot be undone.",
                    f"{name}(#{args.id}) 고객의 개인정보를 영구 삭제할까요? 되돌릴 수 없습니다."):
        _say(args, "Nothing was erased.", "삭제하지 않았습니다.")
        return 1
    with store.session() as session:
        erased = privacy.erase_customer(session, args.id, confirm=True)
    _say(args, f"Erased {len(erased)} card(s): #{', #'.join(map(str, erased))}; purchases kept anonymously.",
         f"카드 {len(erased)}장을 삭제했습니다: #{', #'.join(map(str, erased))} (구매 기록은 익명으로 남음).")
    return 0


def cmd_retention(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.cli import print_table
    from crmdesk.services import privacy

    with store.session() as session:
        if args.set_years is not None:
            privacy.set_retention_years(session, args.set_years)
        years = args.years if args.years is not None else privacy.retention_years(session)
        found = privacy.inactive_customers(session, years=years)
    ko = _ko(args)
    shown = found if args.limit <= 0 else found[:args.limit]
    if shown:
        print_table(["ID", "이름" if ko else "Name", "마지막 활동" if ko else "Last activity",
                     "방문" if ko else "Visits", "구매액" if ko else "Spent"],
                    [(str(c.id), c.name, f"{c.last_activity:%Y-%m-%d}", f"{c.visits:,}", f"{c.total_spent:,}")
                     for c in shown], right={0, 3, 4})
    _say(args, f"{len(found):,} customers inactive for {years} years or more.",
         f"{years}년 이상 활동이 없는 고객 {len(found):,}명.")
    if not args.erase or not found:
        return 0
    if not _confirm(args, f"Erase all {len(found):,} of them for good?", f"{len(found):,}명을 모두 영구 삭제할까요?"):
        _say(args, "Nothing was erased.", "삭제하지 않았습니다.")
        return 1
    with store.session() as session:
        erased = privacy.erase_inactive(session, [c.id for c in found], years=years, confirm=True)
    _say(args, f"Erased {len(erased):,} cards; their purchases stay as anonymous figures.",
         f"카드 {len(erased):,}장을 삭제했습니다. 구매 기록은 익명으로 남습니다.")
    return 0


def cmd_audit(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.cli import print_table
    from crmdesk.services import audit

    query = audit.AuditQuery(actor=args.staff, action=args.action, customer_id=args.customer, start=args.start,
                             end=args.end)
    with store.session() as session:
        entries = audit.list_entries(session, query, limit=max(args.limit, 1))
    ko = _ko(args)
    if entries:
        print_table(["#", "시각" if ko else "When", "누가" if ko else "Who", "행위" if ko else "Action",
                     "고객" if ko else "Customer", "내용" if ko else "Details"],
                    [(str(e.id), f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.action,
                      "" if e.customer_id is None else f"#{e.customer_id}",
                      e.details if len(e.details) <= 80 else e.details[:77] + "...") for e in entries], right={0})
    _say(args, f"{len(entries)} entries shown.", f"{len(entries)}건 표시.")
    return 0


def cmd_consent(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.cli import print_table
    from crmdesk.services import consent

    with store.session() as session:
        if args.grant or args.withdraw:
            consent.record_consent(session, args.id, args.grant or args.withdraw, bool(args.grant),
                                   method=args.method)
        consent.customer_consents(session, args.id)  # NotFound, with its message, for no such card
        history = consent.consent_history(session, args.id)
        states = consent.states_of(history)
    ko = _ko(args)
    yes, no = ("동의", "미동의") if ko else ("granted", "not granted")
    print_table(["목적" if ko else "Purpose", "상태" if ko else "State", "시점" if ko else "Since"],
                [(p.value, yes if s.granted else no, f"{s.since:%Y-%m-%d %H:%M}" if s.since else "")
                 for p, s in states.items()])
    print()
    print_table(["시각" if ko else "When", "목적" if ko else "Purpose", "변경" if ko else "Change",
                 "방법" if ko else "Method", "직원" if ko else "Staff"],
                [(f"{h.at:%Y-%m-%d %H:%M}", h.purpose.value, yes if h.granted else no, h.method, h.staff_name or "")
                 for h in history])
    return 0


def cmd_password(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.services import auth

    secret = None
    if not args.clear:
        if sys.stdin.isatty():
            secret = getpass.getpass("Password or PIN: ")
            if getpass.getpass("Again: ") != secret:
                raise CrmError("the two entries differ; nothing was changed.")
        else:
            secret = sys.stdin.readline().rstrip("\n")
    with store.session() as session:
        member = auth.set_password(session, args.staff_id, secret)
    if secret is None:
        _say(args, f"{member.name} has no password now.", f"{member.name}의 비밀번호를 지웠습니다.")
    else:
        _say(args, f"{member.name} signs in with the new password or PIN.",
             f"{member.name}의 새 비밀번호(PIN)를 저장했습니다.")
    return 0


COMMANDS = {"privacy": cmd_privacy, "retention": cmd_retention, "audit": cmd_audit, "consent": cmd_consent,
            "password": cmd_password}
