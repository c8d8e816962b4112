"""A ticket's next deadline in SQL: the earliest step not yet done (the first answer, a
major complaint's temporary measure, the resolution; registering is done when the ticket
exists). One expression for every list ordered by it: the HQ desk's queue and the rep's
tickets (Today, the store page, My tickets), so both desks order by, and measure, the
same deadline (rep.queries.tickets.ticket_clock picks it in Python alike). No Flask."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import case, func, literal

from .models import Ticket

FAR = datetime(9999, 1, 1, tzinfo=UTC)  # no deadline left: ordered last


def _least(*columns):
    """The smallest of non-null moments, portably (SQLite has no LEAST)."""
    values = [func.coalesce(c, literal(FAR, type_=Ticket.resolve_due_at.type)) for c in columns]
    smallest = values[0]
    for value in values[1:]:
        smallest = case((smallest <= value, smallest), else_=value)
    return smallest


next_due_at = _least(
    case((Ticket.first_answered_at.is_(None), Ticket.first_answer_due_at)),
    case((Ticket.temp_measure_at.is_(None), Ticket.temp_measure_due_at)),
    case((Ticket.resolved_at.is_(None), Ticket.resolve_due_at)),
)
