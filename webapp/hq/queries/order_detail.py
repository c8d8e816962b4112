"""One order as the order desk sees it, and the delivery exceptions list (spec §2.5,
§3.6): lines, totals, timeline (who, when), the moves its status allows, receipt lines,
photos of the exception, and the tickets linked to it with their deadlines. Every order
is found through `webapp.scope`. No Flask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ...models import Order, OrderLine, OrderReceiptLine, OrderStatusChange, Photo, Ticket, User
from ...rules import order_desk
from ...rules import order_status as status_rules
from ...rules.ticket_status import SETTLED_STATUSES
from ...scope import get_visible_order, order_filter
from .orders import has_exception

EXCEPTION_PHOTO = "delivery_exception"  # Photo.owner_type of a delivery exception's photos
EXCEPTIONS_LIMIT = 100
# the buttons in the order the desk works through them
MOVE_ORDER = ("confirmed", "picking", "out_for_delivery", "delivered", "completed",
              "rejected", "cancelled")


@dataclass
class TicketDeadline:
    """A ticket linked to an order, its nearest open deadline and whether it passed."""

    ticket: Ticket
    due_at: datetime | None
    overdue: bool
    first_answer: bool = False  # the deadline is the first answer's, not the resolution's


@dataclass
class OrderView:
    """Everything the order page shows."""

    order: Order
    lines: list[OrderLine]
    history: list[OrderStatusChange]
    receipt: dict[int, OrderReceiptLine]  # by order line id
    moves: list[str]
    days_late: int
    photos: list[Photo] = field(default_factory=list)
    tickets: list[TicketDeadline] = field(default_factory=list)


def ticket_deadline(ticket: Ticket, now: datetime) -> TicketDeadline:
    """The deadline a ticket is working to: its first answer until answered, then its
    resolution; none once settled."""
    if ticket.status in SETTLED_STATUSES:
        return TicketDeadline(ticket, None, False)
    first = ticket.first_answer_due_at if ticket.first_answered_at is None else None
    due = first or ticket.resolve_due_at
    return TicketDeadline(ticket, due, due is not None and due < now, first is not None)


def order_tickets(session: Session, order_ids: list[int], now: datetime) -> dict[int, list]:
    """The tickets linked to each order (Ticket.order_id), oldest first."""
    found: dict[int, list[TicketDeadline]] = {}
    if not order_ids:
        return found
    for ticket in session.scalars(select(Ticket).where(Ticket.order_id.in_(order_ids))
                                  .order_by(Ticket.received_at)):
        found.setdefault(ticket.order_id, []).append(ticket_deadline(ticket, now))
    return found


def exception_photos(session: Session, order_ids: list[int]) -> dict[int, list[Photo]]:
    """The delivery-exception photos of each order."""
    found: dict[int, list[Photo]] = {}
    if not order_ids:
        return found
    for photo in session.scalars(select(Photo).where(
            Photo.owner_type == EXCEPTION_PHOTO,
            Photo.owner_id.in_([str(i) for i in order_ids])).order_by(Photo.created_at)):
        found.setdefault(int(photo.owner_id), []).append(photo)
    return found


def order_view(session: Session, user: User, order_id: int, today: date,
               now: datetime) -> OrderView | None:
    """The order page's data, or None when the order is not in `user`'s scope."""
    order = get_visible_order(session, user, order_id)
    if order is None:
        return None
    lines = list(session.scalars(select(OrderLine).options(joinedload(OrderLine.product))
                                 .where(OrderLine.order_id == order.id).order_by(OrderLine.id)))
    history = list(session.scalars(select(OrderStatusChange)
                                   .options(joinedload(OrderStatusChange.by))
                                   .where(OrderStatusChange.order_id == order.id)
                                   .order_by(OrderStatusChange.at, OrderStatusChange.id)))
    receipt = {r.order_line_id: r for r in session.scalars(
        select(OrderReceiptLine).where(OrderReceiptLine.order_id == order.id))}
    allowed = status_rules.allowed_targets(order.status)
    moves = [m for m in MOVE_ORDER if m in allowed and status_rules.may_move(user.role, m)]
    return OrderView(order, lines, history, receipt, moves,
                     order_desk.days_late(order.delivery_date, order.status, today),
                     exception_photos(session, [order.id]).get(order.id, []),
                     order_tickets(session, [order.id], now).get(order.id, []))


@dataclass
class ExceptionRow:
    """An order with a delivery exception, its lines' exceptions, photos and tickets."""

    order: Order
    line_exceptions: list[OrderReceiptLine]
    photos: list[Photo]
    tickets: list[TicketDeadline]


def delivery_exceptions(session: Session, user: User, now: datetime) -> list[ExceptionRow]:
    """Orders in scope with a delivery exception, newest first (at most EXCEPTIONS_LIMIT)."""
    orders = list(session.scalars(
        select(Order).options(joinedload(Order.store), selectinload(Order.lines))
        .where(order_filter(user), has_exception())
        .order_by(Order.placed_at.desc(), Order.id.desc()).limit(EXCEPTIONS_LIMIT)))
    ids = [o.id for o in orders]
    lines: dict[int, list[OrderReceiptLine]] = {}
    if ids:
        for row in session.scalars(select(OrderReceiptLine).where(
                OrderReceiptLine.order_id.in_(ids), OrderReceiptLine.exception.is_not(None))
                .order_by(OrderReceiptLine.id)):
            lines.setdefault(row.order_id, []).append(row)
    photos = exception_photos(session, ids)
    tickets = order_tickets(session, ids, now)
    return [ExceptionRow(o, lines.get(o.id, []), photos.get(o.id, []), tickets.get(o.id, []))
            for o in orders]


def visible_exception_photo(session: Session, user: User, photo_id: str) -> Photo | None:
    """A delivery-exception or signature photo of an order `user` may read, else None."""
    photo = session.get(Photo, photo_id) if isinstance(photo_id, str) else None
    if photo is None or photo.owner_type not in (EXCEPTION_PHOTO, "order_signature"):
        return None
    if not photo.owner_id.isdigit() or len(photo.owner_id) > 18:
        return None
    return photo if get_visible_order(session, user, int(photo.owner_id)) else None
