"""The order desk's queue: orders in the user's scope, filtered and paged (spec §3.5).

Filters: a status or a group (`rules.order_desk.STATUS_GROUPS`), the day placed (a
range of local dates), the region, the delivery method, and whether a delivery
exception was reported (on the order or on one of its receipt lines). Every query is
limited by `webapp.scope.order_filter`. No Flask.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select, union_all
from sqlalchemy.orm import Session, aliased

from ...models import Order, OrderReceiptLine, Region, Store, Territory, User
from ...rules import order_desk
from ...rules.codes import DeliveryMethod, OrderStatus, values
from ...scope import order_filter, store_filter


@dataclass
class QueueFilters:
    """What the queue shows; every value already checked (bad input falls back)."""

    status: str = "all"
    placed_from: date | None = None
    placed_to: date | None = None
    region_id: int | None = None
    delivery_method: str = ""
    exception: str = "any"
    page: int = 1
    errors: list[str] = field(default_factory=list)  # fields given but unreadable

    def args(self, **changes) -> dict[str, str]:
        """The filters as URL arguments (for the pager and the filter links)."""
        values_ = {"status": self.status, "placed_from": self.placed_from,
                   "placed_to": self.placed_to, "region": self.region_id,
                   "delivery_method": self.delivery_method, "exception": self.exception,
                   "page": self.page, **changes}
        return {k: str(v) for k, v in values_.items()
                if v not in (None, "", "all", "any") and not (k == "page" and v == 1)}


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_filters(args: Mapping[str, str]) -> QueueFilters:
    """The queue filters from query arguments; an unreadable one is ignored and named."""
    found = QueueFilters()
    status = args.get("status") or "all"
    if status in order_desk.status_filter_values():
        found.status = status
    else:
        found.errors.append("status")
    for name in ("placed_from", "placed_to"):
        try:
            setattr(found, name, _date(args.get(name)))
        except ValueError:
            found.errors.append(name)
    if found.placed_from and found.placed_to and found.placed_from > found.placed_to:
        # the later day typed first: the days between them were meant
        found.placed_from, found.placed_to = found.placed_to, found.placed_from
    region = args.get("region") or ""
    if region.isdigit() and len(region) < 10:
        found.region_id = int(region)
    elif region:
        found.errors.append("region")
    method = args.get("delivery_method") or ""
    if method in values(DeliveryMethod):
        found.delivery_method = method
    elif method:
        found.errors.append("delivery_method")
    exception = args.get("exception") or "any"
    if exception in order_desk.EXCEPTION_FILTERS:
        found.exception = exception
    else:
        found.errors.append("exception")
    page = args.get("page") or "1"
    found.page = int(page) if page.isdigit() and 0 < len(page) < 7 and int(page) > 0 else 1
    return found


def has_exception():
    """SQL: an exception on the order or on one of its receipt lines (as an id list, so
    both indexed exception columns are read rather than every order)."""
    flagged = aliased(Order)
    ids = union_all(select(flagged.id).where(flagged.exception.is_not(None)),
                    select(OrderReceiptLine.order_id)
                    .where(OrderReceiptLine.exception.is_not(None)))
    return Order.id.in_(ids.scalar_subquery())


def _local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone))


def _conditions(user: User, f: QueueFilters, today: date, zone: str) -> list:
    where = [order_filter(user)]
    if f.status == "undelivered" or f.status == "late":
        where.append(Order.status.in_(order_desk.awaiting_delivery()))
        if f.status == "late":
            where.append(Order.delivery_date < today)
    elif f.status != "all":
        where.append(Order.status == f.status)
    if f.placed_from:
        where.append(Order.placed_at >= _local_midnight(f.placed_from, zone))
    if f.placed_to:
        where.append(Order.placed_at < _local_midnight(f.placed_to + timedelta(days=1), zone))
    if f.region_id is not None:
        territories = select(Territory.id).where(Territory.region_id == f.region_id)
        stores = select(Store.id).where(Store.territory_id.in_(territories.scalar_subquery()))
        where.append(Order.store_id.in_(stores.scalar_subquery()))
    if f.delivery_method:
        where.append(Order.delivery_method == f.delivery_method)
    if f.exception == "has":
        where.append(has_exception())
    elif f.exception == "none":
        where.append(~has_exception())
    return where


@dataclass
class QueueRow:
    """One order in the queue, with its store and how late it is."""

    id: int
    number: str
    status: str
    channel: str
    placed_at: datetime
    delivery_date: date | None
    delivery_method: str
    total_fen: int
    store_name: str
    customer_code: str
    exception: bool
    days_late: int


@dataclass
class QueuePage:
    """A page of the queue and how many orders the filters hold in all."""

    rows: list[QueueRow]
    total: int  # at most COUNT_CAP; `more` says there are more
    page: int
    pages: int  # known pages (one more while the last one read was full)
    more: bool = False


def order_queue(session: Session, user: User, f: QueueFilters, today: date,
                zone: str) -> QueuePage:
    """One page of the orders in `user`'s scope that pass `f`: the late ones by their
    promise (oldest first), every other view newest first."""
    where = _conditions(user, f, today, zone)
    cap = order_desk.COUNT_CAP
    counted = select(Order.id).where(and_(*where)).limit(cap + 1).subquery()
    total = session.scalar(select(func.count()).select_from(counted)) or 0
    size = order_desk.QUEUE_PAGE_SIZE
    pages = max(1, -(-min(total, cap) // size))
    # beyond the counted orders the pager goes on while pages are full
    page = f.page if total > cap else min(f.page, pages)
    if f.status == "late":
        order_by = (Order.delivery_date.asc(), Order.id.asc())
    elif f.status == "undelivered":
        # an expression, so SQLite finds the few undelivered orders by their status and
        # sorts them, rather than walking a year of orders down the date index
        order_by = (func.coalesce(Order.placed_at, Order.placed_at).desc(), Order.id.desc())
    else:
        order_by = (Order.placed_at.desc(), Order.id.desc())
    found = session.execute(
        select(Order.id, Order.number, Order.status, Order.channel, Order.placed_at,
               Order.delivery_date, Order.delivery_method, Order.total_fen, Store.name,
               Store.customer_code, Order.exception)
        .join(Store, Store.id == Order.store_id).where(and_(*where))
        .order_by(*order_by).limit(size + 1).offset((page - 1) * size)).all()
    more = len(found) > size
    found = found[:size]
    flagged = _line_exceptions(session, [r[0] for r in found])
    rows = [QueueRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                     r[10] is not None or r[0] in flagged,
                     order_desk.days_late(r[5], r[2], today)) for r in found]
    return QueuePage(rows, min(total, cap), page, max(pages, page + more), total > cap)


def _line_exceptions(session: Session, order_ids: list[int]) -> set[int]:
    if not order_ids:
        return set()
    return set(session.scalars(select(OrderReceiptLine.order_id).where(
        OrderReceiptLine.order_id.in_(order_ids), OrderReceiptLine.exception.is_not(None))))


def visible_regions(session: Session, user: User) -> list[Region]:
    """The regions holding stores in `user`'s scope (the region filter's choices)."""
    in_scope = select(Territory.region_id).join(Store, Store.territory_id == Territory.id) \
        .where(store_filter(user))
    return list(session.scalars(select(Region).where(Region.id.in_(in_scope.scalar_subquery()))
                                .order_by(Region.code)))


ORDER_STATUS_CHOICES = values(OrderStatus)
