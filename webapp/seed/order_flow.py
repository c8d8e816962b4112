"""owner1's orders in every status for the demo (issue 11): one going out for delivery
today, one delivered and waiting to be signed for, one completed whose survey waits, and
one delivered with a damaged line, its photo and its ticket.

No random numbers are drawn here (the rest of the data set stays as it was): every time
is counted back from the end of the history (the clock's now), every id is fixed. The
damage photo is a small JPEG drawn with Pillow, written into the upload folder when the
seed is given one (`SeedSpec.upload_dir`, the demo's), else only its row is stored.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import imagehash
from PIL import Image, ImageDraw
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import (
    Notification,
    Order,
    OrderLine,
    OrderReceiptLine,
    OrderStatusChange,
    Photo,
    Ticket,
    TicketEvent,
)
from ..rules.calendar import WorkCalendar
from ..rules.settings import ServiceSettings
from ..rules.tickets import TicketFacts, authority_tier, classify_severity, ticket_deadlines
from ..services.ticket_support import store_raised_holders
from ..services.tickets import allocate_ticket_numbers
from .history import local_moment
from .people import World

CHAIN = ["submitted", "confirmed", "picking", "out_for_delivery", "delivered", "completed"]
# (status the order reached, hours before now it was placed, channel, note of its last step)
OWNER1_ORDERS = [
    ("submitted", 2, "app", None),
    ("confirmed", 26, "phone", None),
    ("rejected", 50, "app", "该品牌本周货源已投放完毕，请下周再订"),
    ("picking", 28, "app", None),
    ("out_for_delivery", 25, "app", None),  # the arrival notice of today
    ("delivered", 30, "app", None),  # waiting to be signed for
    ("damaged", 54, "app", None),  # delivered, signed with a damaged line: a ticket
    ("completed", 75, "app", None),  # signed, all correct: the survey waits
    ("cancelled", 80, "app", "订错了"),
]


def _fixed_id(n: int) -> str:
    return str(uuid.UUID(int=0xD3E0_0000_0000_0000_0000_0000_0000_0000 + n, version=4))


def damage_jpeg() -> bytes:
    """A small, valid JPEG of a torn carton (always the same bytes)."""
    image = Image.new("RGB", (320, 240), (196, 160, 112))
    pen = ImageDraw.Draw(image)
    pen.rectangle((40, 40, 280, 200), outline=(90, 60, 30), width=6)
    pen.line((60, 60, 200, 190), fill=(60, 30, 10), width=9)
    pen.line((200, 60, 120, 150), fill=(60, 30, 10), width=7)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def seed_owner1_orders(session: Session, world: World, end: date, tz: ZoneInfo,
                       next_seq: int, upload_dir: str | None) -> int:
    """owner1's demo orders (see the module docstring); returns the next change number."""
    stores = [s for s in world.stores if world.owner_ids and s["owner_id"] == world.owner_ids[0]]
    if not stores or not world.assortment.get(stores[0]["id"]):
        return next_seq
    now = world.until or local_moment(end, 18, tz)
    store, owner = stores[0], world.owner_ids[0]
    products = world.assortment[store["id"]][:3]
    for k, (reached, hours, channel, note) in enumerate(OWNER1_ORDERS, start=1):
        placed = now - timedelta(hours=hours)
        status = "delivered" if reached == "damaged" else reached
        steps = _steps(status)
        day = placed.astimezone(tz).date()
        lines = [(p, 25 if i == 0 else 5 * (i + 1), world.product_prices[p][1])
                 for i, p in enumerate(products[:2 if k % 2 else 3])]
        order_id = session.execute(insert(Order).values(
            number=f"SO{day:%Y%m%d}-9{k:06d}", store_id=store["id"], placed_by_id=owner,
            entered_by_id=world.hq_id if channel == "phone" else owner, channel=channel,
            delivery_method=store["delivery_method"], status=status,
            total_fen=sum(q * p for _, q, p in lines), placed_at=placed,
            delivery_date=None if status in ("submitted", "rejected", "cancelled")
            else end if status == "out_for_delivery" else day + timedelta(days=1),
            version=len(steps), signed_by=store["owner_name"] if reached in ("damaged",
                                                                             "completed") else None,
            signed_at=now - timedelta(hours=hours - 24) if reached in ("damaged", "completed")
            else None, received_by_id=owner if reached in ("damaged", "completed") else None,
            exception="damaged" if reached == "damaged" else None)).inserted_primary_key[0]
        line_ids = [session.execute(insert(OrderLine).values(
            order_id=order_id, product_id=p, quantity=q, unit_price_fen=price))
            .inserted_primary_key[0] for p, q, price in lines]
        for n, step in enumerate(steps):
            by = owner if step in ("submitted", "cancelled", "completed") else world.hq_id
            session.execute(insert(OrderStatusChange).values(
                order_id=order_id, status=step, at=placed + timedelta(hours=n * min(4, hours / 8)),
                by_id=by, note=note if n == len(steps) - 1 else None))
        if status == "out_for_delivery":
            session.execute(insert(Notification).values(
                user_id=owner, kind="order_out_for_delivery", store_id=store["id"],
                subject_type="order", subject_id=str(order_id),
                params={"number": f"SO{day:%Y%m%d}-9{k:06d}", "delivery_date": end.isoformat()},
                dedupe_key=f"order:{order_id}:out_for_delivery",
                created_at=now - timedelta(hours=1)))
        if reached in ("damaged", "completed"):
            received_at = now - timedelta(hours=hours - 24)
            session.execute(insert(OrderReceiptLine), [
                {"order_id": order_id, "order_line_id": line_id,
                 "received_quantity": q, "recorded_at": received_at,
                 "exception": "damaged" if reached == "damaged" and i == 0 else None,
                 "note": "外箱破损，两条受潮" if reached == "damaged" and i == 0 else None}
                for i, (line_id, (_, q, _price)) in enumerate(zip(line_ids, lines, strict=True))])
        if reached == "damaged":
            session.execute(insert(OrderStatusChange).values(
                order_id=order_id, status="delivered", exception="damaged",
                at=now - timedelta(hours=hours - 24), by_id=owner))
            next_seq = _damage_ticket(session, store, owner, order_id, line_ids[0],
                                      lines[0][1] * lines[0][2], now - timedelta(hours=hours - 24),
                                      tz, next_seq, upload_dir)
    return next_seq


def _steps(status: str) -> list[str]:
    if status in ("rejected", "cancelled"):
        return ["submitted", status]
    return CHAIN[:CHAIN.index(status) + 1]


def _damage_ticket(session: Session, store: dict, owner: int, order_id: int, line_id: int,
                   value_fen: int, received: datetime, tz: ZoneInfo, next_seq: int,
                   upload_dir: str | None) -> int:
    """The damaged line's photo and its ticket, with the rules' tier and deadlines."""
    data = damage_jpeg()
    photo_id = _fixed_id(1)
    relative = Path(photo_id[:2]) / f"{photo_id}.jpg"
    if upload_dir:
        (Path(upload_dir) / relative).parent.mkdir(parents=True, exist_ok=True)
        (Path(upload_dir) / relative).write_bytes(data)
    with Image.open(io.BytesIO(data)) as image:
        phash = str(imagehash.phash(image.convert("RGB")))
    session.execute(insert(Photo).values(
        id=photo_id, owner_type="delivery_exception", owner_id=str(order_id),
        store_id=store["id"], uploaded_by_id=owner, mime_type="image/jpeg",
        size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), phash=phash,
        storage_path=str(relative), kind="damage", flags="", created_at=received))
    settings = ServiceSettings()
    severity = classify_severity("delivery_damage", TicketFacts()).severity
    due = ticket_deadlines(received, severity, "complaint", WorkCalendar(tz=str(tz)), settings)
    ticket_id = _fixed_id(2)
    tier = str(authority_tier(value_fen, severity, "delivery_damage", settings=settings))
    # the store raised it: its tier's holder took it (as services.delivery_tickets does)
    (holder,) = store_raised_holders(session, [(tier, store["id"])])
    session.execute(insert(Ticket).values(
        id=ticket_id, number=allocate_ticket_numbers(session, [received.astimezone(tz).date()])[0],
        store_id=store["id"], kind="complaint", category="delivery_damage",
        description="外箱破损，两条受潮", channel="app",
        facts={"order_line_ids": [line_id], "photo_ids": [photo_id]},
        severity=str(severity), severity_auto=str(severity), goods_value_fen=value_fen,
        tier=tier, assignee_id=holder,
        status="new", created_by_id=owner, received_at=received, registered_at=received,
        register_due_at=due.register_by, first_answer_due_at=due.first_answer_by,
        temp_measure_due_at=due.temp_measure_by, resolve_due_at=due.resolve_by,
        order_id=order_id, change_seq=next_seq))
    session.execute(insert(TicketEvent).values(
        ticket_id=ticket_id, kind="created", to_status="new", at=received, by_id=owner))
    return next_seq + 1
