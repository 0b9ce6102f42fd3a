"""Demo data: a neighbourhood café in Seoul (카페 온기) with its customers, staff and three years of sales.

``generate_demo`` fills an empty database so the customer list, the search, the card and the analyses have
something real-looking to show: Korean names weighted like the census, unique 010 numbers, birthdays (some
lunar), tags and memos, and purchase histories shaped by customer type (regulars, occasional and one-off
buyers, drifting and lost customers, newcomers), by season (iced drinks in summer, cakes at Christmas), by
weekday and by hour, with a Pareto-like spread of spending and some anonymous walk-in sales; then the contacts,
follow-ups and feedback that go with them.

Everything is drawn from one seeded numpy generator, so a seed and an ``as_of`` date always give the same
shop. The generation is vectorised and the rows go in through the store's bulk write path (crmdesk.store.bulk,
the one the import uses) in one transaction. No Qt here: the CLI uses it too.

The package, in the order the work happens:
- world: the data tables (names, districts, menu, busy-ness, staff) and the shop's constants;
- sales: who visits when and buys what (``Generator``, ``Demo``); customers: their cards;
- touchpoints: contacts, follow-ups and feedback drawn after the sales;
- rows: those draws as the models' columns; generate: ``generate_demo``, writing it all and the loyalty step.
"""

from crmdesk.demo.generate import NOT_EMPTY, DemoSummary, generate_demo
from crmdesk.demo.progress import ProgressFn
from crmdesk.demo.world import SHOP_NAME

__all__ = ["NOT_EMPTY", "SHOP_NAME", "DemoSummary", "ProgressFn", "generate_demo"]
