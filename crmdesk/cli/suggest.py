"""`crmdesk suggest --customer CODE_OR_ID`: what to offer one customer next, with the reason in words, and their
usual items; the same as the card's Suggestions tab."""

from __future__ import annotations

import argparse

from crmdesk.cli.common import percent, print_table, words
from crmdesk.cli.texts import Words
from crmdesk.errors import CrmError


def find_customer(store, code_or_id: str, w: Words) -> tuple[int, str]:
    from sqlalchemy import select

    from crmdesk.models import Customer

    wanted = (code_or_id or "").strip()
    with store.session() as session:
        found = session.execute(select(Customer.id, Customer.name).where(Customer.customer_code == wanted)).first()
        if found is None and wanted.isdigit():
            found = session.execute(select(Customer.id, Customer.name).where(Customer.id == int(wanted))).first()
    if found is None:
        raise CrmError(w("no_customer_code", code=code_or_id))
    return int(found[0]), str(found[1] or "")


def reason(w: Words, offer) -> str:
    from crmdesk.analytics.next_offer import SEQUENCE_DAYS

    return w(f"offer_reason_{offer.kind}", product=offer.product, because=offer.because, share=percent(offer.share),
             customers=offer.customers, step=offer.step, days=SEQUENCE_DAYS)


def cmd_suggest(args: argparse.Namespace, store) -> int:
    from crmdesk.services.next_offer import next_offers

    w = words(args)
    customer_id, name = find_customer(store, args.customer, w)
    result = next_offers(store, customer_id, as_of=args.as_of)
    print(w("suggest_title", name=name, id=customer_id))
    if result.usual:
        print(w("suggest_usual", items=", ".join(w("suggest_usual_item", product=u.product, receipts=u.receipts)
                                                 for u in result.usual)))
    if result.bought == 0:
        print(w("suggest_no_purchases"))
        return 0
    if not result.offers:
        print(w("suggest_nothing"))
        return 0
    print_table(w.headers("suggest"), [(w(f"offer_kind_{o.kind}"), o.product, reason(w, o)) for o in result.offers])
    return 0
