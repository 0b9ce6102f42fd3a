"""`crmdesk backup`, `backups`, `restore` and `check`: they work on the database file itself, so they run
without opening (or upgrading) the store, and a damaged database is no obstacle."""

from __future__ import annotations

import argparse
import sys

from crmdesk.cli.common import confirm, database_file, owner_for_file, print_table
from crmdesk.cli.texts import headers, say
from crmdesk.errors import CrmError


def cmd_backup(args: argparse.Namespace) -> int:
    from crmdesk.store import backups

    if args.keep < 1:
        raise CrmError(say("at_least_one", option="--keep"))
    db = database_file(args)
    made = backups.backup(db, args.file, keep=args.keep, by=owner_for_file(args, db))
    print(say("backed_up", path=made, size=made.stat().st_size))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from crmdesk.store import backups

    db = database_file(args)
    found = backups.list_backups(db)
    if not found:
        print(say("no_backups", folder=backups.backups_dir(db)))
        return 0
    print_table(headers("backups"),
                [(b.created.strftime("%Y-%m-%d %H:%M:%S"), f"{b.size:,}",
                  say("backup_automatic" if b.automatic else "backup_before_restore"), str(b.path)) for b in found],
                right={1})
    print(say("backups_found", count=len(found), s="s" if len(found) != 1 else "", folder=backups.backups_dir(db)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from crmdesk.store import backups

    db = database_file(args)
    if not confirm(say("restore_question", db=db, file=args.file), say("restore_needs_yes"), yes=args.yes):
        print(say("nothing_restored"))
        return 1
    owner = owner_for_file(args, db)
    result = backups.restore(args.file, db, yes=True, by=owner)
    print(say("restored", db=db, file=result.restored_from))
    if result.previous is not None:
        print(say("restore_previous", path=result.previous))
    if result.erased_since:
        again = _erase_again(db, owner, result.erased_since)
        print(say("erased_again", count=len(again), ids=", #".join(map(str, again))))
    return 0


def _erase_again(db, owner: object, erased_since) -> list[int]:
    """Customers erased since the backup was taken are in it again: erase them again, as the same owner."""
    from crmdesk.services import privacy
    from crmdesk.store import open_store

    store = open_store(db)  # upgrades a backup from an older crmdesk first
    store.actor = getattr(owner, "actor", None)
    try:
        with store.session() as session:
            return privacy.erase_again_after_restore(session, erased_since)
    finally:
        store.close()


def cmd_check(args: argparse.Namespace) -> int:
    from crmdesk.services import audit_check
    from crmdesk.store import backups

    db = database_file(args)
    problems = backups.check(db)
    problems = problems or audit_check.audit_problems(db)  # a sound file: then its audit log and triggers
    if problems:
        for problem in problems:
            print(say("refused", reason=problem), file=sys.stderr)
        print(say("check_problems", db=db, count=len(problems), s="s" if len(problems) != 1 else ""),
              file=sys.stderr)
        return 1
    print(say("check_sound", db=db))
    return 0
