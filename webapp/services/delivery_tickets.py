"""A delivery exception's ticket (spec §3.6): opened when a store reports what went wrong
at handover, linked to the order and its lines, with the service rules' severity, tier
and deadlines, exactly as a ticket captured on a phone gets them (`services.tickets`).

The ticket's number and change number come from the same counters as every other
ticket (change numbers first, then ticket numbers: the lock order of `services.tickets`).
Nothing commits.
"""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..models import Order, OrderLine, Ticket, TicketEvent, User
from ..rules import order_receipts as receipt_rules
from ..rules import tickets as ticket_rules
from ..rules.calendar import DEFAULT_CALENDAR, WorkCalendar
from ..rules.codes import TicketKind, TicketStatus
from ..rules.settings import DEFAULT_SETTINGS, ServiceSettings
from .change_feed import allocate_change_seqs
from .ticket_support import store_raised_holders, tell_store_raised
from .tickets import allocate_ticket_numbers

APP_CHANNEL = "app"  # the store reported it in the app, not face to face


def open_delivery_ticket(session: Session, user: User, order: Order, category: str,
                         line_ids: list[int], photo_ids: list[str], description: str,
                         goods_value_fen: int | None, now: datetime,
                         settings: ServiceSettings = DEFAULT_SETTINGS,
                         calendar: WorkCalendar = DEFAULT_CALENDAR) -> Ticket:
    """Open a complaint of `category` (a delivery category) for `order`, raised by `user`
    (the store), with its deadlines from `now`; `facts` names the order lines and photos."""
    ticket_rules.check_category(TicketKind.COMPLAINT, category)
    facts = ticket_rules.TicketFacts()
    decision = ticket_rules.classify_severity(category, facts)
    tier = ticket_rules.authority_tier(goods_value_fen, decision.severity, category,
                                       facts.against_manager, settings,
                                       customer_insists=facts.customer_insists)
    due = ticket_rules.ticket_deadlines(now, decision.severity, TicketKind.COMPLAINT,
                                        calendar, settings)
    change_seq = allocate_change_seqs(session, 1)
    day = now.astimezone(ZoneInfo(settings.timezone)).date()
    number = allocate_ticket_numbers(session, [day])[0]
    # the store raised it: its tier's holder takes it at once (services.ticket_support)
    (holder,) = store_raised_holders(session, [(str(tier), order.store_id)])
    ticket = Ticket(
        id=str(uuid4()), number=number, store_id=order.store_id, kind=TicketKind.COMPLAINT,
        category=str(category), description=description, channel=APP_CHANNEL,
        facts={"order_line_ids": list(line_ids), "photo_ids": list(photo_ids)},
        severity=str(decision.severity), severity_auto=str(decision.severity),
        goods_value_fen=goods_value_fen, tier=str(tier), status=TicketStatus.NEW,
        created_by_id=user.id, received_at=now, registered_at=now,
        register_due_at=due.register_by,
        first_answer_due_at=due.first_answer_by, temp_measure_due_at=due.temp_measure_by,
        resolve_due_at=due.resolve_by, order_id=order.id, change_seq=change_seq,
        assignee_id=holder)
    session.add(ticket)
    session.add(TicketEvent(ticket_id=ticket.id, kind="created", from_status=None,
                            to_status=TicketStatus.NEW, at=now, by_id=user.id,
                            note="; ".join(str(r) for r in decision.reasons) or None))
    session.flush()
    tell_store_raised(session, [(ticket.id, number, order.store_id, holder)], now)
    return ticket


def open_exception_tickets(session: Session, user: User, order: Order,
                  check: receipt_rules.ReceiptCheck, lines: dict[int, OrderLine],
                  photo_ids: dict[int | None, list[str]], order_note: str | None,
                  now: datetime, settings: ServiceSettings,
                  calendar: WorkCalendar) -> list[Ticket]:
    """One ticket per exception a receipt raised (`check`), naming its lines, its photos
    (`photo_ids` per line id, None: the whole order) and the goods' value: the missing
    cartons of a short line, else the whole line."""
    checked = {line.line_id: line for line in check.lines}
    tickets = []
    for code, line_ids in check.exceptions().items():
        value = sum(lines[i].unit_price_fen * (lines[i].quantity - checked[i].received
                                               if checked[i].received < lines[i].quantity
                                               else lines[i].quantity)
                    for i in line_ids) or None
        notes = [checked[i].note for i in line_ids if checked[i].note]
        if code == check.order_exception and order_note:
            notes.append(order_note)
        shown = [order.number] + notes
        photos = [p for i in [*line_ids, None] for p in photo_ids.get(i, ())
                  if i is not None or code == check.order_exception]
        tickets.append(open_delivery_ticket(
            session, user, order, receipt_rules.EXCEPTION_CATEGORY[code], line_ids, photos,
            " · ".join(shown), value, now, settings, calendar))
    return tickets
