"""What the ordering rules need from the database: a store's windows, its allocations,
what it ordered in each allocation's period, the products' quantity rules, and the lock
that makes two orders of one store count each other (`services.orders`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import (
    Order,
    OrderingWindow,
    OrderLine,
    Product,
    ProductOrderLimit,
    Store,
    Territory,
)
from ..rules import order_status as status_rules
from ..rules import ordering
from ..rules.codes import LimitPeriod
from ..rules.ordering_window import OrderingWindow as Window


def store_windows(session: Session, store: Store) -> list[Window]:
    """The ordering windows of the store's order domain (its region's, else the ones
    kept for every region)."""
    region = session.scalar(select(Territory.region_id).where(Territory.id == store.territory_id))
    rows = session.scalars(select(OrderingWindow).where(OrderingWindow.region_id == region)).all()
    if not rows:
        rows = session.scalars(select(OrderingWindow)
                               .where(OrderingWindow.region_id.is_(None))).all()
    return [Window(row.weekday, row.opens_at, row.closes_at) for row in rows]


def store_limits(session: Session, store_id: int,
                 product_ids: Iterable[int]) -> dict[int, ordering.Limit]:
    """The store's allocation per product: its own row, else the every-store row."""
    rows = session.scalars(select(ProductOrderLimit).where(
        ProductOrderLimit.product_id.in_(list(product_ids)),
        (ProductOrderLimit.store_id == store_id) | ProductOrderLimit.store_id.is_(None))).all()
    limits: dict[int, ordering.Limit] = {}
    for row in sorted(rows, key=lambda r: r.store_id is not None):  # the store's row wins
        limits[row.product_id] = ordering.Limit(row.max_quantity, LimitPeriod(row.period))
    return limits


def already_ordered(session: Session, store_id: int, limits: Mapping[int, ordering.Limit],
                    now: datetime, zone: str) -> dict[int, int]:
    """Cartons the store ordered of each limited product in the limit's current period
    (orders rejected or cancelled do not count)."""
    found: dict[int, int] = {}
    for period in {limit.period for limit in limits.values()}:
        start, end = ordering.period_bounds(period, now, zone)
        products = [p for p, limit in limits.items() if limit.period == period]
        found.update(session.execute(
            select(OrderLine.product_id, func.sum(OrderLine.quantity))
            .join(Order, Order.id == OrderLine.order_id)
            .where(Order.store_id == store_id, OrderLine.product_id.in_(products),
                   Order.placed_at >= start, Order.placed_at < end,
                   Order.status.not_in(status_rules.VOID_STATUSES))
            .group_by(OrderLine.product_id)).all())
    return {product: int(total) for product, total in found.items()}


def lock_store(session: Session, store_id: int) -> None:
    """Hold the store's row so two orders of one store count each other's cartons
    (SQLite has one writer: this write takes the lock up front)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(Store).where(Store.id == store_id)
                        .values(id=Store.id, updated_at=Store.updated_at)
                        .execution_options(synchronize_session=False))
    else:
        session.execute(select(Store.id).where(Store.id == store_id)
                        .with_for_update(key_share=True))  # FOR NO KEY UPDATE


def product_rules(session: Session, raw_ids: Iterable[Any]) -> dict[int, ordering.ProductRules]:
    """The ordering rules of the products `raw_ids` name (ids of any shape; unknown ones
    are left out, so the cart check calls them unknown)."""
    ids = {n for n in (ordering.whole_number(raw) for raw in raw_ids) if n is not None}
    rows = session.scalars(select(Product).where(Product.id.in_(ids))).all() if ids else []
    return {p.id: ordering.ProductRules(p.id, p.wholesale_price_fen, p.order_minimum,
                                        p.order_multiple, p.active) for p in rows}
