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


def store_change(store: Store, assortment: list[int]) -> dict:
    """A store as the phone keeps it: version, editable fields and what it sells."""
    return {"type": "store", "id": store.id, "data": {
        "version": store.version, "customer_code": store.customer_code, "name": store.name,
        "owner_name": store.owner_name, "phone": store.phone, "address": store.address,
        "opening_hours": store.opening_hours, "business_type": store.business_type,
        "delivery_method": store.delivery_method, "grade": store.grade,
        "is_sample": store.is_sample, "lat": store.lat, "lng": store.lng,
        "status": store.status, "assortment": assortment,
    }}


def product_change(product: Product) -> dict:
    """A product as the phone keeps it (prices in integer fen)."""
    return {"type": "product", "id": product.id, "data": {
        "code": product.code, "name": product.name, "brand": product.brand,
        "pack": product.pack, "guide_price_fen": product.guide_price_fen,
        "is_key_brand": product.is_key_brand, "active": product.active,
    }}


def pull_changes(session: Session, user: User, cursor_text: str | None,
                 limit: int = 2000) -> dict:
    """Up to `limit` changes after the cursor: {changes, cursor, has_more[, reset]}."""
    cursor = parse_cursor(cursor_text)
    purged_below = session.scalar(
        select(SyncCounter.tombstones_purged_below).where(SyncCounter.id == 1)) or 0
    if 0 < cursor < purged_below:
        return {"changes": [], "cursor": "", "has_more": True, "reset": True}
    stores = session.scalars(
        select(Store).where(store_filter(user), Store.change_seq > cursor)
        .order_by(Store.change_seq).limit(limit + 1)).all()
    products = session.scalars(
        select(Product).where(Product.change_seq > cursor)
        .order_by(Product.change_seq).limit(limit + 1)).all()
    tombstones = session.scalars(
        select(Tombstone).where(Tombstone.seq > cursor).order_by(Tombstone.seq)
        .limit(limit + 1)).all()
    merged = sorted(
        [(s.change_seq, "store", s) for s in stores]
        + [(p.change_seq, "product", p) for p in products]
        + [(t.seq, "tombstone", t) for t in tombstones if _tombstone_visible(t, user)],
        key=lambda item: (item[0], item[1]))
    page = merged[:limit]
    has_more = len(merged) > limit
    assortment: dict[int, list[int]] = {}
    page_store_ids = [obj.id for _, kind, obj in page if kind == "store"]
    for start in range(0, len(page_store_ids), 500):
        rows = session.execute(select(StoreProduct.store_id, StoreProduct.product_id).where(
            StoreProduct.store_id.in_(page_store_ids[start:start + 500])))
        for row in rows:
            assortment.setdefault(row.store_id, []).append(row.product_id)
    changes = []
    for _, kind, obj in page:
        if kind == "store":
            changes.append(store_change(obj, sorted(assortment.get(obj.id, []))))
        elif kind == "product":
            changes.append(product_change(obj))
        else:
            changes.append({"type": obj.entity_type, "id": obj.entity_id, "deleted": True,
                            "data": None})
    if page:
        next_cursor = page[-1][0]
    else:
        next_cursor = max(cursor, current_change_seq(session)) if not has_more else cursor
    return {"changes": changes, "cursor": str(next_cursor), "has_more": has_more}


def _tombstone_visible(tombstone: Tombstone, user: User) -> bool:
    if tombstone.entity_type != "store" or tombstone.territory_id is None:
        return True
    if user.role in ("hq_staff", "admin"):
        return True
    if user.role == "rep":
        return tombstone.territory_id == user.territory_id
    return True
