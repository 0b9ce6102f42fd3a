"""`crmdesk report segments|calls|card`: a printable PDF. Laying pages out needs Qt, loaded only when it runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from crmdesk.cli.common import words
from crmdesk.cli.texts import Words
from crmdesk.errors import CrmError


def cmd_report(args: argparse.Namespace, store) -> int:
    w = words(args)
    path = Path(args.pdf)
    if path.suffix.lower() != ".pdf":
        raise CrmError(w("pdf_suffix", file=args.pdf))
    if not path.parent.exists():
        raise CrmError(w("pdf_folder", file=args.pdf, folder=path.parent))
    doc, what = _document(args, store, w)
    from crmdesk.reports.render import write_pdf  # Qt, loaded only now

    pages = write_pdf(doc, path, args.page_size)
    print(w("report_written", what=what, pages=pages, s="s" if pages != 1 else "", path=path))
    return 0


def _document(args: argparse.Namespace, store, w: Words):
    """The report asked for, in the output language, and what to call it in the closing message."""
    from crmdesk.reports import data, documents

    if args.what == "segments":
        if args.list_limit < -1:
            raise CrmError(w("list_limit"))
        segments = data.segment_report_data(store, args.as_of, list_limit=None if args.list_limit == -1
                                            else args.list_limit, on=args.on)
        doc = documents.segment_report(segments, w.lang, full_phones=args.full_phones)
        return doc, w("report_segments", customers=segments.customers)
    if args.what == "calls":
        if args.limit is not None and args.limit < 1:
            raise CrmError(w("report_limit"))
        calls = data.call_list_data(store, args.segment, args.as_of, limit=args.limit)
        doc = documents.call_list(calls, w.lang, full_phones=args.full_phones)
        return doc, w("report_calls", customers=len(calls.customers))
    customer_id = _find_customer(store, args.customer, w)
    doc = documents.customer_card(data.card_data(store, customer_id), w.lang, full_phones=args.full_phones)
    return doc, w("report_card")


def _find_customer(store, code_or_id: str, w: Words) -> int:
    from sqlalchemy import select

    from crmdesk.models import Customer

    with store.session() as session:
        found = session.execute(select(Customer.id).where(Customer.customer_code == code_or_id)).scalar()
        if found is None and code_or_id.isdigit():
            found = session.execute(select(Customer.id).where(Customer.id == int(code_or_id))).scalar()
    if found is None:
        raise CrmError(w("no_customer_code", code=code_or_id))
    return found
