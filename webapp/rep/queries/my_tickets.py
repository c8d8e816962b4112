"""The rep's tickets and the answers to them (issue 12 item 5): the tickets the rep took,
acknowledged or holds, open ones first by their next deadline, then those settled in the
last month; one ticket's history as the rep reads it. Scoped by `webapp.scope`. Flask-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from ...models import Ticket, TicketEvent, User, Visit
from ...rules.calendar import DEFAULT_CALENDAR, WorkCalendar
from ...rules.ticket_status import OPEN_STATUSES
from ...scope import visible_store_ids
from .tickets import NEXT_TICKET_DEADLINE, TicketClock, ticket_clock

MY_TICKETS_SHOWN = 50
SETTLED_SHOWN_DAYS = 30  # Rounds default: a settled ticket stays on the list a month


@dataclass(frozen=True)
class MyTicket:
    """A ticket with its next deadline's clock (None: nothing due)."""

    ticket: Ticket
    clock: TicketClock | None

    @property
    def is_open(self) -> bool:
        """Still being dealt with."""
        return self.ticket.status in OPEN_STATUSES


def my_tickets(session: Session, user: User, now: datetime,
               calendar: WorkCalendar = DEFAULT_CALENDAR) -> list[MyTicket]:
    """Tickets of the rep's stores the rep created, first-responded or holds, each with
    the time left to its next deadline in working time (`calendar`)."""
    mine = or_(Ticket.created_by_id == user.id, Ticket.first_responder_id == user.id,
               Ticket.assignee_id == user.id)
    recent = or_(Ticket.status.in_(OPEN_STATUSES),
                 Ticket.resolved_at >= now - timedelta(days=SETTLED_SHOWN_DAYS))
    rows = session.scalars(
        select(Ticket).options(joinedload(Ticket.store))
        .where(Ticket.store_id.in_(visible_store_ids(user)), mine, recent)
        .order_by(Ticket.status.in_(OPEN_STATUSES).desc(), NEXT_TICKET_DEADLINE,
                  Ticket.received_at.desc())
        .limit(MY_TICKETS_SHOWN)).all()
    return [MyTicket(t, ticket_clock(t, now, calendar)) for t in rows]


def find_my_ticket(session: Session, user: User, ticket_id: str) -> Ticket | None:
    """The ticket if its store is in the rep's territory (callers answer 404)."""
    return session.scalars(select(Ticket).options(joinedload(Ticket.store)).where(
        Ticket.id == ticket_id, Ticket.store_id.in_(visible_store_ids(user)))).first()


def ticket_history(session: Session, ticket: Ticket) -> list[TicketEvent]:
    """What happened to the ticket, oldest first: status moves and the answers the store
    sees (internal notes stay on the HQ desk)."""
    return list(session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                  or_(TicketEvent.public.is_(True),
                                      TicketEvent.kind == "status"))
        .order_by(TicketEvent.at, TicketEvent.id)))


def ticket_visit(session: Session, user: User, ticket: Ticket) -> Visit | None:
    """The visit the ticket was taken in, if any, within the user's stores."""
    if ticket.visit_id is None:
        return None
    return session.scalars(select(Visit).where(
        Visit.id == ticket.visit_id, Visit.store_id.in_(visible_store_ids(user)))).first()
