"""The store's receipt of a delivered order (签收, spec §2.5, §3.6; issue 11 item 6).

The owner confirms each line (cartons received), signs (a name, and a finger signature
kept as a photo, owner type `order_signature`), or reports exceptions per line or for
the whole order. What happens next:

- everything arrived and nothing went wrong: the order moves `delivered → completed`
  (the handover is signed; settlement and the survey follow, spec §3.5 step 7);
- anything else: the order stays `delivered`, flagged with its gravest exception, and
  each exception opens a ticket linked to the order and its lines
  (`services.delivery_tickets`); HQ completes the order once it is handled.

Refusals (`ReceiptRefused`, an `ActionRefused` with `problems` for the form):
not_allowed, not_found, not_delivered, already_received, stale_version, receipt_refused
(bad lines: see `rules.order_receipts`), photo_not_image. A refused receipt stores
nothing: every photo is checked before anything is written. A second receipt of the
same order is refused (`already_received`), so a double submit doubles nothing.
Nothing commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import Order, OrderLine, OrderReceiptLine, OrderStatusChange, Photo, Ticket, User
from ..rules import order_receipts as receipt_rules
from ..rules import roles
from ..rules.calendar import DEFAULT_CALENDAR, WorkCalendar
from ..rules.codes import OrderStatus
from ..rules.settings import DEFAULT_SETTINGS, ServiceSettings
from ..scope import get_visible_order
from .audit import record_audit
from .delivery_tickets import open_exception_tickets
from .photo_errors import PhotoError
from .photos import inspect_image, store_photo
from .refusals import ActionRefused

LineEntry = receipt_rules.LineEntry
DAMAGE_PHOTO = "delivery_exception"
SIGNATURE_PHOTO = "order_signature"


class ReceiptRefused(ActionRefused):
    """A receipt that cannot be stored; `problems` lists each reason, per line."""

    def __init__(self, reason: str, problems: list[receipt_rules.ReceiptProblem] | None = None,
                 detail: str = "") -> None:
        super().__init__(reason, detail or ", ".join(p.code for p in problems or ()))
        self.problems = problems or []


@dataclass
class Receipt:
    """A stored receipt: the order as it is now and the tickets it opened."""

    order: Order
    tickets: list[Ticket]
    completed: bool


def _load(session: Session, user: User, order_id: int, expected_version: int) -> Order:
    if user.role not in roles.OWNER_ROLES:
        raise ReceiptRefused("not_allowed", detail=f"{user.role} does not sign for orders")
    order = get_visible_order(session, user, order_id, for_write=True)
    if order is None:
        raise ReceiptRefused("not_found", detail=f"order {order_id!r}")
    if order.received_by_id is not None or session.scalar(
            select(OrderReceiptLine.id).where(OrderReceiptLine.order_id == order.id).limit(1)):
        raise ReceiptRefused("already_received")
    if order.status != OrderStatus.DELIVERED:
        raise ReceiptRefused("not_delivered", detail=order.status)
    if (isinstance(expected_version, bool) or not isinstance(expected_version, int)
            or expected_version != order.version):
        raise ReceiptRefused("stale_version", detail=f"order is at version {order.version}")
    return order


def _check_images(photos: Mapping[int | None, list[bytes]], signature: bytes | None) -> None:
    """Every photo and the signature must be a real image before anything is stored."""
    for line_id, images in photos.items():
        for data in images:
            try:
                inspect_image(data)
            except PhotoError as error:
                problem = receipt_rules.ReceiptProblem("photo_not_image", line_id)
                raise ReceiptRefused("photo_not_image", [problem]) from error
    if signature is not None:
        try:
            inspect_image(signature)
        except PhotoError as error:
            raise ReceiptRefused("photo_not_image",
                                 [receipt_rules.ReceiptProblem("signature_not_image")]) from error


def confirm_receipt(session: Session, user: User, order_id: int, expected_version: int,
                    entries: Mapping[int, LineEntry], *, signer: str,
                    upload_dir: str, now: datetime, order_exception: str | None = None,
                    order_note: str | None = None,
                    photos: Mapping[int | None, list[bytes]] | None = None,
                    signature: bytes | None = None,
                    settings: ServiceSettings = DEFAULT_SETTINGS,
                    calendar: WorkCalendar = DEFAULT_CALENDAR) -> Receipt:
    """Store the owner's receipt of delivered order `order_id` (see the module docstring).

    `entries` maps each order line id to what was typed; `photos` maps a line id (None:
    the whole order) to the photos' bytes; `signature` is the finger signature (PNG).
    """
    order = _load(session, user, order_id, expected_version)
    photos = {key: list(value) for key, value in (photos or {}).items() if value}
    lines = {line.id: line for line in session.scalars(
        select(OrderLine).where(OrderLine.order_id == order.id))}
    counted = {line_id: LineEntry(entry.received, entry.exception, entry.note,
                                  len(photos.get(line_id, ())))
               for line_id, entry in entries.items()}
    check = receipt_rules.check_receipt({i: line.quantity for i, line in lines.items()},
                                        counted, signer, order_exception,
                                        len(photos.get(None, ())))
    if check.problems:
        raise ReceiptRefused("receipt_refused", check.problems)
    _check_images(photos, signature)
    flag = receipt_rules.order_flag(check)
    values: dict = {"version": Order.version + 1, "signed_by": signer.strip()[:100],
                    "signed_at": now, "received_by_id": user.id, "exception": flag,
                    "exception_note": (order_note or "").strip()[:500] or None}
    if check.all_correct:
        values["status"] = OrderStatus.COMPLETED
    moved = session.execute(update(Order).where(
        Order.id == order.id, Order.version == expected_version).values(**values)
        .execution_options(synchronize_session=False))
    if moved.rowcount != 1:  # someone moved it since it was read
        raise ReceiptRefused("stale_version", detail="the order changed meanwhile")
    photo_ids: dict[int | None, list[str]] = {}
    for line_id, images in photos.items():
        for data in images:
            photo, _ = store_photo(session, upload_dir, user, str(uuid4()), data, DAMAGE_PHOTO,
                                   str(order.id), kind="damage")
            photo_ids.setdefault(line_id, []).append(photo.id)
    if signature is not None:
        signed, _ = store_photo(session, upload_dir, user, str(uuid4()), signature,
                                SIGNATURE_PHOTO, str(order.id), kind="signature")
        session.execute(update(Order).where(Order.id == order.id)
                        .values(signature_photo_id=signed.id)
                        .execution_options(synchronize_session=False))
    session.add_all([OrderReceiptLine(order_id=order.id, order_line_id=line.line_id,
                                      received_quantity=line.received,
                                      exception=line.exception, note=line.note,
                                      recorded_at=now) for line in check.lines])
    session.add(OrderStatusChange(order_id=order.id, status=values.get("status", order.status),
                                  exception=flag, at=now, by_id=user.id,
                                  note=values["exception_note"]))
    tickets = open_exception_tickets(session, user, order, check, lines, photo_ids,
                                     values["exception_note"], now, settings, calendar)
    record_audit(session, user, "order.received", "order", order.id,
                 {"store_id": order.store_id, "all_correct": check.all_correct,
                  "exception": flag, "tickets": [t.number for t in tickets],
                  "lines": [[line.line_id, line.received, line.exception]
                            for line in check.lines]})
    session.flush()
    session.refresh(order)
    return Receipt(order, tickets, check.all_correct)


def order_photos(session: Session, order: Order) -> list[Photo]:
    """The damage photos and the signature of an order (the caller checked the order)."""
    return list(session.scalars(select(Photo).where(
        Photo.owner_type.in_((DAMAGE_PHOTO, SIGNATURE_PHOTO)),
        Photo.owner_id == str(order.id)).order_by(Photo.created_at, Photo.id)))
