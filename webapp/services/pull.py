"""pull_changes: what changed in the caller's scope since a cursor.

The cursor is the highest change number the phone has seen. Stores (in scope),
products, the latest price check of each store and product in scope, and the
tickets of stores in scope changed after it come back in change order, with
tombstones for deleted entities (and for tickets that were closed). A cursor
older than the tombstone retention answers `reset`, and the phone starts again
from an empty cursor.
"""

import gc

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session

from sync.cursor import parse_cursor

from ..models import PriceCheck, Product, Store, StoreProduct, SyncCounter, Ticket, Tombstone, User
from ..rules.prices import format_yuan
from ..rules.roles import store_fields_for
from ..scope import store_filter, tombstone_filter
from .change_feed import current_change_seq

STORE_COLUMNS = (
    Store.id, Store.change_seq, Store.version, Store.customer_code, Store.name,
    Store.owner_name, Store.phone, Store.address, Store.opening_hours, Store.business_type,
    Store.delivery_method, Store.grade, Store.is_sample, Store.lat, Store.lng, Store.status,
)
PRODUCT_COLUMNS = (
    Product.id, Product.change_seq, Product.code, Product.name, Product.brand, Product.pack,
    Product.guide_price_fen, Product.is_key_brand, Product.active,
)


PRICE_CHECK_COLUMNS = (
    PriceCheck.id, PriceCheck.change_seq, PriceCheck.store_id, PriceCheck.product_id,
    PriceCheck.observed_at, PriceCheck.shelf_price_fen, PriceCheck.stock_units,
    PriceCheck.out_of_stock_days, PriceCheck.guide_price_fen,
)
TICKET_COLUMNS = (
    Ticket.id, Ticket.change_seq, Ticket.status, Ticket.store_id, Ticket.number, Ticket.kind,
    Ticket.category, Ticket.severity, Ticket.description, Ticket.received_at,
    Ticket.register_due_at, Ticket.first_answer_due_at, Ticket.temp_measure_due_at,
    Ticket.resolve_due_at,
)
DESCRIPTION_CHARS = 500  # a ticket's description on the phone; HQ has the whole text


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _store_change(row: tuple, assortment: list[int], role: str) -> dict:
    (store_id, _, version, customer_code, name, owner_name, phone, address, opening_hours,
     business_type, delivery_method, grade, is_sample, lat, lng, status) = row
    return {"type": "store", "id": store_id, "data": store_fields_for(role, {
        "version": version, "customer_code": customer_code, "name": name,
        "owner_name": owner_name, "phone": phone, "address": address,
        "opening_hours": opening_hours, "business_type": business_type,
        "delivery_method": delivery_method, "grade": grade, "is_sample": is_sample,
        "lat": lat, "lng": lng, "status": status, "assortment": assortment,
    })}


def _product_change(row: tuple) -> dict:
    product_id, _, code, name, brand, pack, guide_price_fen, is_key_brand, active = row
    return {"type": "product", "id": product_id, "data": {
        "code": code, "name": name, "brand": brand, "pack": pack,
        "guide_price_fen": guide_price_fen, "is_key_brand": is_key_brand, "active": active,
    }}


def _price_check_change(row: tuple) -> dict:
    (check_id, _, store_id, product_id, observed_at, shelf_price_fen, stock_units,
     out_of_stock_days, guide_price_fen) = row
    return {"type": "price_check", "id": check_id, "data": {
        "store_id": store_id, "product_id": product_id, "observed_at": observed_at.isoformat(),
        "shelf_price": format_yuan(shelf_price_fen), "stock_units": stock_units,
        "out_of_stock_days": out_of_stock_days, "guide_price": format_yuan(guide_price_fen),
    }}


def _ticket_change(row: tuple) -> dict:
    (ticket_id, _, status, store_id, number, kind, category, severity, description,
     received_at, register_due_at, first_answer_due_at, temp_measure_due_at,
     resolve_due_at) = row
    if status == "closed":  # the phone drops it
        return {"type": "ticket", "id": ticket_id, "deleted": True, "data": None}
    if len(description) > DESCRIPTION_CHARS:
        description = description[:DESCRIPTION_CHARS - 1] + "…"
    return {"type": "ticket", "id": ticket_id, "data": {
        "store_id": store_id, "number": number, "kind": kind, "category": category,
        "severity": severity, "status": status, "description": description,
        "received_at": _iso(received_at), "register_due_at": _iso(register_due_at),
        "first_answer_due_at": _iso(first_answer_due_at),
        "temp_measure_due_at": _iso(temp_measure_due_at),
        "resolve_due_at": _iso(resolve_due_at),
    }}


def _latest_price_checks(scope) -> Select:
    """Price checks in scope after the cursor, in change order. Only the latest check
    of a store and product carries a change number (`prices._number_latest`), so an
    older, superseded one never travels."""
    return (select(*PRICE_CHECK_COLUMNS)
            .join(Store, Store.id == PriceCheck.store_id)
            .where(PriceCheck.change_seq > _CURSOR, scope)
            .order_by(PriceCheck.change_seq).limit(_LIMIT))


def _tickets(scope, first_pull: bool) -> Select:
    """Tickets of stores in scope changed after the cursor; a first pull skips closed ones."""
    query = (select(*TICKET_COLUMNS).join(Store, Store.id == Ticket.store_id)
             .where(Ticket.change_seq > _CURSOR, scope))
    if first_pull:
        query = query.where(Ticket.status != "closed")
    return query.order_by(Ticket.change_seq).limit(_LIMIT)


_CURSOR = bindparam("cursor", type_=Integer)
_LIMIT = bindparam("limit", type_=Integer)
PRODUCTS = (select(*PRODUCT_COLUMNS).where(Product.change_seq > _CURSOR)
            .order_by(Product.change_seq).limit(_LIMIT))
ASSORTMENTS = (select(StoreProduct.store_id, StoreProduct.product_id)
               .where(StoreProduct.store_id.in_(bindparam("store_ids", expanding=True)))
               .order_by(StoreProduct.store_id, StoreProduct.product_id))
PURGED_BELOW = select(SyncCounter.tombstones_purged_below).where(SyncCounter.id == 1)
_SCOPED: dict[tuple, tuple[Select, Select, Select, Select, Select]] = {}


def _scoped_statements(user: User) -> tuple[Select, Select, Select, Select, Select]:
    """(stores, price checks, tickets of a first pull, tickets, tombstones) for the
    user's scope; tombstones follow the same store visibility as the rows
    (`scope.tombstone_filter`).

    Built once per scope (store_filter depends only on the key's attributes), so a
    pull only binds the cursor and limit to statements SQLAlchemy has compiled.
    """
    key = (user.role, user.territory_id, user.region_id, user.id, user.active,
           bool(getattr(user, "is_authenticated", False)))
    found = _SCOPED.get(key)
    if found is None:
        scope = store_filter(user)
        found = (
            select(*STORE_COLUMNS).where(scope, Store.change_seq > _CURSOR)
            .order_by(Store.change_seq).limit(_LIMIT),
            _latest_price_checks(scope), _tickets(scope, True), _tickets(scope, False),
            select(Tombstone.seq, Tombstone.entity_type, Tombstone.entity_id)
            .where(Tombstone.seq > _CURSOR, tombstone_filter(user))
            .order_by(Tombstone.seq).limit(_LIMIT))
        if len(_SCOPED) > 1000:
            _SCOPED.clear()
        _SCOPED[key] = found
    return found


# the order of entity types that share a change number (never, today) within a page
STORE, PRODUCT, PRICE_CHECK, TICKET, TOMBSTONE = 1, 0, 3, 4, 2
BUILDERS = {PRODUCT: _product_change, PRICE_CHECK: _price_check_change, TICKET: _ticket_change}


def pull_changes(session: Session, user: User, cursor_text: str | None,
                 limit: int = 2000) -> dict:
    """Up to `limit` changes after the cursor: {changes, cursor, has_more[, reset]}.

    One Core query of just the needed columns per entity type (stores in scope,
    products, latest price checks in scope, tickets in scope, tombstones), merged by
    change number; the page's assortments in one more query. A first pull (empty
    cursor) needs no tombstones: the phone holds nothing.

    A full page makes thousands of small dicts and tuples, none of them in a reference
    cycle; the cyclic garbage collector is paused meanwhile (it would otherwise walk
    the whole heap several times per page, about half the time of a 2,000-change page).
    """
    cursor = parse_cursor(cursor_text)
    paused = gc.isenabled()
    gc.disable()
    try:
        return _pull_page(session, user, cursor, limit)
    finally:
        if paused:
            gc.enable()


def _pull_page(session: Session, user: User, cursor: int, limit: int) -> dict:
    db = session.connection()  # Core rows: no ORM loading for plain column tuples
    if cursor > 0:
        purged_below = db.scalar(PURGED_BELOW) or 0
        if cursor < purged_below:
            return {"changes": [], "cursor": "", "has_more": True, "reset": True}
    stores_q, price_checks_q, first_tickets_q, tickets_q, tombstones_q = _scoped_statements(user)
    bound = {"cursor": cursor, "limit": limit + 1}
    stores = db.execute(stores_q, bound).all()
    products = db.execute(PRODUCTS, bound).all()
    price_checks = db.execute(price_checks_q, bound).all()
    tickets = db.execute(first_tickets_q if cursor == 0 else tickets_q, bound).all()
    merged = ([(row[1], STORE, row) for row in stores]
              + [(row[1], PRODUCT, row) for row in products]
              + [(row[1], PRICE_CHECK, row) for row in price_checks]
              + [(row[1], TICKET, row) for row in tickets])
    if cursor > 0:
        tombstones = db.execute(tombstones_q, bound).all()
        merged += [(row[0], TOMBSTONE, row) for row in tombstones]
    merged.sort(key=lambda item: (item[0], item[1]))
    page = merged[:limit]
    has_more = len(merged) > limit
    assortment: dict[int, list[int]] = {}
    page_store_ids = [row[0] for _, kind, row in page if kind == STORE]
    for start in range(0, len(page_store_ids), 500):
        rows = db.execute(ASSORTMENTS, {"store_ids": page_store_ids[start:start + 500]}).all()
        for store_id, product_id in rows:
            assortment.setdefault(store_id, []).append(product_id)
    changes = []
    for _, kind, row in page:
        if kind == STORE:
            changes.append(_store_change(row, assortment.get(row[0], []), user.role))
        elif kind == TOMBSTONE:
            changes.append({"type": row[1], "id": row[2], "deleted": True, "data": None})
        else:
            changes.append(BUILDERS[kind](row))
    if page:
        next_cursor = page[-1][0]
    else:
        next_cursor = max(cursor, current_change_seq(session)) if not has_more else cursor
    return {"changes": changes, "cursor": str(next_cursor), "has_more": has_more}
