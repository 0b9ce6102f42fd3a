"""Trust commands (issue 8): `crmdesk privacy export|erase`, `retention`, `audit`, `consent`, `password`.

Output follows the system language (--lang overrides), as the analytics commands do.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from crmdesk.cli.common import confirm, database_file, owner_for_file, print_table, words
from crmdesk.cli.texts import Words
from crmdesk.errors import CrmError


def _confirmed(args: argparse.Namespace, w: Words, key: str, **values: object) -> bool:
    """Asks the question ``key`` unless --yes; says that nothing was erased when the answer is no."""
    if confirm(w(key, **values), w("needs_yes"), yes=getattr(args, "yes", False)):
        return True
    print(w("nothing_erased"))
    return False


def cmd_privacy(args: argparse.Namespace, store) -> int:
    from crmdesk.services import privacy

    w = words(args)
    if args.privacy_what == "export":
        path = privacy.export_customer(store, args.id, Path(args.file), language=w.lang)
        print(w("privacy_exported", id=args.id, path=path))
        return 0
    with store.session() as session:
        from crmdesk.services.customers import get_customer

        name = get_customer(session, args.id).name
    if not _confirmed(args, w, "erase_question", name=name, id=args.id):
        return 1
    with store.session() as session:
        erased = privacy.erase_customer(session, args.id, confirm=True)
    print(w("erased_cards", count=len(erased), ids=", #".join(map(str, erased))))
    return _empty_wal(store, session, w)


def cmd_retention(args: argparse.Namespace, store) -> int:
    from crmdesk.services import privacy

    with store.session() as session:
        if args.set_years is not None:
            privacy.set_retention_years(session, args.set_years)
        years = args.years if args.years is not None else privacy.retention_years(session)
        found = privacy.inactive_customers(session, years=years)
    w = words(args)
    shown = found if args.limit <= 0 else found[:args.limit]
    if shown:
        print_table(w.headers("retention"),
                    [(str(c.id), c.name, f"{c.last_activity:%Y-%m-%d}", f"{c.visits:,}", f"{c.total_spent:,}")
                     for c in shown], right={0, 3, 4})
    print(w("inactive_found", count=len(found), years=years))
    if not args.erase or not found:
        return 0
    if not _confirmed(args, w, "erase_all_question", count=len(found)):
        return 1
    with store.session() as session:
        erased = privacy.erase_inactive(session, [c.id for c in found], years=years, confirm=True)
    print(w("erased_inactive", count=len(erased)))
    return _empty_wal(store, session, w)


WAL_RETRY_SECONDS = 30.0


def _empty_wal(store, session, w: Words) -> int:
    """The erase is committed; when another program kept the old pages in the write-ahead log, say so, wait for
    it a while, and say how it ended (exit 3 when the erased values are still in the -wal file)."""
    from crmdesk.services import privacy

    if not privacy.wal_left_behind(session):
        return 0
    wal = f"{store.path}-wal"
    print(w("wal_busy", wal=wal, seconds=int(WAL_RETRY_SECONDS)), file=sys.stderr)
    if privacy.checkpoint_wal(store.engine, seconds=WAL_RETRY_SECONDS):
        print(w("wal_emptied", wal=wal))
        return 0
    print(w("wal_left", wal=wal), file=sys.stderr)
    return 3


def cmd_audit(args: argparse.Namespace, store) -> int:
    from crmdesk.services import audit

    query = audit.AuditQuery(actor=args.staff, action=args.action, customer_id=args.customer, start=args.start,
                             end=args.end)
    with store.session() as session:
        entries = audit.list_entries(session, query, limit=max(args.limit, 1))
    w = words(args)
    if entries:
        print_table(w.headers("audit"),
                    [(str(e.id), f"{audit.local_time(e):%Y-%m-%d %H:%M:%S}", e.actor, e.action,
                      "" if e.customer_id is None else f"#{e.customer_id}",
                      e.details if len(e.details) <= 80 else e.details[:77] + "...") for e in entries], right={0})
    print(w("entries_shown", count=len(entries)))
    return 0


def cmd_consent(args: argparse.Namespace, store) -> int:
    from crmdesk.services import consent

    # immediate: it reads the card, then writes the event; it waits for an import's write lock instead of failing.
    with store.session(immediate=bool(args.grant or args.withdraw)) as session:
        if args.grant or args.withdraw:
            consent.record_consent(session, args.id, args.grant or args.withdraw, bool(args.grant),
                                   method=args.method, staff_id=getattr(store.actor, "staff_id", None))
        consent.customer_consents(session, args.id)  # NotFound, with its message, for no such card
        history = consent.consent_history(session, args.id)
        states = consent.states_of(history)
    w = words(args)
    yes, no = w("granted"), w("not_granted")
    print_table(w.headers("consent_states"),
                [(p.value, yes if s.granted else no, f"{s.since:%Y-%m-%d %H:%M}" if s.since else "")
                 for p, s in states.items()])
    print()
    print_table(w.headers("consent_history"),
                [(f"{h.at:%Y-%m-%d %H:%M}", h.purpose.value, yes if h.granted else no, h.method, h.staff_name or "")
                 for h in history])
    return 0


def cmd_password(args: argparse.Namespace, store) -> int:
    from crmdesk.services import auth

    secret = None
    w = words(args)
    if args.recovery_code and args.clear:
        raise CrmError(w("recovery_not_clear"))
    if not args.clear:
        if sys.stdin.isatty():
            secret = getpass.getpass(w("password_new"))
            if getpass.getpass(w("password_again")) != secret:
                raise CrmError(w("passwords_differ"))
        else:
            secret = sys.stdin.readline().rstrip("\r\n")  # one line, and nothing more is read or asked
    if args.recovery_code and secret is not None:  # no sign-in before this: the code is the proof
        who, next_code = auth.recover(store, args.staff_id, args.recovery_code, secret)
        print(w("password_set", name=who.name))
        print(w("recovery_code", name=who.name, code=next_code, id=who.staff_id))
        return 0
    with store.session() as session:
        member, first_code = auth.set_password_with_code(session, args.staff_id, secret)
    print(w("password_cleared" if secret is None else "password_set", name=member.name))
    if first_code:
        print(w("recovery_code", name=member.name, code=first_code, id=member.id))
    if secret is not None and store.path is not None:
        _offer_for_open_copies(store, w)
    return 0


def _offer_for_open_copies(store, w: Words) -> None:
    """Sign-in is on now: copies taken before it open unasked. Say so; on a terminal offer to protect or remove
    them, off one print how (a script that sets a password is asked nothing more)."""
    found = _open_copies(store)
    if not found:
        return
    _list_open_copies(found, w)
    if not sys.stdin.isatty():
        print(w("open_copies_how"))
        return
    answer = input(w("open_copies_question")).strip().lower()
    if answer in ("p", "ㅔ"):
        _protect(store, found, w)
    elif answer in ("r", "ㄱ"):
        _remove(store, found, w)


def _open_copies(store) -> list:
    from crmdesk.services import open_copies

    return open_copies.find(store)


def _list_open_copies(found: list, w: Words) -> None:
    print(w("open_copies_found", count=len(found)))
    for copy in found:
        print(f"  {copy.path}" + ("" if copy.protectable else f"  {w('open_copy_cannot')}"))


def _protect(store, found: list, w: Words) -> None:
    from crmdesk.services import open_copies

    result = open_copies.protect(store, found)
    print(w("open_copies_protected", count=len(result.done)))
    if result.left:
        print(w("open_copies_left", count=len(result.left)))


def _remove(store, found: list, w: Words) -> None:
    from crmdesk.services import open_copies

    print(w("open_copies_removed", count=len(open_copies.remove(store, found))))


def cmd_open_copies(args: argparse.Namespace) -> int:
    """`crmdesk backups --protect | --remove-open`: the owner of the live database deals with the copies that
    open without a password."""
    from crmdesk.services import auth
    from crmdesk.store import open_store

    w = words(args)
    db = database_file(args)
    owner = owner_for_file(args, db)
    store = open_store(db)
    store.actor = getattr(owner, "actor", None)
    try:
        with store.session() as session:
            if not auth.sign_in_required(session):
                raise CrmError(w("open_copies_sign_in_off"))
        found = _open_copies(store)
        if not found:
            print(w("open_copies_none"))
            return 0
        _list_open_copies(found, w)
        (_protect if args.protect else _remove)(store, found, w)
    finally:
        store.close()
    return 0
