"""Ticket numbers: TK + the local day + that day's next number (TK20261127-000123).

Each day has one counter row, raised by an upsert in the writing transaction: on
PostgreSQL concurrent writers wait for each other on that row, on SQLite there is one
writer at a time, so no two tickets ever share a number (the number of a ticket used
to end in 8 hex characters of its id, and two ids of a day could share them).

Lock order: callers allocate change numbers (`sync.changes`) first, then ticket
numbers, days in ascending order, so two pushes never wait on each other in a circle.
"""

from collections import Counter
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from webapp.models import TicketNumberCounter

_COUNTER = TicketNumberCounter.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def format_ticket_number(day: date, serial: int) -> str:
    """'TK20261127-000123': at least six digits, so old 8-hex-character numbers never match."""
    return f"TK{day:%Y%m%d}-{serial:06d}"


def _raise_counter(session: Session, day: date, count: int) -> int:
    """Add `count` to the day's counter (creating it); returns the new last number."""
    insert = _INSERTS[session.get_bind().dialect.name](_COUNTER)
    statement = insert.values(day=day, last=count).on_conflict_do_update(
        index_elements=[_COUNTER.c.day], set_={"last": _COUNTER.c.last + count},
    ).returning(_COUNTER.c.last)
    return session.connection().execute(statement).scalar_one()


def allocate_ticket_numbers(session: Session, days: list[date]) -> list[str]:
    """One new number per entry of `days` (local days), in the same order."""
    wanted = Counter(days)
    next_serial = {}
    for day in sorted(wanted):
        last = _raise_counter(session, day, wanted[day])
        next_serial[day] = last - wanted[day] + 1
    numbers = []
    for day in days:
        numbers.append(format_ticket_number(day, next_serial[day]))
        next_serial[day] += 1
    return numbers
