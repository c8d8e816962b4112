"""The change feed's sequence: every change to a pulled entity takes the next number.

The counter is one row updated in the writing transaction, so on PostgreSQL
writers that allocate numbers are serialised and numbers become visible in
order; a pull with `seq > cursor` never skips a change committed later.
"""

from sqlalchemy import BigInteger, bindparam, select, update
from sqlalchemy.orm import Session

from ..models import SyncCounter

_COUNTER = SyncCounter.__table__
_ALLOCATE = (update(_COUNTER).where(_COUNTER.c.id == 1)
             .values(value=_COUNTER.c.value + bindparam("count", type_=BigInteger))
             .returning(_COUNTER.c.value))


def allocate_change_seqs(session: Session, count: int = 1) -> int:
    """Reserve `count` consecutive numbers; returns the first of them."""
    if count < 1:
        raise ValueError("count must be at least 1")
    # Core on the session's connection: the counter is never loaded as an object, so the
    # ORM's update machinery (autoflush, synchronising the identity map) has nothing to do
    row = session.connection().execute(
        _ALLOCATE, {"count": count}).first()
    if row is None:
        session.add(SyncCounter(id=1, value=count))
        session.flush()
        return 1
    return row[0] - count + 1


def current_change_seq(session: Session) -> int:
    """The highest number handed out so far (0 on an empty database)."""
    return session.scalar(select(SyncCounter.value).where(SyncCounter.id == 1)) or 0


def touch_tickets(session: Session, tickets) -> None:
    """Give tickets just created or changed (status, severity, escalation, deadlines) new
    change numbers in one block, so phones pull the change (a closed one drops off).

    Every writer of `Ticket` rows calls this (or allocates for its own bulk rows).
    """
    tickets = list(tickets)
    if not tickets:
        return
    first = allocate_change_seqs(session, len(tickets))
    for offset, ticket in enumerate(tickets):
        ticket.change_seq = first + offset
