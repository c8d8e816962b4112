"""HQ keeps the ordering data: each order domain's windows [000 订货域、配送域信息的维护],
each product's minimum and multiple [003 25条整倍数], the allocation plan's limits
[000 货源投放], and the day a product stays marked new (新品) in the owner's catalogue
(`rules.new_products`). Impossible or overlapping values are refused with their problem codes
(`SetupRefused.problems`), nothing half-stored. HQ staff and admins only; audit-logged;
nothing commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import OrderingWindow, Product, ProductOrderLimit, Region, Store, User
from ..rules import roles
from ..rules.new_products import new_until_problem
from ..rules.ordering_setup import quantity_rule_problems
from ..rules.ordering_window import OrderingWindow as Window
from ..rules.ordering_window import window_problems
from .audit import record_audit
from .refusals import ActionRefused


class SetupRefused(ActionRefused):
    """Ordering data HQ cannot store as given: `problems` are codes (with the index of
    the window they concern, for windows)."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__("setup_refused", ", ".join(str(p) for p in problems))
        self.problems = problems


def _hq_only(user: User) -> None:
    if user.role not in roles.ALL_STORES_ROLES:
        raise ActionRefused("not_allowed", f"{user.role} cannot change ordering data")


def set_region_windows(session: Session, user: User, region_id: int | None,
                       windows: Iterable[tuple[int, time, time]]) -> list[OrderingWindow]:
    """Replace the windows of one order domain (`region_id` None: the windows for every
    region that has none of its own). An empty list closes ordering there."""
    _hq_only(user)
    if region_id is not None and session.get(Region, region_id) is None:
        raise ActionRefused("not_found", f"region {region_id!r}")
    wanted = [Window(weekday, opens, closes) for weekday, opens, closes in windows]
    if any(not isinstance(w.opens, time) or not isinstance(w.closes, time) for w in wanted):
        raise ActionRefused("bad_time")
    problems = window_problems(wanted)
    if problems:
        raise SetupRefused(problems)
    session.execute(delete(OrderingWindow).where(
        OrderingWindow.region_id.is_(None) if region_id is None
        else OrderingWindow.region_id == region_id))
    rows = [OrderingWindow(region_id=region_id, weekday=w.weekday, opens_at=w.opens,
                           closes_at=w.closes) for w in wanted]
    session.add_all(rows)
    record_audit(session, user, "hq.ordering_windows", "region", region_id or "all",
                 {"windows": [[w.weekday, w.opens.isoformat("minutes"),
                               w.closes.isoformat("minutes")] for w in wanted]})
    session.flush()
    return rows


def _limits_of(session: Session, product_id: int) -> list[ProductOrderLimit]:
    return list(session.scalars(select(ProductOrderLimit)
                                .where(ProductOrderLimit.product_id == product_id)))


def set_quantity_rules(session: Session, user: User, product_id: int, minimum: Any,
                       multiple: Any) -> Product:
    """Set a product's minimum and multiple; refused when an allocation of the product
    would no longer fit them."""
    _hq_only(user)
    product = session.get(Product, product_id) if isinstance(product_id, int) else None
    if product is None:
        raise ActionRefused("not_found", f"product {product_id!r}")
    problems = quantity_rule_problems(minimum, multiple)
    for limit in [] if problems else _limits_of(session, product.id):
        problems += quantity_rule_problems(minimum, multiple, limit.max_quantity,
                                                    limit.period)
    if problems:
        raise SetupRefused(sorted(set(problems), key=problems.index))
    before = [product.order_minimum, product.order_multiple]
    product.order_minimum, product.order_multiple = minimum, multiple
    record_audit(session, user, "hq.quantity_rules", "product", product.id,
                 {"before": before, "after": [minimum, multiple]})
    session.flush()
    return product


def set_new_until(session: Session, user: User, product_id: int, new_until: date | None,
                  today: date) -> Product:
    """Mark a product new in the owner's catalogue through `new_until` (None: clear the
    mark); refused when that day is no day, already past or implausibly far ahead of
    `today` (the configured zone's, from the app's clock)."""
    _hq_only(user)
    product = session.get(Product, product_id) if isinstance(product_id, int) else None
    if product is None:
        raise ActionRefused("not_found", f"product {product_id!r}")
    problem = new_until_problem(new_until, today)
    if problem:
        raise SetupRefused([problem])
    before = product.new_until
    product.new_until = new_until
    record_audit(session, user, "hq.new_until", "product", product.id,
                 {"before": before.isoformat() if before else None,
                  "after": new_until.isoformat() if new_until else None})
    session.flush()
    return product


def set_allocation(session: Session, user: User, product_id: int, store_id: int | None,
                   max_quantity: Any, period: Any = "week") -> ProductOrderLimit | None:
    """Set (or with `max_quantity` None remove) a product's allocation for one store, or
    for every store (`store_id` None)."""
    _hq_only(user)
    product = session.get(Product, product_id) if isinstance(product_id, int) else None
    if product is None or (store_id is not None and session.get(Store, store_id) is None):
        raise ActionRefused("not_found", f"product {product_id!r} / store {store_id!r}")
    found = session.scalar(select(ProductOrderLimit).where(
        ProductOrderLimit.product_id == product.id,
        ProductOrderLimit.store_id.is_(None) if store_id is None
        else ProductOrderLimit.store_id == store_id))
    if max_quantity is None:
        if found is not None:
            session.delete(found)
        record_audit(session, user, "hq.allocation_removed", "product", product.id,
                     {"store_id": store_id})
        session.flush()
        return None
    problems = quantity_rule_problems(product.order_minimum, product.order_multiple,
                                               max_quantity, period)
    if problems:
        raise SetupRefused(problems)
    if found is None:
        found = ProductOrderLimit(product_id=product.id, store_id=store_id)
        session.add(found)
    found.max_quantity, found.period = max_quantity, str(period)
    record_audit(session, user, "hq.allocation", "product", product.id,
                 {"store_id": store_id, "max_quantity": max_quantity, "period": str(period)})
    session.flush()
    return found
