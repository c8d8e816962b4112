"""What the owner's order pages read: the list of the current store's orders and one
order with its timeline, lines, receipt, tickets and photos. No Flask.

Every order is found through the scoping helper (`scope.get_visible_order`): an owner
asking for another owner's order gets None, and the page answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    Order,
    OrderLine,
    OrderReceiptLine,
    OrderStatusChange,
    Photo,
    Store,
    Ticket,
    User,
)
from ..rules import roles
from ..rules.codes import OrderStatus
from ..rules.order_status import allowed_targets
from ..scope import get_visible_order
from ..services.order_receipts import order_photos

LIST_ORDERS = 50


@dataclass(frozen=True)
class Step:
    """One step of the timeline: the status, when, and who moved it as the owner knows
    them (`who`: 'you', 'owner', 'order_desk', 'manager', 'rep' or None)."""

    status: str
    at: object
    who: str | None
    name: str | None
    exception: str | None
    note: str | None


@dataclass
class DetailLine:
    """One order line with its product and what the receipt said of it."""

    line: OrderLine
    receipt: OrderReceiptLine | None

    @property
    def amount_fen(self) -> int:
        return self.line.quantity * self.line.unit_price_fen


@dataclass
class OrderDetail:
    """Everything the owner's order page shows."""

    order: Order
    steps: list[Step]
    lines: list[DetailLine]
    tickets: list[Ticket]
    photos: list[Photo] = field(default_factory=list)
    cancellable: bool = False
    receivable: bool = False

    @property
    def signature(self) -> Photo | None:
        return next((p for p in self.photos if p.owner_type == "order_signature"), None)

    @property
    def damage_photos(self) -> list[Photo]:
        return [p for p in self.photos if p.owner_type == "delivery_exception"]


def store_order_list(session: Session, store: Store, limit: int = LIST_ORDERS) -> list[Order]:
    """The latest orders of the current store (the caller got it from `current_store`)."""
    return list(session.scalars(
        select(Order).where(Order.store_id == store.id)
        .order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)))


def _who(step: OrderStatusChange, viewer: User) -> str | None:
    """Who moved a step, as an owner knows them: HQ's clerks are the order desk (订单科)."""
    if step.by is None:
        return None
    if step.by.id == viewer.id:
        return "you"
    return {roles.STORE_OWNER: "owner", roles.HQ_STAFF: "order_desk",
            roles.ADMIN: "order_desk", roles.MARKET_MANAGER: "manager",
            roles.REP: "rep"}.get(step.by.role)


def order_detail(session: Session, viewer: User, order_id: int) -> OrderDetail | None:
    """One order of the viewer's stores with everything its page shows; None (404) for an
    order the viewer may not see."""
    order = get_visible_order(session, viewer, order_id)
    if order is None:
        return None
    history = session.scalars(select(OrderStatusChange).where(
        OrderStatusChange.order_id == order.id).options(selectinload(OrderStatusChange.by))
        .order_by(OrderStatusChange.at, OrderStatusChange.id)).all()
    steps = [Step(h.status, h.at, _who(h, viewer),
                  h.by.display_name if h.by is not None and h.by.role == roles.STORE_OWNER
                  else None, h.exception, h.note) for h in history]
    receipts = {r.order_line_id: r for r in session.scalars(
        select(OrderReceiptLine).where(OrderReceiptLine.order_id == order.id))}
    lines = session.scalars(select(OrderLine).where(OrderLine.order_id == order.id)
                            .options(selectinload(OrderLine.product))
                            .order_by(OrderLine.id)).all()
    tickets = list(session.scalars(select(Ticket).where(Ticket.order_id == order.id)
                                   .order_by(Ticket.received_at, Ticket.number)))
    received = bool(receipts) or order.received_by_id is not None
    return OrderDetail(
        order=order, steps=steps,
        lines=[DetailLine(line, receipts.get(line.id)) for line in lines], tickets=tickets,
        photos=order_photos(session, order),
        cancellable=OrderStatus.CANCELLED in allowed_targets(order.status),
        receivable=order.status == OrderStatus.DELIVERED and not received)


def order_photo(session: Session, viewer: User, order_id: int, photo_id: str) -> Photo | None:
    """A damage photo or signature of an order the viewer may see, else None (404)."""
    order = get_visible_order(session, viewer, order_id)
    if order is None:
        return None
    return next((p for p in order_photos(session, order) if p.id == photo_id), None)
