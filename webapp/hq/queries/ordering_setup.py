"""What the ordering-setup pages read: each order domain's windows, the products'
quantity rules and allocations, limited to what the user's scope holds. No Flask."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import OrderingWindow, Product, ProductOrderLimit, Region, Store, User
from ...scope import sees_everything, store_filter
from .orders import visible_regions


@dataclass
class Domain:
    """An order domain: a region (or None: every region without windows of its own)."""

    region: Region | None
    windows: list[OrderingWindow]


def order_domains(session: Session, user: User) -> list[Domain]:
    """The windows kept for every region, then each region's in the user's scope."""
    rows = session.scalars(select(OrderingWindow).order_by(
        OrderingWindow.weekday, OrderingWindow.opens_at)).all()
    by_region: dict[int | None, list[OrderingWindow]] = {}
    for row in rows:
        by_region.setdefault(row.region_id, []).append(row)
    return [Domain(None, by_region.get(None, []))] + [
        Domain(region, by_region.get(region.id, []))
        for region in visible_regions(session, user)]


@dataclass
class ProductSetup:
    """A product's quantity rules, its every-store allocation and how many stores have
    one of their own (in the user's scope)."""

    product: Product
    every_store: ProductOrderLimit | None
    store_rows: int


def products_setup(session: Session, user: User) -> list[ProductSetup]:
    """Every product on sale with its rules and allocations."""
    products = session.scalars(select(Product).order_by(Product.brand, Product.name)).all()
    every = {row.product_id: row for row in session.scalars(
        select(ProductOrderLimit).where(ProductOrderLimit.store_id.is_(None)))}
    per_store = dict(session.execute(
        select(ProductOrderLimit.product_id, func.count())
        .join(Store, Store.id == ProductOrderLimit.store_id).where(store_filter(user))
        .group_by(ProductOrderLimit.product_id)).all())
    return [ProductSetup(p, every.get(p.id), per_store.get(p.id, 0)) for p in products]


def store_allocations(session: Session, user: User, product_id: int) -> list[tuple]:
    """(limit, store) of the product's per-store allocations in the user's scope."""
    return list(session.execute(
        select(ProductOrderLimit, Store).join(Store, Store.id == ProductOrderLimit.store_id)
        .where(ProductOrderLimit.product_id == product_id, store_filter(user))
        .order_by(Store.customer_code)).all())


def store_by_code(session: Session, user: User, code: str) -> Store | None:
    """A store in scope by its customer code."""
    return session.scalar(select(Store).where(Store.customer_code == code, store_filter(user)))


def may_edit(user: User) -> bool:
    """HQ staff and admins keep the ordering data (services.ordering_setup); market
    managers read it."""
    return sees_everything(user)
