"""Arranging a rep's territory for the rep page tests: visits, price checks, tickets."""

import re
import uuid
from datetime import timedelta

from sqlalchemy import delete, select

from webapp.models import (
    PriceCheck,
    Product,
    RestockLine,
    RestockRequest,
    Store,
    Ticket,
    TicketEvent,
    User,
    Visit,
    VisitFollowUp,
    utcnow,
)
from webapp.rules.cadence import iso_week_key
from webapp.rules.calendar import WorkCalendar


def user(db, username: str) -> User:
    """The seeded account `username`."""
    return db.session.scalar(select(User).where(User.username == username))


def territory_stores(db, rep: User) -> list[Store]:
    """The rep's stores in territory (customer code) order."""
    return list(db.session.scalars(select(Store).where(Store.territory_id == rep.territory_id)
                                   .order_by(Store.customer_code)))


def blank_round(db, rep: User) -> list[Store]:
    """Remove the seeded history of the rep's stores, so each test sets its own.

    Stores become non-sample grade E stores visited yesterday (nothing due).
    """
    stores = territory_stores(db, rep)
    ids = [s.id for s in stores]
    visits = select(Visit.id).where(Visit.store_id.in_(ids))
    tickets = select(Ticket.id).where(Ticket.store_id.in_(ids))
    restocks = select(RestockRequest.id).where(RestockRequest.store_id.in_(ids))
    db.session.execute(delete(VisitFollowUp).where(VisitFollowUp.visit_id.in_(visits)))
    db.session.execute(delete(Visit).where(Visit.store_id.in_(ids)))
    db.session.execute(delete(PriceCheck).where(PriceCheck.store_id.in_(ids)))
    db.session.execute(delete(TicketEvent).where(TicketEvent.ticket_id.in_(tickets)))
    db.session.execute(delete(Ticket).where(Ticket.store_id.in_(ids)))
    db.session.execute(delete(RestockLine).where(RestockLine.request_id.in_(restocks)))
    db.session.execute(delete(RestockRequest).where(RestockRequest.store_id.in_(ids)))
    for store in stores:
        store.grade, store.is_sample, store.status = "E", False, "active"
        add_visit(db, store, rep, days_ago=1)
    db.session.commit()
    return stores


def add_visit(db, store: Store, rep: User, days_ago: float, **fields) -> Visit:
    """A visit to `store`, `days_ago` days before now."""
    started = utcnow() - timedelta(days=days_ago)
    visit = Visit(id=str(uuid.uuid4()), store_id=store.id, rep_id=rep.id, started_at=started,
                  ended_at=started + timedelta(minutes=20), purposes=["routine"], **fields)
    db.session.add(visit)
    db.session.flush()
    return visit


def add_price_check(db, store: Store, rep: User, shelf_fen: int, guide_fen: int) -> PriceCheck:
    """This week's price check of one product in `store`."""
    product = db.session.scalars(select(Product).order_by(Product.id)).first()
    now = utcnow()
    check = PriceCheck(id=str(uuid.uuid4()), store_id=store.id, product_id=product.id,
                       rep_id=rep.id, observed_at=now,
                       iso_week=iso_week_key(WorkCalendar().local_date(now)),
                       shelf_price_fen=shelf_fen, guide_price_fen=guide_fen, stock_units=3)
    db.session.add(check)
    db.session.flush()
    return check


def add_ticket(db, store: Store, number: str, status: str = "new", **fields) -> Ticket:
    """A ticket of `store` with the given due times."""
    ticket = Ticket(id=str(uuid.uuid4()), number=number, store_id=store.id,
                    category="delivery_delay", description="late again", status=status,
                    received_at=utcnow() - timedelta(hours=5), **fields)
    db.session.add(ticket)
    db.session.flush()
    return ticket


def add_restock(db, store: Store, rep: User, status: str = "submitted") -> RestockRequest:
    """An emergency restock request of `store`."""
    request = RestockRequest(id=str(uuid.uuid4()), store_id=store.id, requested_by_id=rep.id,
                             reason="wedding", wanted_by=utcnow().date() + timedelta(days=2),
                             status=status)
    db.session.add(request)
    db.session.flush()
    return request


def stops(html: str) -> list[dict]:
    """The route list's stops in page order, with their data attributes."""
    rows = re.findall(r'<li data-store-id="(\d+)" data-visit="(\w+)"\s+'
                      r'data-days-overdue="(\d+)"\s+data-price-check="(\w+)"', html)
    return [{"store_id": int(s), "visit": v, "days_overdue": int(d), "price_check": p}
            for s, v, d, p in rows]


def in_english(web) -> None:
    """Switch the signed-in browser to English (the msgids, stable for assertions)."""
    web.post_form("/language", {"locale": "en", "next": "/rep/today"}, page="/rep/today")


def forget_visits(db, store: Store) -> None:
    """Make `store` a store never visited."""
    db.session.execute(delete(Visit).where(Visit.store_id == store.id))
    db.session.flush()


def form_fields(html: str, marker: str) -> dict[str, str]:
    """The named inputs (hidden and typed) of the first form after `marker` in `html`, as
    the page would post them (the CSRF token left out: `post_form` adds its own)."""
    part = html.split(marker, 1)[1]
    form = part[part.index("<form"):part.index("</form>")]
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name[1] != "csrf_token":
            fields[name[1]] = value[1] if value else ""
    return fields
