"""`crmdesk backup`, `backups`, `restore` and `check`: they work on the database file itself, so they run
without opening (or upgrading) the store, and a damaged database is no obstacle."""

from __future__ import annotations

import argparse
import sys

from crmdesk.cli.common import confirm, database_file, owner_for_file, print_table, words
from crmdesk.errors import CrmError


def cmd_backup(args: argparse.Namespace) -> int:
    w = words(args)
    from crmdesk.store import backups

    if args.keep < 1:
        raise CrmError(w("at_least_one", option="--keep"))
    db = database_file(args)
    made = backups.backup(db, args.file, keep=args.keep, by=owner_for_file(args, db),
                          force=getattr(args, "force", False))
    print(w("backed_up", path=made, size=made.stat().st_size))
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    w = words(args)
    from crmdesk.store import backups

    db = database_file(args)
    if getattr(args, "remove_erased", False):
        return _remove_erased(args, db)
    found = backups.list_backups(db)
    if not found:
        print(w("no_backups", folder=backups.backups_dir(db)))
        return 0
    holding = backups.backups_holding_erased(db)

    def kind(b) -> str:
        text = w("backup_automatic" if b.automatic else "backup_before_restore")
        return text + w("backup_holds_erased", count=holding[b.path]) if b.path in holding else text

    print_table(w.headers("backups"),
                [(b.created.strftime("%Y-%m-%d %H:%M:%S"), f"{b.size:,}", kind(b), str(b.path)) for b in found],
                right={1})
    print(w("backups_found", count=len(found), s="s" if len(found) != 1 else "", folder=backups.backups_dir(db)))
    for path in backups.upgrade_copies(db):
        if path in holding:
            print(w("upgrade_copy_holds_erased", path=path, count=holding[path]))
    if holding:
        print(w("backups_holding_erased", count=len(holding)))
    return 0


def _remove_erased(args: argparse.Namespace, db) -> int:
    """--remove-erased: delete the backups that still hold erased customers (the owner signs in, confirms)."""
    w = words(args)
    from crmdesk.store import backups

    owner = owner_for_file(args, db)  # first: which backups hold whom is itself for the owner to see
    holding = backups.backups_holding_erased(db)
    if not holding:
        print(w("no_backups_holding_erased"))
        return 0
    if not confirm(w("remove_erased_question", count=len(holding)), w("needs_yes"), yes=args.yes):
        print(w("nothing_removed"))
        return 1
    removed = backups.remove_backups_holding_erased(db, yes=True, by=owner)
    for path in removed:
        print(w("backup_removed", path=path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    w = words(args)
    from crmdesk.services import restoring

    db = database_file(args)
    if not confirm(w("restore_question", db=db, file=args.file), w("restore_needs_yes"), yes=args.yes):
        print(w("nothing_restored"))
        return 1
    owner = owner_for_file(args, db)
    result = restoring.restore_backup(args.file, db, by=owner)
    print(w("restored", db=db, file=result.restored_from))
    if result.previous is not None:
        print(w("restore_previous", path=result.previous))
    if result.erased_again:
        print(w("erased_again", count=len(result.erased_again), ids=", #".join(map(str, result.erased_again))))
    if result.erasures_unknown:
        print(w("restore_erasures_unknown"), file=sys.stderr)
    if result.sign_in_dropped:
        print(w("restore_sign_in_dropped"), file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    w = words(args)
    from crmdesk.services import audit_check
    from crmdesk.store import backups

    db = database_file(args)
    problems = backups.check(db)
    problems = problems or audit_check.audit_problems(db)  # a sound file: then its audit log and triggers
    if problems:
        for problem in problems:
            print(w("refused", reason=problem), file=sys.stderr)
        print(w("check_problems", db=db, count=len(problems), s="s" if len(problems) != 1 else ""),
              file=sys.stderr)
        return 1
    print(w("check_sound", db=db))
    return 0
