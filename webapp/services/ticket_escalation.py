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

from sqlalchemy import case, func, literal, select, update
from sqlalchemy.orm import Session

from ..models import Store, Ticket, TicketEvent
from ..rules.calendar import to_utc
from ..rules.codes import NotificationKind
from ..rules.ticket_authority import escalate
from ..rules.ticket_deadlines import TicketDeadlines
from ..rules.ticket_escalation import TicketMilestones, overdue_escalations
from ..rules.ticket_status import OPEN_STATUSES
from .change_feed import allocate_change_seqs
from .notifications import notify
from .ticket_support import tier_holders

_CHUNK = 500
_DUE_COLUMNS = (Ticket.register_due_at, Ticket.first_answer_due_at, Ticket.temp_measure_due_at,
                Ticket.resolve_due_at)


def _passed_count(now: datetime):
    """SQL: how many of a ticket's deadlines are already behind `now` (an upper bound on
    its missed deadlines; rows whose level is already this high have nothing new)."""
    return sum((case((column < now, 1), else_=0) for column in _DUE_COLUMNS), literal(0))


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
                    _passed_count(now) > Ticket.escalation_level))
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
        milestones = TicketMilestones(row.registered_at or row.received_at, row.first_answered_at,
                                      row.temp_measure_at, row.resolved_at)
        outcome = overdue_escalations(deadlines, milestones, now, row.tier)
        new = outcome.new_since(row.escalation_level)
        if new:
            planned.append((row, new, outcome.level))
    if not planned:
        return 0
    holders = tier_holders(session)
    seq = allocate_change_seqs(session, len(planned))
    made = 0
    for offset, (row, new, level) in enumerate(planned):
        tier = escalate(row.tier, len(new))
        holder = holders.holder(tier, row.territory_id)
        assignee = holder if holder is not None else row.assignee_id
        changed = session.execute(
            update(Ticket).where(Ticket.id == row.id,
                                 Ticket.escalation_level == row.escalation_level)
            .values(tier=str(tier), escalation_level=level, assignee_id=assignee,
                    change_seq=seq + offset)
            .execution_options(synchronize_session=False)).rowcount
        if not changed:
            continue  # another run escalated it first
        step = row.tier
        for missed in new:
            step = escalate(step)
            event = TicketEvent(ticket_id=row.id, kind="escalation", at=now, by_id=None,
                                note=f"{missed.name} → {step}")
            session.add(event)
            made += 1
        session.flush()
        if assignee is not None:
            notify(session, [assignee], str(NotificationKind.TICKET_ESCALATED), "ticket", row.id,
                   f"ticket_escalated:{row.id}:{level}", store_id=row.store_id, now=now,
                   params={"number": row.number, "tier": str(tier)})
    session.expire_all()  # loaded tickets see the new tier and level
    return made
