"""The rep's first-responder actions on a ticket (issue 12 item 5): acknowledge and
resolve on the spot, online or offline, as `ticket_update` sync records.

A minimal stand-in aligned with the ticket desk's `services.ticket_actions.acknowledge`
and `.resolve` (same arguments, same refusal codes, same events): when those are merged
the two action functions here should call them. Rules: the status machine
(`rules.ticket_status`: new → acknowledged; acknowledged/in_progress/reopened →
in_progress → resolved) and the authority tier (`rules.ticket_authority.may_decide`:
resolving is a decision of the ticket's tier; a rep holds the first responder's tier).
Acknowledging is the first answer anyone who received the ticket owes (首问负责
[000 实行首问负责]), so it needs no tier. Each action writes its `ticket_event` (by whom,
from which device), an audit line, touches the change feed and tells the ticket's creator
and the store's owner (never the actor). Nothing commits.
"""

from __future__ import annotations

from sqlalchemy import select

from sync.outcome import Outcome, Rejection
from sync.records import Record

from ..models import Store, Ticket, TicketEvent
from ..rules import ticket_status
from ..rules.codes import NotificationKind, TicketStatus, TicketUpdateAction
from ..rules.ticket_authority import may_decide
from ..rules.transitions import IllegalTransition
from ..scope import visible_store_ids
from .audit import record_audit
from .change_feed import touch_tickets
from .context import PushContext
from .lookups import Lookups
from .notifications import notify
from .refusals import ActionRefused

S = TicketStatus
TEXT_LIMIT = 2000
WORKING = (S.ACKNOWLEDGED, S.IN_PROGRESS, S.REOPENED)


def _move(ctx: PushContext, ticket: Ticket, target: str, note: str | None = None,
          public: bool = False) -> TicketEvent:
    callback = ticket_status.callback_required(ticket.kind, ctx.settings)
    try:
        ticket_status.transition(ticket.status, target, callback_required=callback)
    except IllegalTransition as error:
        raise ActionRefused("not_allowed_now", f"{ticket.status} → {target}: {error}") from None
    before, ticket.status = ticket.status, str(target)
    event = TicketEvent(ticket_id=ticket.id, kind="status", from_status=before,
                        to_status=str(target), at=ctx.now, by_id=ctx.user.id, note=note,
                        device_id=ctx.device_id, public=public)
    ctx.session.add(event)
    ctx.session.flush()
    return event


def _finish(ctx: PushContext, ticket: Ticket, action: str, events: list[TicketEvent]) -> None:
    record_audit(ctx.session, ctx.user, f"ticket.{action}", "ticket", ticket.id,
                 {"status": ticket.status, "tier": ticket.tier}, device_id=ctx.device_id)
    touch_tickets(ctx.session, [ticket])
    owner_id = ctx.session.scalar(select(Store.owner_id).where(Store.id == ticket.store_id))
    wanted = {ticket.created_by_id, owner_id} - {ctx.user.id}
    for event in events:
        kind = NotificationKind.TICKET_ANSWERED if event.public else NotificationKind.TICKET_STATUS
        notify(ctx.session, wanted, str(kind), "ticket", ticket.id, f"ticket_event:{event.id}",
               store_id=ticket.store_id, now=ctx.now,
               params={"number": ticket.number, "status": ticket.status, "event": event.kind})
    ctx.session.flush()


def acknowledge(ctx: PushContext, ticket: Ticket, note: str | None = None) -> Ticket:
    """new → acknowledged, the first answer; the acknowledging rep holds the ticket if
    nobody did."""
    event = _move(ctx, ticket, S.ACKNOWLEDGED, (note or "").strip()[:TEXT_LIMIT] or None)
    if ticket.first_answered_at is None:
        ticket.first_answered_at = ctx.now
    if ticket.assignee_id is None:
        ticket.assignee_id = ctx.user.id
    _finish(ctx, ticket, "acknowledge", [event])
    return ticket


def resolve(ctx: PushContext, ticket: Ticket, resolution: str) -> Ticket:
    """The resolution (the store sees it) and the move to resolved, through in progress;
    refused above the actor's tier ("above_tier", naming the tier it needs)."""
    text = (resolution or "").strip()[:TEXT_LIMIT]
    if not text:
        raise ActionRefused("resolution_required")
    if ticket.status not in WORKING:
        _move(ctx, ticket, S.RESOLVED)  # never allowed from here: refuses in the machine's words
    if not may_decide(ctx.user.role, ticket.tier):
        raise ActionRefused("above_tier", str(ticket.tier))
    events = [_move(ctx, ticket, S.IN_PROGRESS)] if ticket.status != S.IN_PROGRESS else []
    events.append(_move(ctx, ticket, S.RESOLVED, text, public=True))
    ticket.resolved_at = ctx.now
    if ticket.first_answered_at is None:
        ticket.first_answered_at = ctx.now
    _finish(ctx, ticket, "resolve", events)
    return ticket


ACTIONS = {TicketUpdateAction.ACKNOWLEDGE: acknowledge, TicketUpdateAction.RESOLVE: resolve}


def _refusal_text(action: str, error: ActionRefused) -> str:
    """The English reason the push gives (sync.refusals reads its code from it)."""
    if error.reason == "above_tier":
        return (f"ticket_update: above the first responder's tier (needs {error.detail}); "
                "the market manager decides it")
    return f"ticket_update: cannot {action} a ticket that is {error.detail or error.reason}"


def apply_ticket_updates(ctx: PushContext, records: list[Record],
                         lookups: Lookups) -> list[Outcome]:
    """Apply each rep action in order; a record applied before is a duplicate already
    (the push's receipts), so an action arrives exactly once."""
    outcomes = []
    for record in records:
        data = record.data
        try:
            lookups.store(data.store_id)
            ticket = ctx.session.scalars(select(Ticket).where(
                Ticket.id == data.ticket_id, Ticket.store_id == data.store_id,
                Ticket.store_id.in_(visible_store_ids(ctx.user)))).first()
            if ticket is None:
                raise Rejection(f"ticket_update.ticket_id: no such ticket {data.ticket_id} "
                                "in your territory's store")
            try:
                with ctx.session.begin_nested():
                    ACTIONS[TicketUpdateAction(data.action)](ctx, ticket, data.note)
            except ActionRefused as error:
                ctx.session.refresh(ticket)
                raise Rejection(_refusal_text(data.action, error)) from None
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        outcomes.append(Outcome(record.id, "applied", entity_type="ticket", entity_id=ticket.id,
                                details={"ticket_status": ticket.status}))
    return outcomes
