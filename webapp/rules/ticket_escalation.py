"""Missed ticket deadlines, the escalation they cause, and repeated complaints.

A missed deadline raises the ticket one authority tier, capped at the head of unit,
and is recorded (a `TicketEvent` of kind escalation) [003 处理期限、核决权限及处理逾期反应]
[003 对下属无法圆满解决投诉处理]. A second complaint from the same store on the same
matter within 30 days is flagged as repeated [003 客户重复投诉].
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .calendar import to_utc
from .codes import TicketKind, Tier
from .settings import DEFAULT_SETTINGS, ServiceSettings
from .ticket_authority import escalate
from .ticket_deadlines import DeadlineName, TicketDeadlines

_MILESTONE_OF = {
    DeadlineName.REGISTER: "registered_at",
    DeadlineName.FIRST_ANSWER: "first_answered_at",
    DeadlineName.TEMP_MEASURE: "temp_measure_at",
    DeadlineName.RESOLVE: "resolved_at",
}
# in their own order, which breaks ties in due time
_DEADLINES = tuple(DeadlineName)


@dataclass(frozen=True)
class TicketMilestones:
    """When each deadline's step was actually done (None: not yet)."""

    registered_at: datetime | None = None
    first_answered_at: datetime | None = None
    temp_measure_at: datetime | None = None
    resolved_at: datetime | None = None

    def done_at(self, name: DeadlineName) -> datetime | None:
        """When the step behind deadline `name` was done, in UTC."""
        value = getattr(self, _MILESTONE_OF[name])
        return None if value is None else to_utc(value)


@dataclass(frozen=True)
class MissedDeadline:
    """A deadline that passed before its step was done (`done_at` None: still open)."""

    name: DeadlineName
    due_at: datetime
    done_at: datetime | None


@dataclass(frozen=True)
class EscalationOutcome:
    """The missed deadlines (earliest due first) and the tier they raise the ticket to."""

    missed: tuple[MissedDeadline, ...]
    tier: Tier
    level: int  # number of escalations = number of missed deadlines

    def new_since(self, recorded_level: int) -> tuple[MissedDeadline, ...]:
        """The escalations not yet recorded, given the ticket's stored escalation level."""
        return self.missed[recorded_level:]


def _missed_in_order(dues, dones, at: datetime) -> list[tuple[datetime, int]]:
    """(due, deadline index) of each missed deadline, earliest due first, ties in the
    deadlines' own order. `dues` and `dones` hold one value per DeadlineName, in order
    (a due None: the ticket has no such deadline; a done None: not done yet)."""
    missed = [(due, index) for index, (due, done) in enumerate(zip(dues, dones, strict=True))
              if due is not None and (done > due if done is not None else at > due)]
    if len(missed) > 1:
        missed.sort()
    return missed


def missed_deadlines(
    deadlines: TicketDeadlines, milestones: TicketMilestones, now: datetime
) -> tuple[MissedDeadline, ...]:
    """Deadlines missed as of `now`: done late, or not done and already past.

    A step done exactly at its deadline is on time. Sorted by due time, so the list
    only ever grows at the end as time passes.
    """
    dues = (deadlines.register_by, deadlines.first_answer_by, deadlines.temp_measure_by,
            deadlines.resolve_by)
    dones = tuple(milestones.done_at(name) for name in _DEADLINES)
    return tuple(MissedDeadline(_DEADLINES[index], due, dones[index])
                 for due, index in _missed_in_order(dues, dones, to_utc(now)))


def missed_names(dues: Sequence, dones: Sequence, now) -> tuple[DeadlineName, ...]:
    """`missed_deadlines` for plain values, as a sweep over many tickets needs it: the
    names of the deadlines missed at `now`, in the same order. `dues` and `dones` hold
    the four due times and the four times the steps were done (None: no such deadline,
    not done yet), in DeadlineName order.

    Only compared, never converted: aware datetimes (any zone), or, as a sweep reads
    them straight from SQLite, UTC text of one fixed width ('2026-11-27 01:30:00.000000',
    which sorts as the moments do), with `now` in the same form."""
    return tuple(_DEADLINES[index] for _, index in _missed_in_order(dues, dones, now))


def overdue_escalations(
    deadlines: TicketDeadlines,
    milestones: TicketMilestones,
    now: datetime,
    base_tier: str,
) -> EscalationOutcome:
    """Which deadlines were missed at `now`, and the tier: one up per miss, capped."""
    missed = missed_deadlines(deadlines, milestones, now)
    return EscalationOutcome(missed, escalate(base_tier, len(missed)), len(missed))


@dataclass(frozen=True)
class PriorTicket:
    """An earlier ticket, as much as the repeat check needs."""

    id: str
    store_id: int
    category: str
    received_at: datetime
    kind: str = TicketKind.COMPLAINT


def repeated_of(
    store_id: int,
    category: str,
    received_at: datetime,
    earlier_tickets: Iterable[PriorTicket],
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> PriorTicket | None:
    """The latest earlier complaint this one repeats, or None.

    Same store, same category, received within `ticket_repeat_window_days` before it
    (the window's first moment included). Non-complaint tickets never count.
    """
    at = to_utc(received_at)
    since = at - timedelta(days=settings.ticket_repeat_window_days)
    matches = [
        t for t in earlier_tickets
        if t.store_id == store_id
        and str(t.category) == str(category)
        and str(t.kind) == TicketKind.COMPLAINT
        and since <= to_utc(t.received_at) < at
    ]
    return max(matches, key=lambda t: to_utc(t.received_at), default=None)


def is_repeated(
    store_id: int,
    category: str,
    received_at: datetime,
    earlier_tickets: Iterable[PriorTicket],
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> bool:
    """Whether a complaint repeats an earlier one (see `repeated_of`)."""
    return repeated_of(store_id, category, received_at, earlier_tickets, settings) is not None


# Which deadlines a ticket was already escalated for: one bit each, in DeadlineName order
# (stored on the ticket as `escalated_deadlines`). A position among the missed deadlines
# would not do: a severity raised later adds a temporary measure due before deadlines
# already escalated for.
DEADLINE_BITS = {name: 1 << index for index, name in enumerate(_DEADLINES)}


def escalated_mask(names: Iterable[DeadlineName]) -> int:
    """The bits of `names` (the deadlines escalated for)."""
    mask = 0
    for name in names:
        mask |= DEADLINE_BITS[name]
    return mask


def not_yet_escalated(missed: Iterable[DeadlineName], mask: int) -> tuple[DeadlineName, ...]:
    """The missed deadlines (in their order) not among those already escalated for."""
    return tuple(name for name in missed if not mask & DEADLINE_BITS[name])
