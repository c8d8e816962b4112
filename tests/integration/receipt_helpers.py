"""Orders brought to `delivered` through the order desk's real moves, photos made with
Pillow, and the counts a refused receipt must leave alone (issue 11 items 6, 7)."""

import io

from order_helpers import order
from PIL import Image
from sqlalchemy import func, select

from webapp.models import (
    Notification,
    Order,
    OrderReceiptLine,
    OrderStatusChange,
    Photo,
    SurveyAnswer,
    Ticket,
    TicketEvent,
)
from webapp.rules.codes import OrderStatus
from webapp.services.orders import move_order

S = OrderStatus
TO_DELIVERED = [S.CONFIRMED, S.PICKING, S.OUT_FOR_DELIVERY, S.DELIVERED]


def delivered(db, world, **kwargs) -> Order:
    """A new order of owner1's store (25 crates, 3 cartons), moved by HQ to delivered."""
    placed = order(db, world, **kwargs)
    for version, target in enumerate(TO_DELIVERED, start=1):
        move_order(db.session, world.hq, placed.id, target, version)
    db.session.commit()
    return db.session.get(Order, placed.id)


def jpeg(colour=(200, 40, 40), size=(64, 48)) -> bytes:
    """A small real JPEG."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def png() -> bytes:
    """A small real PNG (a signature)."""
    out = io.BytesIO()
    Image.new("RGBA", (120, 60), (255, 255, 255, 0)).save(out, "PNG")
    return out.getvalue()


def receipt_counts(db) -> tuple[int, ...]:
    """Receipt lines, photos, tickets, ticket events, status changes, surveys, notices."""
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (OrderReceiptLine, Photo, Ticket, TicketEvent,
                               OrderStatusChange, SurveyAnswer, Notification))
