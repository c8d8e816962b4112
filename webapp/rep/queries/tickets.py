"""Open tickets, nearest deadline first, and how much time is left before that deadline.

The rep must give a definite reply time and keep it [000 不能当场解答的须明确答复时间];
the page shows "2 h left" or "overdue 3 h" for the next step still to do (first
answer, then resolution). Flask-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import Select, case, func, select

from ...models import Ticket
from ...rules.calendar import to_utc
from ...rules.ticket_status import OPEN_STATUSES

TICKETS_SHOWN = 15  # the most urgent; the page says how many more are open

# The deadline `ticket_clock` shows: the first answer until it is given, then the resolution.
NEXT_TICKET_DEADLINE = case(
    (Ticket.first_answered_at.is_(None) & Ticket.first_answer_due_at.is_not(None),
     Ticket.first_answer_due_at),
    else_=Ticket.resolve_due_at,
)


def open_tickets(where) -> Select:
    """(ticket, number of open tickets matching `where`), nearest next deadline first."""
    return (select(Ticket, func.count().over())
            .where(where, Ticket.status.in_(OPEN_STATUSES))
            .order_by(NEXT_TICKET_DEADLINE.is_(None), NEXT_TICKET_DEADLINE, Ticket.number))


class TicketTimes(Protocol):
    """The ticket columns the clock reads."""

    first_answered_at: datetime | None
    first_answer_due_at: datetime | None
    resolved_at: datetime | None
    resolve_due_at: datetime | None


@dataclass(frozen=True)
class TicketClock:
    """The next deadline (`name`: first_answer or resolve) and the time to it.

    `amount` and `unit` ("min", "h" or "d") are what the page prints; `overdue`
    says whether the time is left or already past.
    """

    name: str
    due_at: datetime
    overdue: bool
    amount: int
    unit: str


def time_span(seconds: float) -> tuple[int, str]:
    """A span as a whole number of minutes (under 1 h), hours (under 48 h) or days."""
    seconds = abs(seconds)
    if seconds < 3600:
        return max(1, int(seconds // 60)), "min"
    if seconds < 48 * 3600:
        return int(seconds // 3600), "h"
    return int(seconds // 86400), "d"


def ticket_clock(ticket: TicketTimes, now: datetime) -> TicketClock | None:
    """The clock of the first deadline whose step is not done yet (None: nothing due)."""
    steps = (
        ("first_answer", ticket.first_answer_due_at, ticket.first_answered_at),
        ("resolve", ticket.resolve_due_at, ticket.resolved_at),
    )
    for name, due, done in steps:
        if due is None or done is not None:
            continue
        due = to_utc(due)
        left = (due - to_utc(now)).total_seconds()
        amount, unit = time_span(left)
        return TicketClock(name, due, left < 0, amount, unit)
    return None
