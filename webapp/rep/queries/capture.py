"""What the rep's capture forms offer and show beside the fields (the store is in scope).

No Flask: the view passes the session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import (
    PriceCheck,
    Product,
    ReferenceItem,
    RestockRequest,
    Store,
    StoreProduct,
    Ticket,
)


def price_products(session: Session, store: Store) -> list[Product]:
    """The store's assortment (active products); every active product when it has none."""
    assortment = select(Product).join(StoreProduct, StoreProduct.product_id == Product.id).where(
        StoreProduct.store_id == store.id, Product.active.is_(True)).order_by(Product.code)
    products = session.scalars(assortment).all()
    return list(products or session.scalars(
        select(Product).where(Product.active.is_(True)).order_by(Product.code)).all())


def latest_price_checks(session: Session, store: Store,
                        products: list[Product]) -> dict[int, PriceCheck]:
    """The latest check of each product in the store, by product id."""
    latest: dict[int, PriceCheck] = {}
    for check in session.scalars(select(PriceCheck).where(
            PriceCheck.store_id == store.id, PriceCheck.product_id.in_([p.id for p in products]))
            .order_by(PriceCheck.observed_at.desc())):
        latest.setdefault(check.product_id, check)
    return latest


def products_checked(session: Session, store: Store, products: list[Product], week: str) -> int:
    """How many of `products` have a price check in the store in ISO `week`."""
    return session.scalar(select(func.count(func.distinct(PriceCheck.product_id))).where(
        PriceCheck.store_id == store.id, PriceCheck.iso_week == week,
        PriceCheck.product_id.in_([p.id for p in products]))) or 0


def restock_requests_since(session: Session, store: Store, since: datetime) -> int:
    """Restock requests of the store made since `since` (the limit window)."""
    return session.scalar(select(func.count()).select_from(RestockRequest).where(
        RestockRequest.store_id == store.id, RestockRequest.requested_at >= since)) or 0


def business_types(session: Session) -> list[ReferenceItem]:
    """The business types a store may be given, by code."""
    return list(session.scalars(select(ReferenceItem).where(
        ReferenceItem.kind == "business_type", ReferenceItem.active.is_(True))
        .order_by(ReferenceItem.code)).all())


def store_ticket(session: Session, store: Store, ticket_id: str) -> Ticket | None:
    """The store's ticket with this id (None until the phone's upload reached the server)."""
    return session.scalar(select(Ticket).where(Ticket.id == ticket_id,
                                               Ticket.store_id == store.id))
