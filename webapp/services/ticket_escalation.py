"""Escalation that runs by itself (issue 12 item 4): a missed deadline raises an open
ticket one authority tier, once per deadline [003 处理期限、核决权限及处理逾期反应].

`escalate_overdue` is run by the `flask escalate` command (cron or a systemd timer,
see docs/operations.md) and by the ticket desk before it shows tickets (evaluate on
read), so nothing depends on a page being visited. It is idempotent: the ticket's
`escalated_deadlines` holds a bit for each deadline already acted on
(`rules.ticket_escalation` DEADLINE_BITS: a severity raised later may add a deadline
due before them, so never a position), `escalation_level` counts the escalations, and
each ticket's update is conditional on the bits it read, so two runs at once never
escalate one deadline twice.

Each escalation: a `ticket_event` of kind escalation (no person: the clock did it),
the tier one up (capped at the head of unit), the ticket given to the holder of the
new tier for its store (the region's market manager, then HQ staff), a change-feed
number, and TICKET_ESCALATED to the new owner (a person this run gives more than
`DIGEST_OVER` tickets gets one TICKETS_ESCALATED with the count instead, leading to
their queue). Nothing commits.

The catch-up over 100,000 open tickets (`python -m bench hq_tickets:escalation`) reads
Core rows, their moments as stored (compared, never converted), finds late registration
in the ticket's own `registered_at` (no look-up of its `created` event), decides each
ticket in Python from plain values, and writes with one executemany per 5,000 rows
(tickets and their events in the order read, as tuples), the SQLite page cache widened
and the cyclic GC held off.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache, lru_cache
from typing import NamedTuple

from sqlalchemy import and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from ..models import Notification, Store, Ticket, TicketEvent
from ..rules.calendar import to_utc
from ..rules.codes import NotificationKind
from ..rules.ticket_authority import escalate
from ..rules.ticket_deadlines import DeadlineName
from ..rules.ticket_escalation import (
    DEADLINE_BITS,
    escalated_mask,
    missed_names,
    not_yet_escalated,
)
from ..rules.ticket_status import OPEN_STATUSES
from .bulk import (
    cyclic_gc_paused,
    insert_values,
    roomy_page_cache,
    stored_moment,
    update_rows,
)
from .change_feed import allocate_change_seqs
from .ticket_support import TierHolders, tier_holders

_CHUNK = 500  # ticket ids per IN list
_WRITE_CHUNK = 5000  # rows per executemany
_ESCALATED = str(NotificationKind.TICKET_ESCALATED)
_DIGEST = str(NotificationKind.TICKETS_ESCALATED)
DIGEST_OVER = 20  # escalated to one person in one run: more get one message, the count
_EVENT_COLUMNS = ("ticket_id", "kind", "from_status", "to_status", "at", "by_id", "note",
                  "device_id", "public")
_NOTICE_COLUMNS = ("user_id", "kind", "store_id", "subject_type", "subject_id", "params",
                   "dedupe_key", "created_at", "read_at")


def _newly_missed(now):
    """SQL: a deadline of the ticket is missed at `now` (done late, or not done and past),
    as rules.ticket_escalation.missed_deadlines says, and not yet escalated for (its bit
    of `escalated_deadlines`): rows with nothing new are never loaded. Registration is
    the one step done the moment the ticket exists: it is late, or not (NULL: a ticket
    from before it was recorded, registered on receipt: on time)."""
    def new(name: DeadlineName, missed):
        return and_(missed, Ticket.escalated_deadlines.op("&")(DEADLINE_BITS[name]) == 0)

    def missed(due, done):
        return and_(due < now, or_(done.is_(None), done > due))

    return or_(
        new(DeadlineName.REGISTER, and_(Ticket.register_due_at < now,
                                        Ticket.registered_at > Ticket.register_due_at)),
        new(DeadlineName.FIRST_ANSWER, missed(Ticket.first_answer_due_at,
                                              Ticket.first_answered_at)),
        new(DeadlineName.TEMP_MEASURE, missed(Ticket.temp_measure_due_at,
                                              Ticket.temp_measure_at)),
        new(DeadlineName.RESOLVE, missed(Ticket.resolve_due_at, Ticket.resolved_at)))


def _stored(column):
    """`column`'s values as the driver returns them (no result processing): a sweep
    compares 100,000s of them and converting each to an aware datetime cost a second
    (bulk.stored_moment gives `now` in the same form)."""
    return type_coerce(column, NullType())


def _candidates(session: Session, now: datetime, ticket_ids: list[str] | None):
    """The open tickets with a deadline missed since they were last escalated: rows of
    what deciding and writing their escalations needs (Core rows: no ORM objects), the
    moments as stored."""
    query = (select(Ticket.id, Ticket.number, Ticket.store_id, Ticket.tier,
                    Ticket.escalation_level, Ticket.escalated_deadlines,
                    Ticket.assignee_id, Store.territory_id,
                    *map(_stored, (Ticket.register_due_at, Ticket.first_answer_due_at,
                                   Ticket.temp_measure_due_at, Ticket.resolve_due_at,
                                   func.coalesce(Ticket.registered_at, Ticket.received_at),
                                   Ticket.first_answered_at, Ticket.temp_measure_at,
                                   Ticket.resolved_at)))
             .join(Store, Store.id == Ticket.store_id)
             .where(Ticket.status.in_(OPEN_STATUSES), _newly_missed(now)))
    session.flush()  # as session.execute would; Core below: no ORM rows to build
    connection = session.connection()
    if ticket_ids is None:
        yield from connection.execute(query)
        return
    for start in range(0, len(ticket_ids), _CHUNK):
        yield from connection.execute(
            query.where(Ticket.id.in_(ticket_ids[start:start + _CHUNK])))


def escalate_overdue(session: Session, now: datetime,
                     ticket_ids: Iterable[str] | None = None) -> int:
    """Escalate every open ticket (or only `ticket_ids`) whose deadlines passed since it
    was last escalated; returns how many escalations (one per missed deadline) were made.

    Every open ticket (the command) is a sweep over up to 100,000s of rows, run with the
    cyclic garbage collector held off; a page's few ids are not."""
    now = to_utc(now)
    if ticket_ids is not None:
        ids = sorted(set(ticket_ids))
        return _escalate(session, now, ids) if ids else 0
    with cyclic_gc_paused():
        return _escalate(session, now, None)


class _Planned(NamedTuple):
    """A ticket to escalate: what writing it needs, and its deadlines missed since."""

    id: str
    number: str
    store_id: int
    tier: str
    level: int
    mask: int  # the deadlines already escalated for
    assignee_id: int | None
    territory_id: int | None
    new: tuple[DeadlineName, ...]


def _escalate(session: Session, now: datetime, ids: list[str] | None) -> int:
    planned = []
    stored_now = stored_moment(session.connection().dialect, now)
    # unpacked, not read by name: a Row's attribute costs a microsecond, 100,000s of times
    for (ticket_id, number, store_id, tier, level, mask, assignee_id, territory_id,
         *dues_dones) in _candidates(session, now, ids):
        new = not_yet_escalated(missed_names(dues_dones[:4], dues_dones[4:], stored_now),
                                mask)
        if new:
            planned.append(_Planned(ticket_id, number, store_id, tier, level, mask,
                                    assignee_id, territory_id, new))
    if not planned:
        return 0
    holders = tier_holders(session)
    first_seq = allocate_change_seqs(session, len(planned))
    with roomy_page_cache(session):
        made = _write(session, now, holders, planned, first_seq)
    session.expire_all()  # loaded tickets see the new tier and level
    return made


# the rules' pure steps, memoised: a catch-up raises 100,000s of tickets among three tiers
_raised = lru_cache(maxsize=None)(escalate)
_mask = lru_cache(maxsize=None)(escalated_mask)


@cache
def _notes(tier: str, missed: tuple) -> tuple[str, ...]:
    """Each escalation's note: the deadline missed, the tier it raised the ticket to."""
    notes = []
    for name in missed:
        tier = _raised(tier)
        notes.append(f"{name} → {tier}")
    return tuple(notes)


def _write(session: Session, now: datetime, holders: TierHolders, planned: list,
           first_seq: int) -> int:
    """Conditional updates (a row another run changed first is left alone), then the
    events and notifications of the rows this run changed; returns how many events."""
    # (new tier, new level, deadlines escalated for, new assignee, change number, id,
    # the deadlines escalated for as read)
    changes = []
    holder_of: dict[tuple, int | None] = {}  # (tier, territory): a few, asked 100,000s times
    for offset, ticket in enumerate(planned):
        tier = str(_raised(ticket.tier, len(ticket.new)))
        key = (tier, ticket.territory_id)
        if key not in holder_of:
            holder_of[key] = holders.holder(tier, ticket.territory_id)
        holder = holder_of[key]
        changes.append((tier, ticket.level + len(ticket.new),
                        ticket.mask | _mask(ticket.new),
                        holder if holder is not None else ticket.assignee_id,
                        first_seq + offset, ticket.id, ticket.mask))
    for start in range(0, len(changes), _WRITE_CHUNK):
        update_rows(session, Ticket.__table__, ("id", "escalated_deadlines"),
                    ("tier", "escalation_level", "escalated_deadlines", "assignee_id",
                     "change_seq"), changes[start:start + _WRITE_CHUNK])
    # the change numbers are this run's alone: a row holding one is a row this run changed
    won = set(session.scalars(select(Ticket.id).where(
        Ticket.change_seq.between(first_seq, first_seq + len(changes) - 1))))
    made = [(ticket, change) for ticket, change in zip(planned, changes, strict=True)
            if ticket.id in won]  # the others: another run escalated them first
    # events in the order the tickets were read, their values as the driver takes them
    # (the same moment 100,000s of times: converted once)
    at = stored_moment(session.connection().dialect, now)
    events = [(ticket.id, "escalation", None, None, at, None, note, None, False)
              for ticket, _change in made for note in _notes(ticket.tier, ticket.new)]
    for start in range(0, len(events), _WRITE_CHUNK):
        insert_values(session, TicketEvent.__table__, _EVENT_COLUMNS,
                      events[start:start + _WRITE_CHUNK], stored=True)
    # TICKET_ESCALATED to each new owner, once per (user, escalation) like
    # services.notifications.notify: a key already sent is skipped
    notices = _notices(made, first_seq, now)
    for start in range(0, len(notices), _WRITE_CHUNK):
        insert_values(session, Notification.__table__, _NOTICE_COLUMNS,
                      notices[start:start + _WRITE_CHUNK],
                      skip_conflicts_on=("user_id", "dedupe_key"))
    return len(events)


def _notices(made: list[tuple], first_seq: int, now: datetime) -> list[tuple]:
    """One message to its new holder per escalated ticket, except to a person this run
    gave more than `DIGEST_OVER` of them (a catch-up after the scheduler stood still):
    they get one message, the count, leading to their queue, where each ticket is
    (nobody reads thousands of messages, and writing them made the catch-up slow).
    A user's messages together: their inbox reads them so."""
    per_user: dict[int, int] = {}
    for _ticket, (_tier, _level, _mask, assignee, *_rest) in made:
        if assignee is not None:
            per_user[assignee] = per_user.get(assignee, 0) + 1
    notices = [(assignee, _ESCALATED, ticket.store_id, "ticket", ticket.id,
                {"number": ticket.number, "tier": tier},
                f"ticket_escalated:{ticket.id}:{level}", now, None)
               for ticket, (tier, level, _mask, assignee, *_rest) in made
               if assignee is not None and per_user[assignee] <= DIGEST_OVER]
    notices += [(user, _DIGEST, None, "ticket_queue", str(user), {"count": count},
                 f"tickets_escalated:{first_seq}:{user}", now, None)
                for user, count in per_user.items() if count > DIGEST_OVER]
    notices.sort(key=_user)  # stable: each user's in the order read
    return notices


def _user(notice: tuple) -> int:
    return notice[0]
