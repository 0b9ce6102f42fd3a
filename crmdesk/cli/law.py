"""Commands and options of issue 17: the shop's details (`settings`), consent that was really given
(`consent --unconfirmed`, `consent --due` with the re-confirmation notice), advertising messages
(`campaign export --message`), the stated consent of an import and the reason for every export (`--reason`)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from crmdesk.cli.common import in_language, language, print_table, validation_refusal, words
from crmdesk.cli.texts import HELP, LANGUAGE_CHOICES
from crmdesk.cli.texts_law import PURPOSE_WORDS
from crmdesk.errors import CrmError, ValidationError
from crmdesk.normalise import mask_phone

EXPORTS = ("export customers", "export touchpoints", "export feedback", "export sales", "campaign export",
           "privacy export")
# Files of personal data the other commands write: report PDFs that list customers (names, phones; in full with
# --full-phones), and the analyses whose --out table has a row per customer (or per staff member): each takes
# --reason too, required once sign-in is on when the file is written.
REPORTS = ("report segments", "report calls", "report card")
PERSONAL_OUT = ("rfm", "pareto", "clv", "churn", "staff")


def _send_at(text: str, lang: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        from crmdesk.cli.texts import say

        raise argparse.ArgumentTypeError(say("bad_send_at", lang, text=text)) from None


def add_options(sub, commands, found: dict[str, argparse.ArgumentParser]) -> None:
    """The `settings` command and this issue's options on the commands the parser already has (``commands``: the
    parser's cli.parser._Commands, which adds a command and knows the language of the type checks)."""
    add = commands.add
    st = add(sub, "settings")
    st.add_argument("--shop-name", metavar="NAME", help=HELP["settings --shop-name"])
    st.add_argument("--shop-phone", metavar="PHONE", help=HELP["settings --shop-phone"])
    st.add_argument("--shop-address", metavar="TEXT", help=HELP["settings --shop-address"])
    st.add_argument("--opt-out", metavar="NUMBER", help=HELP["settings --opt-out"])
    st.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS, help=HELP["loyalty --lang"])
    con = found["consent"]
    for action in con._actions:  # the card number becomes optional: the lists name no card
        if action.dest == "id":
            action.nargs, action.help = "?", HELP["consent ID"]
    lists = con.add_mutually_exclusive_group()
    lists.add_argument("--unconfirmed", action="store_true", help=HELP["consent --unconfirmed"])
    lists.add_argument("--due", action="store_true", help=HELP["consent --due"])
    con.add_argument("--notice-file", metavar="FILE", help=HELP["consent --notice-file"])
    con.add_argument("--notice-sent", action="store_true", help=HELP["consent --notice-sent"])
    con.add_argument("--encoding", choices=["utf-8", "cp949"], default="utf-8", help=HELP["consent --encoding"])
    con.add_argument("--reason", metavar="TEXT", help=HELP["consent --reason"])
    imp = found["import customers"]
    imp.add_argument("--consent-source", metavar="TEXT", help=HELP["import --consent-source"])
    imp.add_argument("--consent-date", type=commands.date, metavar="DATE", help=HELP["import --consent-date"])
    camp = found["campaign export"]
    camp.add_argument("--message", metavar="TEXT", help=HELP["campaign export --message"])
    camp.add_argument("--notice", action="store_true", help=HELP["campaign export --notice"])
    camp.add_argument("--send-at", type=in_language(_send_at, commands.lang), metavar='"YYYY-MM-DD HH:MM"',
                      help=HELP["campaign export --send-at"])
    for path in (*EXPORTS, *REPORTS, *PERSONAL_OUT):
        found[path].add_argument("--reason", metavar="TEXT", help=HELP["export --reason"])
    kinds = next(a for a in found["report"]._actions if isinstance(a, argparse._SubParsersAction))
    form = add(kinds, "report consent-form")
    form.add_argument("--pdf", required=True, metavar="FILE", help=HELP["report --pdf"])
    form.add_argument("--customer", type=int, metavar="ID", help=HELP["report consent-form --customer"])
    form.add_argument("--lang", choices=LANGUAGE_CHOICES, default=argparse.SUPPRESS, help=HELP["report --lang"])


@contextmanager
def export_reason(args: argparse.Namespace, store) -> Iterator[None]:
    """A command with --reason: required once sign-in is on; kept with every export entry it writes."""
    if not hasattr(args, "reason"):
        yield
        return
    from crmdesk.access import sign_in_on
    from crmdesk.services import export_reason as stated

    reason = stated.clean_reason(args.reason)
    if not reason and _exports(args) and sign_in_on(store):  # once sign-in is on, an export says why
        raise CrmError(words(args)("reason_needed"))
    with stated.export_reason(reason):
        yield


def _exports(args: argparse.Namespace) -> bool:
    """Whether this command line writes a file of personal data (then a reason is required once sign-in is on)."""
    if args.command == "consent":
        return bool(getattr(args, "notice_file", None))
    if args.command in PERSONAL_OUT:  # the table of customers (or staff); the lifecycle counts are the shop's
        other = ("stages", "show_segments", "set_segments", "default_segments")  # no table of people written
        return bool(args.out) and not any(getattr(args, name, None) for name in other)
    if args.command == "report" and args.what == "segments":
        return args.list_limit != 0  # without the customer lists the report holds only the shop's figures
    return True


def stated_consent(args: argparse.Namespace):
    """import customers --consent-source/--consent-date: both or neither."""
    source, day = getattr(args, "consent_source", None), getattr(args, "consent_date", None)
    if bool(source and source.strip()) != bool(day):
        raise CrmError(words(args)("consent_source_pair"))
    return (source.strip(), day) if day else None


# --- the consent form -------------------------------------------------------------------------------------------

def cmd_consent_form(args: argparse.Namespace, store) -> int:
    """report consent-form --pdf FILE [--customer ID]: the A4 form, blank or with the card's name and phone."""
    w, path = words(args), Path(args.pdf)
    if path.suffix.lower() != ".pdf":
        raise CrmError(w("pdf_suffix", file=args.pdf))
    if not path.parent.exists():
        raise CrmError(w("pdf_folder", file=args.pdf, folder=path.parent))
    from crmdesk.reports.consent_form import form_for
    from crmdesk.reports.render import write_pdf  # Qt, loaded only now

    pages = write_pdf(form_for(store, args.customer, language(args)), path)
    print(words(args)("form_written", pages=pages, path=path))
    return 0


# --- settings ----------------------------------------------------------------------------------------------------

def cmd_settings(args: argparse.Namespace, store) -> int:
    from crmdesk.services import shop

    w = words(args)
    changes = {"name": args.shop_name, "phone": args.shop_phone, "address": args.shop_address,
               "opt_out": args.opt_out}
    with store.session() as session:
        if any(v is not None for v in changes.values()):
            try:
                shop.set_shop_details(session, **changes)
            except ValidationError as err:
                raise validation_refusal(err) from None
            print(w("settings_saved"))
        details = shop.shop_details(session)
    unset = w("not_set")
    print(w("shop_details", name=details.name or unset, phone=details.phone_shown or unset,
            address=details.address or unset, opt_out=details.opt_out_shown or unset))
    return 0


# --- consent lists -----------------------------------------------------------------------------------------------

def cmd_consent_lists(args: argparse.Namespace, store) -> int:
    """consent --unconfirmed | --due [--notice-file FILE] [--notice-sent]."""
    from crmdesk.services import consent_review

    w = words(args)
    if (args.notice_file or args.notice_sent) and not args.due:
        raise CrmError(w("options_need_due"))
    if args.unconfirmed:
        with store.session() as session:
            rows = consent_review.unconfirmed(session)
        print_table(w.headers("unconfirmed"), [(str(r.id), r.name, mask_phone(r.phone), f"{r.created_at:%Y-%m-%d}")
                                               for r in rows], right={0})
        print(w("unconfirmed_count", count=len(rows)))
        return 0
    lang = language(args)
    with store.session(immediate=bool(args.notice_sent)) as session:
        due = consent_review.due(session)
        print_table(w.headers("due"), [(str(d.id), d.name, mask_phone(d.phone), f"{d.since:%Y-%m-%d}",
                                        ", ".join(_purpose(p, lang) for p in d.purposes)) for d in due], right={0})
        print(w("due_count", count=len(due)))
        if args.notice_file:
            count = _write_notice(session, due, Path(args.notice_file), args.encoding, lang)
            print(w("notice_written", count=count, path=args.notice_file))
        if args.notice_sent:
            from crmdesk.access import Permission, actor_of, require

            require(session, Permission.CONSENT)
            staff_id = getattr(store.actor, "staff_id", None)
            count = consent_review.record_notice(session, due, staff_id=staff_id)
            print(w("notice_recorded", count=count, name=actor_of(store).name))
    return 0


def _purpose(purpose: str, lang: str) -> str:
    en, ko = PURPOSE_WORDS[str(purpose)]
    return ko if lang == "ko" else en


def _write_notice(session, due: list, path: Path, encoding: str, lang: str) -> int:
    """The re-confirmation notice per customer: a notice (no ad marking), its own text per row."""
    from crmdesk.cli.texts import say
    from crmdesk.services import ad_messages, shop

    details = shop.shop_details(session)
    unset = say("not_set", lang)
    rows = []
    for d in due:
        text = say("notice_text", lang, shop=details.name or unset, day=f"{d.since:%Y-%m-%d}",
                   purposes=", ".join(_purpose(p, lang) for p in d.purposes),
                   opt_out=details.opt_out_shown or unset, phone=details.phone_shown or unset)
        rows.append(ad_messages.Recipient(d.id, d.phone or "", d.name, text, {}))
    composed = ad_messages.Composed([r for r in rows if r.address], [])
    return ad_messages.write_messages(session, composed, path, encoding=encoding)


# --- campaign messages -------------------------------------------------------------------------------------------

def cmd_campaign_message(args: argparse.Namespace, store) -> int:
    """campaign export ... --message TEXT: the composed message per recipient, a preview of three."""
    from crmdesk.models import CampaignMember
    from crmdesk.services import ad_messages, campaigns

    w = words(args)
    spec = ad_messages.MessageSpec(args.message, notice=args.notice, send_at=args.send_at)
    try:
        outcome = campaigns.export_segment(store, args.segment, args.channel, Path(args.file),
                                           encoding=args.encoding, headers=args.headers,
                                           control_percent=args.control, seed=args.seed, offer_code=args.code,
                                           days=args.days, message=spec)
    except ValidationError as err:
        raise validation_refusal(err) from None
    print(w("campaign_written", count=outcome.included, file=args.file, id=outcome.campaign_id))
    print(w("campaign_counts", included=outcome.included, control=outcome.control,
            excluded=sum(outcome.excluded.values())))
    for reason, count in sorted(outcome.excluded.items()):
        print(f"  {w.reason('excluded', reason)}: {count:,}")
    for reason, count in sorted(outcome.dropped.items()):
        label = w("night_left_out", count=count) if reason == "no_night_consent" else (
            f"{w.reason('dropped', reason)}: {count:,}")
        print(f"  {label}")
    from sqlalchemy import select

    with store.session() as session:
        ids = list(session.exec(select(CampaignMember.customer_id).where(
            CampaignMember.campaign_id == outcome.campaign_id, CampaignMember.grp == "target")).scalars())
        preview = ad_messages.compose(session, spec, ids, limit=3, channel=args.channel).recipients
    for r in preview:
        print()
        if r.email:
            print(w("email_preview", address=r.address))
        else:
            print(w("message_preview", kind=r.kind.upper().replace("_", " "), size=r.size))
        print(r.message)
    return 0
