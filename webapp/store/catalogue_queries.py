"""What the owner's catalogue and cart read: the products the current store may order,
with each one's quantity rules and what is left of the store's allocation, and the
state of the store's ordering window. No Flask.

The numbers come from the same places the server's order check uses
(`services.ordering_data`, `rules.ordering`, `rules.ordering_window`), so the page
never promises what the order then refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..models import Product, Store
from ..rules import ordering
from ..rules.codes import OrderProblem
from ..rules.new_products import is_new
from ..rules.ordering_window import is_open, next_opening
from ..services.ordering_data import already_ordered, product_rules, store_limits, store_windows

PAGE_SIZE = 30  # rows per catalogue page: 300 products are ten compact pages
SEARCH_MAX = 50


@dataclass(frozen=True)
class CatalogueRow:
    """One product as the owner sees it."""

    product: Product
    limit: ordering.Limit | None
    remaining: int | None  # cartons still allowed this period (None: no allocation)
    new: bool = False  # marked new (新品) today (rules.new_products)


@dataclass(frozen=True)
class CataloguePage:
    """One page of the catalogue."""

    rows: list[CatalogueRow]
    page: int
    pages: int
    total: int
    search: str
    new_only: bool = False  # only the products new today (`?new=1`)


@dataclass(frozen=True)
class WindowState:
    """Whether the store may order now, and when it next may."""

    open: bool
    next_open: datetime | None  # local time; None with no window at all
    has_window: bool


def window_state(session: Session, store: Store, now: datetime, zone: str) -> WindowState:
    """The store's ordering window now (rules.ordering_window)."""
    windows = store_windows(session, store)
    if not windows:
        return WindowState(False, None, False)
    return WindowState(is_open(windows, now, zone), next_opening(windows, now, zone), True)


def _search(search: str, new_on: date | None = None):
    stmt = select(Product).where(Product.active.is_(True))
    if new_on is not None:  # rules.new_products.is_new, in SQL: new through that day
        stmt = stmt.where(Product.new_until >= new_on)
    if search:
        like = f"%{search.replace('%', '').replace('_', '')}%"
        stmt = stmt.where(or_(Product.name.ilike(like), Product.brand.ilike(like),
                              Product.code.ilike(like)))
    return stmt


def catalogue_page(session: Session, store: Store, search: str, page: int, now: datetime,
                   zone: str, new_only: bool = False) -> CataloguePage:
    """A page of the products on sale matching `search` (name, brand or code; with
    `new_only`, only those new today), key brands first, with each one's allocation,
    what is left of it for the store, and whether it is new today in `zone`."""
    search = (search or "").strip()[:SEARCH_MAX]
    today = now.astimezone(ZoneInfo(zone)).date()
    stmt = _search(search, today if new_only else None)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    products = session.scalars(stmt.order_by(Product.is_key_brand.desc(), Product.code)
                               .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    limits = store_limits(session, store.id, [p.id for p in products])
    done = already_ordered(session, store.id, limits, now, zone) if limits else {}
    rows = [CatalogueRow(p, limits.get(p.id),
                         None if p.id not in limits
                         else max(limits[p.id].max_quantity - done.get(p.id, 0), 0),
                         is_new(p.new_until, today))
            for p in products]
    return CataloguePage(rows, page, pages, total, search, new_only)


def line_problems(session: Session, store: Store, raw_product: Any, raw_quantity: Any,
                  now: datetime, zone: str) -> list[ordering.Problem]:
    """What the server's check would say of one cart line, before the order is sent:
    the product on sale, its minimum and multiple, the allocation left."""
    products = product_rules(session, [raw_product])
    product_id = ordering.whole_number(raw_product)
    rules = products.get(product_id) if product_id is not None else None
    if rules is None or not rules.active:
        return [ordering.Problem(OrderProblem.UNKNOWN_PRODUCT)]
    found = ordering.quantity_problems(raw_quantity, rules)
    if found:
        return found
    limits = store_limits(session, store.id, [rules.product_id])
    done = already_ordered(session, store.id, limits, now, zone) if limits else {}
    over = ordering.limit_problem(ordering.whole_number(raw_quantity) or 0,
                                  limits.get(rules.product_id), done.get(rules.product_id, 0))
    return [over] if over else []
