"""Open tickets, nearest deadline first, and how much time is left before that deadline.

The rep must give a definite reply time and keep it [000 不能当场解答的须明确答复时间];
the page shows the working time left to the next step still to do, or how long it is
overdue, by the same rule and in the same words as the HQ desk. Flask-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import Select, func, select

from ...models import Ticket
from ...rules.calendar import DEFAULT_CALENDAR, WorkCalendar, to_utc
from ...rules.ticket_deadlines import time_left
from ...rules.ticket_status import OPEN_STATUSES
from ...ticket_next_due import next_due_at

NEAR_WORKING_HOURS = 9  # under one working day left: shown as urgent
TICKETS_SHOWN = 15  # the most urgent; the page says how many more are open

# The deadline `ticket_clock` shows, as the HQ queue orders by it: the earliest step not
# yet done (no deadline left: last)
NEXT_TICKET_DEADLINE = next_due_at


def open_tickets(where) -> Select:
    """(ticket, number of open tickets matching `where`), nearest next deadline first."""
    return (select(Ticket, func.count().over())
            .where(where, Ticket.status.in_(OPEN_STATUSES))
            .order_by(NEXT_TICKET_DEADLINE, Ticket.number))


class TicketTimes(Protocol):
    """The ticket columns the clock reads."""

    first_answered_at: datetime | None
    first_answer_due_at: datetime | None
    temp_measure_at: datetime | None
    temp_measure_due_at: datetime | None
    resolved_at: datetime | None
    resolve_due_at: datetime | None


@dataclass(frozen=True)
class TicketClock:
    """The next deadline (`name`: first_answer, temp_measure or resolve) and the time to
    it, measured as the HQ desk measures it (rules.ticket_deadlines.time_left): `left`
    in working time (negative: overdue by that much), `clock_left` by the clock."""

    name: str
    due_at: datetime
    left: timedelta
    clock_left: timedelta

    @property
    def overdue(self) -> bool:
        """Whether the deadline has passed (by the clock, as escalation decides)."""
        return self.clock_left < timedelta(0)

    @property
    def near(self) -> bool:
        """Less than a working day left: the page shows it as urgent."""
        return self.left < timedelta(hours=NEAR_WORKING_HOURS)


def ticket_clock(ticket: TicketTimes, now: datetime,
                 calendar: WorkCalendar = DEFAULT_CALENDAR) -> TicketClock | None:
    """The clock of the earliest deadline whose step is not done yet, as the HQ queue
    picks its next deadline (None: nothing due)."""
    steps = [
        (to_utc(due), name) for name, due, done in (
            ("first_answer", ticket.first_answer_due_at, ticket.first_answered_at),
            ("temp_measure", ticket.temp_measure_due_at, ticket.temp_measure_at),
            ("resolve", ticket.resolve_due_at, ticket.resolved_at))
        if due is not None and done is None]
    if not steps:
        return None
    due, name = min(steps)
    span = time_left(now, due, calendar)
    return TicketClock(name, due, span.working, span.clock)
