"""The ticket status machine and the callback (回访) that records satisfaction.

    new → acknowledged → in_progress → resolved → callback_done → closed
    resolved, callback_done, closed → reopened → in_progress

Decisions:
- new → in_progress is refused: acknowledging is the first answer the customer is owed
  under 首问负责 [000 实行首问负责], and the first-answer deadline is measured on it.
  A rep who settles a matter on the spot records both steps at once.
- resolved → closed is allowed only for kinds that need no callback (by default
  inquiries, suggestions and praise); complaints and requests are called back and
  asked for their satisfaction first [002 回訪] [002 7.3客戶投訴處理].
- The satisfaction is asked of a result [002 7.3 反饋結果並徵詢滿意度]: a reopened
  ticket is unresolved again, so the score given before belongs to the earlier round
  and the next resolution is called back and rated afresh (`rated_before_reopening`).
"""

from __future__ import annotations

from collections.abc import Iterable

from .codes import TicketKind, TicketStatus
from .settings import DEFAULT_SETTINGS, ServiceSettings
from .transitions import IllegalTransition, StatusMachine

S = TicketStatus

TICKET_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ACKNOWLEDGED}),
    S.ACKNOWLEDGED: frozenset({S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.RESOLVED}),
    S.RESOLVED: frozenset({S.CALLBACK_DONE, S.REOPENED}),
    S.CALLBACK_DONE: frozenset({S.CLOSED, S.REOPENED}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.IN_PROGRESS}),
}

# Settled: the matter is dealt with (resolved, called back, closed); every other status
# is open and keeps the ticket on the rep's round and HQ's open counts.
SETTLED_STATUSES: tuple[str, ...] = (S.RESOLVED, S.CALLBACK_DONE, S.CLOSED)
OPEN_STATUSES: tuple[str, ...] = tuple(s for s in S if s not in SETTLED_STATUSES)

_REFUSALS = {
    (S.NEW, S.IN_PROGRESS): "acknowledge the ticket first: the customer's first answer "
    "(首问负责) must be recorded before work starts",
    (S.RESOLVED, S.CLOSED): "call the customer back (回访) and record their satisfaction "
    "before closing",
    (S.REOPENED, S.RESOLVED): "a reopened ticket goes back to in_progress before it can be "
    "resolved again",
}
for _status in (S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS, S.REOPENED):
    _REFUSALS[(_status, S.CLOSED)] = "only a ticket that was resolved and called back can be closed"
for _status in (S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS):
    _REFUSALS[(_status, S.REOPENED)] = "only a resolved or closed ticket can be reopened"

TICKET_MACHINE = StatusMachine("ticket", TICKET_TRANSITIONS, _REFUSALS)
_NO_CALLBACK_MACHINE = StatusMachine(
    "ticket",
    {**TICKET_TRANSITIONS, S.RESOLVED: TICKET_TRANSITIONS[S.RESOLVED] | {S.CLOSED}},
    _REFUSALS,
)

SATISFACTION_MIN = 1
SATISFACTION_MAX = 5


def callback_required(kind: str, settings: ServiceSettings = DEFAULT_SETTINGS) -> bool:
    """Whether a ticket of `kind` must be called back before it is closed."""
    return TicketKind(kind) in settings.ticket_callback_kinds


def allowed_targets(current: str, *, callback_required: bool = True) -> frozenset[TicketStatus]:
    """The statuses a ticket may move to from `current` (for the page's buttons)."""
    machine = TICKET_MACHINE if callback_required else _NO_CALLBACK_MACHINE
    return frozenset(TicketStatus(s) for s in machine.targets(current))


def transition(current: str, target: str, *, callback_required: bool = True) -> TicketStatus:
    """`target` if a ticket may move there from `current`, else IllegalTransition."""
    machine = TICKET_MACHINE if callback_required else _NO_CALLBACK_MACHINE
    machine.check(current, target)
    return TicketStatus(target)


def record_callback(satisfaction: int) -> int:
    """Validate the satisfaction the customer gave at the callback: a whole number 1–5."""
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int):
        raise ValueError(f"satisfaction must be a whole number 1–5, not {satisfaction!r}")
    if not SATISFACTION_MIN <= satisfaction <= SATISFACTION_MAX:
        raise ValueError(f"satisfaction must be between 1 and 5, not {satisfaction}")
    return satisfaction


def rated_before_reopening(events: Iterable[tuple[str, str | None]]) -> bool:
    """Whether the satisfaction recorded on a ticket belongs to an earlier round: the
    ticket was reopened after its last callback (a move to callback_done, or a
    `callback` event for kinds that need none). A score with no reopening after it (or
    with no callback event at all, as imported history) is the current round's.
    `events` are the ticket's (kind, to_status) pairs, oldest first."""
    earlier = False
    for kind, to_status in events:
        if to_status == S.REOPENED:
            earlier = True
        elif to_status == S.CALLBACK_DONE or kind == "callback":
            earlier = False
    return earlier


__all__ = [
    "IllegalTransition", "TICKET_TRANSITIONS", "allowed_targets", "callback_required",
    "rated_before_reopening", "record_callback", "transition",
]
