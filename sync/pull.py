"""pull_changes: what changed in the caller's scope since a cursor.

The cursor is the highest change number the phone has seen. Stores (in scope)
and products changed after it come back in change order, with tombstones for
deleted entities. A cursor older than the tombstone retention answers `reset`,
and the phone starts again from an empty cursor.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Product, Store, StoreProduct, SyncCounter, Tombstone, User
from webapp.scope import store_filter

from .changes import current_change_seq


class CursorError(ValueError):
    """The cursor is not one this server issued."""


def parse_cursor(text: str | None) -> int:
    """'' or None is the beginning; otherwise a non-negative integer."""
    if text in (None, ""):
        return 0
    if not text.isdigit() or len(text) > 18:
        raise CursorError(f"cursor {text[:40]!r} is not valid; start again with an empty cursor")
    return int(text)


STORE_COLUMNS = (
    Store.id, Store.change_seq, Store.version, Store.customer_code, Store.name,
    Store.owner_name, Store.phone, Store.address, Store.opening_hours, Store.business_type,
    Store.delivery_method, Store.grade, Store.is_sample, Store.lat, Store.lng, Store.status,
)
PRODUCT_COLUMNS = (
    Product.id, Product.change_seq, Product.code, Product.name, Product.brand, Product.pack,
    Product.guide_price_fen, Product.is_key_brand, Product.active,
)


def store_change(store: Store, assortment: list[int]) -> dict:
    """A store as the phone keeps it: version, editable fields and what it sells."""
    return _store_change(tuple(getattr(store, c.key) for c in STORE_COLUMNS), assortment)


def _store_change(row: tuple, assortment: list[int]) -> dict:
    (store_id, _, version, customer_code, name, owner_name, phone, address, opening_hours,
     business_type, delivery_method, grade, is_sample, lat, lng, status) = row
    return {"type": "store", "id": store_id, "data": {
        "version": version, "customer_code": customer_code, "name": name,
        "owner_name": owner_name, "phone": phone, "address": address,
        "opening_hours": opening_hours, "business_type": business_type,
        "delivery_method": delivery_method, "grade": grade, "is_sample": is_sample,
        "lat": lat, "lng": lng, "status": status, "assortment": assortment,
    }}


def product_change(product: Product) -> dict:
    """A product as the phone keeps it (prices in integer fen)."""
    return _product_change(tuple(getattr(product, c.key) for c in PRODUCT_COLUMNS))


def _product_change(row: tuple) -> dict:
    product_id, _, code, name, brand, pack, guide_price_fen, is_key_brand, active = row
    return {"type": "product", "id": product_id, "data": {
        "code": code, "name": name, "brand": brand, "pack": pack,
        "guide_price_fen": guide_price_fen, "is_key_brand": is_key_brand, "active": active,
    }}


def pull_changes(session: Session, user: User, cursor_text: str | None,
                 limit: int = 2000) -> dict:
    """Up to `limit` changes after the cursor: {changes, cursor, has_more[, reset]}.

    One Core query of just the needed columns per entity type (stores in scope,
    products, tombstones), merged by change number; the page's assortments in one
    more query. A first pull (empty cursor) needs no tombstones: the phone holds nothing.
    """
    cursor = parse_cursor(cursor_text)
    db = session.connection()  # Core rows: no ORM loading for plain column tuples
    if cursor > 0:
        purged_below = db.scalar(
            select(SyncCounter.tombstones_purged_below).where(SyncCounter.id == 1)) or 0
        if cursor < purged_below:
            return {"changes": [], "cursor": "", "has_more": True, "reset": True}
    stores = db.execute(
        select(*STORE_COLUMNS).where(store_filter(user), Store.change_seq > cursor)
        .order_by(Store.change_seq).limit(limit + 1)).all()
    products = db.execute(
        select(*PRODUCT_COLUMNS).where(Product.change_seq > cursor)
        .order_by(Product.change_seq).limit(limit + 1)).all()
    merged = [(row[1], 1, row) for row in stores] + [(row[1], 0, row) for row in products]
    if cursor > 0:
        tombstones = db.execute(
            select(Tombstone.seq, Tombstone.entity_type, Tombstone.entity_id,
                   Tombstone.territory_id)
            .where(Tombstone.seq > cursor).order_by(Tombstone.seq).limit(limit + 1)).all()
        merged += [(row[0], 2, row) for row in tombstones if _tombstone_visible(row, user)]
    merged.sort(key=lambda item: (item[0], item[1]))
    page = merged[:limit]
    has_more = len(merged) > limit
    assortment: dict[int, list[int]] = {}
    page_store_ids = [row[0] for _, kind, row in page if kind == 1]
    for start in range(0, len(page_store_ids), 500):
        rows = db.execute(select(StoreProduct.store_id, StoreProduct.product_id).where(
            StoreProduct.store_id.in_(page_store_ids[start:start + 500]))
            .order_by(StoreProduct.store_id, StoreProduct.product_id)).all()
        for store_id, product_id in rows:
            assortment.setdefault(store_id, []).append(product_id)
    changes = []
    for _, kind, row in page:
        if kind == 1:
            changes.append(_store_change(row, assortment.get(row[0], [])))
        elif kind == 0:
            changes.append(_product_change(row))
        else:
            changes.append({"type": row[1], "id": row[2], "deleted": True, "data": None})
    if page:
        next_cursor = page[-1][0]
    else:
        next_cursor = max(cursor, current_change_seq(session)) if not has_more else cursor
    return {"changes": changes, "cursor": str(next_cursor), "has_more": has_more}


def _tombstone_visible(tombstone, user: User) -> bool:
    """Store tombstones go to those who could see the store (by its territory)."""
    if tombstone.entity_type != "store" or tombstone.territory_id is None:
        return True
    if user.role in ("hq_staff", "admin"):
        return True
    if user.role == "rep":
        return tombstone.territory_id == user.territory_id
    return True
