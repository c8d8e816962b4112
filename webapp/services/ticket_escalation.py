"""Escalation that runs by itself (issue 12 item 4): a missed deadline raises an open
ticket one authority tier, once per deadline [003 处理期限、核决权限及处理逾期反应].

`escalate_overdue` is run by the `flask escalate` command (cron or a systemd timer,
see docs/operations.md) and by the ticket desk before it shows tickets (evaluate on
read), so nothing depends on a page being visited. It is idempotent: the ticket's
`escalation_level` counts the deadlines already acted on (`rules.ticket_escalation`
`EscalationOutcome.new_since`), and each ticket's update is conditional on the level
it read, so two runs at once never escalate one deadline twice.

Each escalation: a `ticket_event` of kind escalation (no person: the clock did it),
the tier one up (capped at the head of unit), the ticket given to the holder of the
new tier for its store (the region's market manager, then HQ staff), a change-feed
number, and TICKET_ESCALATED to the new owner. Nothing commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from ..models import Notification, Store, Ticket, TicketEvent
from ..rules.calendar import to_utc
from ..rules.codes import NotificationKind
from ..rules.ticket_authority import escalate
from ..rules.ticket_deadlines import TicketDeadlines
from ..rules.ticket_escalation import TicketMilestones, overdue_escalations
from ..rules.ticket_status import OPEN_STATUSES
from .bulk import insert_rows, update_rows
from .change_feed import allocate_change_seqs
from .ticket_support import TierHolders, tier_holders

_CHUNK = 500  # ticket ids per IN list
_WRITE_CHUNK = 5000  # escalations written per round of statements
_DUE_COLUMNS = (Ticket.register_due_at, Ticket.first_answer_due_at, Ticket.temp_measure_due_at,
                Ticket.resolve_due_at)


def _missed_count(now: datetime):
    """SQL: how many of a ticket's deadlines are missed at `now` (done late, or not done
    and past), as rules.ticket_escalation.missed_deadlines counts them: rows whose
    escalation level is already this high have nothing new, and are never loaded."""
    def missed(due, done):
        return case((and_(due < now, or_(done.is_(None), done > due)), 1), else_=0)

    late_registration = (select(TicketEvent.id).where(
        TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "created",
        TicketEvent.at > Ticket.register_due_at).correlate(Ticket).exists())
    registered = case((and_(Ticket.register_due_at < now, late_registration), 1), else_=0)
    return (registered + missed(Ticket.first_answer_due_at, Ticket.first_answered_at)
            + missed(Ticket.temp_measure_due_at, Ticket.temp_measure_at)
            + missed(Ticket.resolve_due_at, Ticket.resolved_at))


def _candidates(session: Session, now: datetime, ticket_ids: list[str] | None):
    registered = (select(func.min(TicketEvent.at)).where(TicketEvent.ticket_id == Ticket.id,
                                                         TicketEvent.kind == "created")
                  .correlate(Ticket).scalar_subquery())
    query = (select(Ticket.id, Ticket.number, Ticket.store_id, Ticket.tier,
                    Ticket.escalation_level, Ticket.assignee_id, *_DUE_COLUMNS,
                    Ticket.first_answered_at, Ticket.temp_measure_at, Ticket.resolved_at,
                    Ticket.received_at, registered.label("registered_at"),
                    Store.territory_id)
             .join(Store, Store.id == Ticket.store_id)
             .where(Ticket.status.in_(OPEN_STATUSES),
                    _missed_count(now) > Ticket.escalation_level))
    if ticket_ids is None:
        yield from session.execute(query)
        return
    for start in range(0, len(ticket_ids), _CHUNK):
        yield from session.execute(query.where(Ticket.id.in_(ticket_ids[start:start + _CHUNK])))


def escalate_overdue(session: Session, now: datetime,
                     ticket_ids: Iterable[str] | None = None) -> int:
    """Escalate every open ticket (or only `ticket_ids`) whose deadlines passed since it
    was last escalated; returns how many escalations (one per missed deadline) were made."""
    now = to_utc(now)
    ids = None if ticket_ids is None else sorted(set(ticket_ids))
    if ids == []:
        return 0
    planned = []
    for row in _candidates(session, now, ids):
        deadlines = TicketDeadlines(row.register_due_at, row.first_answer_due_at,
                                    row.temp_measure_due_at, row.resolve_due_at)
        milestones = TicketMilestones(row.registered_at or row.received_at,
                                      row.first_answered_at, row.temp_measure_at,
                                      row.resolved_at)
        outcome = overdue_escalations(deadlines, milestones, now, row.tier)
        new = outcome.new_since(row.escalation_level)
        if new:
            planned.append((row, new, outcome.level))
    if not planned:
        return 0
    holders = tier_holders(session)
    first_seq = allocate_change_seqs(session, len(planned))
    made = 0
    for start in range(0, len(planned), _WRITE_CHUNK):
        made += _apply(session, now, holders, planned[start:start + _WRITE_CHUNK],
                       first_seq + start)
    session.expire_all()  # loaded tickets see the new tier and level
    return made


# the rules' pure step, memoised: a catch-up raises 100,000s of tickets among three tiers
_raised = lru_cache(maxsize=None)(escalate)


def _apply(session: Session, now: datetime, holders: TierHolders, planned: list,
           first_seq: int) -> int:
    """Write one chunk: conditional updates (a row another run changed first is left
    alone), then the events and notifications of the rows this run changed."""
    changes = []
    for offset, (row, new, level) in enumerate(planned):
        tier = _raised(row.tier, len(new))
        holder = holders.holder(tier, row.territory_id)
        changes.append({"ticket_id": row.id, "old_level": row.escalation_level,
                        "new_tier": str(tier), "new_level": level,
                        "new_assignee": holder if holder is not None else row.assignee_id,
                        "seq": first_seq + offset})
    update_rows(session, Ticket.__table__, ("id", "escalation_level"),
                ("tier", "escalation_level", "assignee_id", "change_seq"),
                [(c["new_tier"], c["new_level"], c["new_assignee"], c["seq"], c["ticket_id"],
                  c["old_level"]) for c in changes])
    # the change numbers are this run's alone: a row holding one is a row this run changed
    won = set(session.scalars(select(Ticket.id).where(
        Ticket.change_seq.between(first_seq, first_seq + len(changes) - 1))))
    events, notices = [], []
    for (row, new, _level), change in zip(planned, changes, strict=True):
        if row.id not in won:
            continue  # another run escalated it first
        step = row.tier
        for missed in new:
            step = _raised(step)
            events.append({"ticket_id": row.id, "kind": "escalation", "from_status": None,
                           "to_status": None, "at": now, "by_id": None,
                           "note": f"{missed.name} → {step}", "device_id": None,
                           "public": False})
        if change["new_assignee"] is not None:
            notices.append({"user_id": change["new_assignee"],
                            "kind": str(NotificationKind.TICKET_ESCALATED),
                            "store_id": row.store_id, "subject_type": "ticket",
                            "subject_id": row.id, "params": {"number": row.number,
                                                             "tier": change["new_tier"]},
                            "dedupe_key": f"ticket_escalated:{row.id}:{change['new_level']}",
                            "created_at": now, "read_at": None})
    if events:
        insert_rows(session, TicketEvent.__table__, events)
    _notify_new_owners(session, notices)
    return len(events)


def _notify_new_owners(session: Session, notices: list[dict]) -> None:
    """TICKET_ESCALATED to each new owner, once per (user, escalation) like
    services.notifications.notify, in bulk."""
    if not notices:
        return
    # both columns of the (user, dedupe key) unique index, so the lookup uses it
    have = set(session.execute(select(Notification.user_id, Notification.dedupe_key).where(
        Notification.user_id.in_({n["user_id"] for n in notices}),
        Notification.dedupe_key.in_([n["dedupe_key"] for n in notices]))).all())
    fresh = [n for n in notices if (n["user_id"], n["dedupe_key"]) not in have]
    if fresh:
        insert_rows(session, Notification.__table__, fresh)
