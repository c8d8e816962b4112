"""Orders: the owner's order from the app, 订单科's order taken by phone, and the order
desk's moves (spec §2.4, §3.5).

The server checks everything again whatever the page checked: the ordering window of the
store's order domain, the allocation limits over their period, each product's minimum and
multiple, and the prices (the wholesale price now, in fen). A refused order raises
`OrderRefused` with every problem, per line, and stores nothing. Moves go through the
status machine (`webapp.rules.order_status`), the role and the order's version: a move
names the version it saw, and a stale one is refused, never overwritten. Each write adds
an `order_status_change` row (who, when) and an audit line. Nothing commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..models import Order, OrderLine, OrderStatusChange, User, utcnow
from ..rules import order_status as status_rules
from ..rules import ordering
from ..rules.codes import NotificationKind, OrderChannel, OrderProblem, OrderStatus
from ..rules.settings import DEFAULT_SETTINGS, ServiceSettings
from ..scope import get_visible_order, get_visible_store
from .audit import record_audit
from .notifications import notify
from .ordering_data import (
    already_ordered,
    lock_store,
    product_rules,
    store_limits,
    store_windows,
)
from .refusals import ActionRefused

REASON_MAX_CHARS = 500


class OrderRefused(ActionRefused):
    """An order the rules refuse: `problems` lists each reason (code, line, parameters)."""

    def __init__(self, problems: list[ordering.Problem]) -> None:
        super().__init__("order_refused", ", ".join(str(p.code) for p in problems))
        self.problems = problems


def _lines(lines: Iterable[Any]) -> list[tuple[Any, Any]]:
    """(product id, quantity) pairs from pairs or mappings; anything else is a bad line."""
    pairs = []
    for line in lines or ():
        if isinstance(line, Mapping):
            pairs.append((line.get("product_id"), line.get("quantity")))
        elif isinstance(line, (tuple, list)) and len(line) == 2:
            pairs.append((line[0], line[1]))
        else:
            pairs.append((None, None))
    return pairs


def place_order(session: Session, user: User, store_id: int, lines: Iterable[Any],
                delivery_method: str | None, wanted_date: date | None, note: str | None,
                now: datetime, settings: ServiceSettings = DEFAULT_SETTINGS,
                channel: str = OrderChannel.APP) -> Order:
    """Store the order of `store_id` if every rule holds, else raise `OrderRefused`.

    An owner orders in the app for their own stores; HQ staff take orders by phone
    (`enter_phone_order`); anyone else is refused (`not_allowed`), and a store outside
    the user's scope is `not_found`. `delivery_method` None means the store's own.
    """
    allowed = {OrderChannel.APP: status_rules.APP_ORDER_ROLES,
               OrderChannel.PHONE: status_rules.PHONE_ORDER_ROLES}.get(channel, frozenset())
    if user.role not in allowed:
        raise ActionRefused("not_allowed", f"{user.role} cannot place {channel} orders")
    store = get_visible_store(session, user, store_id)
    if store is None:
        raise ActionRefused("not_found", f"store {store_id!r}")
    lock_store(session, store.id)
    zone = settings.timezone
    cart = _lines(lines)
    products = product_rules(session, (product for product, _ in cart))
    limits = store_limits(session, store.id, products)
    check = ordering.check_cart(cart, products, limits,
                                already_ordered(session, store.id, limits, now, zone),
                                store_windows(session, store), now, zone)
    method = store.delivery_method if delivery_method is None else delivery_method
    note = note.strip() or None if isinstance(note, str) else note
    problems = check.problems + ordering.details_problems(method, wanted_date, note, now, zone)
    if store.status != "active":
        problems.insert(0, ordering.Problem(OrderProblem.STORE_NOT_ACTIVE))
    if problems:
        raise OrderRefused(problems)
    order = Order(number=f"pending-{uuid4().hex[:24]}", store_id=store.id,
                  placed_by_id=user.id if channel == OrderChannel.APP else store.owner_id,
                  entered_by_id=user.id, channel=str(channel), status=OrderStatus.SUBMITTED,
                  total_fen=check.total_fen, placed_at=now, delivery_method=method,
                  wanted_date=wanted_date, note=note, version=1)
    session.add(order)
    session.flush()
    order.number = f"SO{now.astimezone(ZoneInfo(zone)):%Y%m%d}-{order.id:07d}"
    session.add_all([OrderLine(order_id=order.id, product_id=line.product_id,
                               quantity=line.quantity, unit_price_fen=line.unit_price_fen)
                     for line in check.lines])
    session.add(OrderStatusChange(order_id=order.id, status=OrderStatus.SUBMITTED, at=now,
                                  by_id=user.id))
    record_audit(session, user, f"order.placed_{channel}", "order", order.id,
                 {"store_id": store.id, "number": order.number, "total_fen": order.total_fen,
                  "lines": [[line.product_id, line.quantity] for line in check.lines]})
    session.flush()
    return order


def enter_phone_order(session: Session, user: User, store_id: int, lines: Iterable[Any],
                      delivery_method: str | None, wanted_date: date | None, note: str | None,
                      now: datetime, settings: ServiceSettings = DEFAULT_SETTINGS) -> Order:
    """订单科 enters the order a store gave by phone [000 准确录入客户订单]: the same rules,
    marked channel phone, with the clerk as `entered_by` and the owner as `placed_by`."""
    return place_order(session, user, store_id, lines, delivery_method, wanted_date, note,
                       now, settings, channel=OrderChannel.PHONE)


def move_order(session: Session, user: User, order_id: int, to_status: str,
               expected_version: int, reason: str | None = None, *,
               now: datetime | None = None, delivery_date: date | None = None,
               settings: ServiceSettings = DEFAULT_SETTINGS) -> Order:
    """Move an order one step, if the role, the scope, the version and the status machine
    all allow it; records who and when. Confirming sets the promised delivery date
    (`delivery_date`, else the owner's wish, else tomorrow); rejecting needs a reason.

    Refusals (`ActionRefused.reason`): not_allowed, not_found, stale_version,
    illegal_transition, reason_required.
    """
    if user.role not in status_rules.ORDER_DESK_ROLES | status_rules.APP_ORDER_ROLES:
        raise ActionRefused("not_allowed", f"{user.role} cannot move orders")
    order = get_visible_order(session, user, order_id, for_write=True)
    if order is None:
        raise ActionRefused("not_found", f"order {order_id!r}")
    if not status_rules.may_move(user.role, str(to_status)):
        raise ActionRefused("not_allowed", f"{user.role} cannot move an order to {to_status}")
    if (isinstance(expected_version, bool) or not isinstance(expected_version, int)
            or expected_version != order.version):
        raise ActionRefused("stale_version", f"order is at version {order.version}")
    try:
        target = status_rules.transition(order.status, str(to_status))
    except status_rules.IllegalTransition as error:
        raise ActionRefused("illegal_transition", error.reason) from None
    reason = (reason or "").strip()[:REASON_MAX_CHARS] or None
    if target in status_rules.REASON_REQUIRED and not reason:
        raise ActionRefused("reason_required")
    now = now or utcnow()
    values: dict[str, Any] = {"status": str(target), "version": Order.version + 1}
    if target == OrderStatus.CONFIRMED:
        tomorrow = now.astimezone(ZoneInfo(settings.timezone)).date() + timedelta(days=1)
        values["delivery_date"] = delivery_date or order.wanted_date or tomorrow
    moved = session.execute(update(Order).where(
        Order.id == order.id, Order.version == expected_version).values(**values)
        .execution_options(synchronize_session=False))
    if moved.rowcount != 1:  # another clerk moved it since it was read
        raise ActionRefused("stale_version", "the order changed meanwhile")
    previous = order.status
    session.add(OrderStatusChange(order_id=order.id, status=str(target), at=now, by_id=user.id,
                                  note=reason))
    record_audit(session, user, f"order.{target}", "order", order.id,
                 {"store_id": order.store_id, "from": previous, "reason": reason,
                  "version": expected_version + 1})
    session.flush()
    session.refresh(order)
    if target == OrderStatus.OUT_FOR_DELIVERY:
        # 到货通知 [000 到货时间等信息] (issue 11 item 7): the store's owner hears the
        # order is on its way; the dedupe key sends it once however often this runs.
        notify(session, [order.store.owner_id], NotificationKind.ORDER_OUT_FOR_DELIVERY,
               "order", order.id, f"order:{order.id}:out_for_delivery", store_id=order.store_id,
               params={"number": order.number,
                       "delivery_date": order.delivery_date.isoformat()
                       if order.delivery_date else None}, now=now)
    return order


def cancel_order(session: Session, user: User, order_id: int, expected_version: int,
                 reason: str | None = None, *, now: datetime | None = None) -> Order:
    """Cancel an order that is not yet confirmed (its owner, or the order desk)."""
    return move_order(session, user, order_id, OrderStatus.CANCELLED, expected_version,
                      reason, now=now)
