"""What the rep's store page shows about one store (already checked to be in scope).

A few small queries, each bounded: the latest visits, the latest week's price
check with its deviation flags (rules.prices), open tickets with their clocks,
recent orders, restock requests waiting for a decision. Flask-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ...models import Order, PriceCheck, Product, RestockRequest, Store, Ticket, Visit
from ...rules.calendar import DEFAULT_CALENDAR, WorkCalendar
from ...rules.prices import PriceDeviation, price_deviation
from ...rules.settings import ServiceSettings
from .tickets import TICKETS_SHOWN, TicketClock, open_tickets, ticket_clock
from .today import decided_restocks

RECENT_VISITS = 5
RECENT_ORDERS = 5


@dataclass(frozen=True)
class PriceLine:
    """One product of the latest price check: what the shelf said against the guide."""

    product: Product
    check: PriceCheck
    deviation: PriceDeviation | None  # None when the guide price is zero


@dataclass
class StorePage:
    """The store and what the rep needs in front of the owner."""

    store: Store
    visits: list[Visit]
    price_week: str | None
    prices: list[PriceLine]
    tickets: list[tuple[Ticket, TicketClock | None]]  # the most urgent open ones
    ticket_count: int  # all open tickets
    orders: list[Order]
    restocks: list[RestockRequest]
    decided: list[RestockRequest]  # decided by HQ in the last week


def latest_price_lines(session: Session, store_id: int,
                       settings: ServiceSettings) -> tuple[str | None, list[PriceLine]]:
    """The latest ISO week checked in the store and its lines (a correction wins)."""
    week = (select(func.max(PriceCheck.iso_week)).where(PriceCheck.store_id == store_id)
            .scalar_subquery())
    checks = session.execute(
        select(PriceCheck, Product).join(Product, Product.id == PriceCheck.product_id)
        .where(PriceCheck.store_id == store_id, PriceCheck.iso_week == week)
        .order_by(PriceCheck.observed_at, PriceCheck.created_at)
    ).all()
    latest: dict[int, tuple[PriceCheck, Product]] = {}
    for check, product in checks:  # later rows (corrections) replace earlier ones
        latest[product.id] = (check, product)
    lines = []
    for check, product in sorted(latest.values(), key=lambda cp: cp[1].code):
        deviation = (price_deviation(check.shelf_price_fen, check.guide_price_fen, settings)
                     if check.guide_price_fen > 0 else None)
        lines.append(PriceLine(product, check, deviation))
    return (lines[0].check.iso_week if lines else None), lines


def store_page(session: Session, store: Store, now: datetime, settings: ServiceSettings,
               calendar: WorkCalendar = DEFAULT_CALENDAR) -> StorePage:
    """Gather the store page of `store` (the caller checked the scope); its open tickets'
    time left counts working time (`calendar`)."""
    visits = session.scalars(
        select(Visit).options(joinedload(Visit.rep)).where(Visit.store_id == store.id)
        .order_by(Visit.started_at.desc()).limit(RECENT_VISITS)
    ).all()
    week, prices = latest_price_lines(session, store.id, settings)
    tickets = session.execute(open_tickets(Ticket.store_id == store.id)
                              .limit(TICKETS_SHOWN)).all()
    orders = session.scalars(
        select(Order).where(Order.store_id == store.id)
        .order_by(Order.placed_at.desc()).limit(RECENT_ORDERS)
    ).all()
    restocks = session.scalars(
        select(RestockRequest).where(RestockRequest.store_id == store.id,
                                     RestockRequest.status == "submitted")
        .order_by(RestockRequest.requested_at.desc())
    ).all()
    decided = session.scalars(decided_restocks(RestockRequest.store_id == store.id, now)).all()
    return StorePage(store, list(visits), week, prices,
                     [(t, ticket_clock(t, now, calendar)) for t, _ in tickets],
                     tickets[0][1] if tickets else 0, list(orders),
                     list(restocks), list(decided))
