"""The rep's first-responder actions on a ticket (issue 12 item 5): acknowledge and
resolve on the spot, online or offline, as `ticket_update` sync records.

The actions are the ticket desk's own (`services.ticket_actions.acknowledge` and
`.resolve`): this module turns each record into one call and a refusal into the push's
answer. Rules: the status machine
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

from ..models import Ticket
from ..rules.codes import TicketUpdateAction
from ..scope import visible_store_ids
from . import ticket_actions
from .context import PushContext
from .lookups import Lookups
from .refusals import ActionRefused

# the desk's own actions: the same status machine, tier check, events, feed and notices
ACTIONS = {TicketUpdateAction.ACKNOWLEDGE: ticket_actions.acknowledge,
           TicketUpdateAction.RESOLVE: ticket_actions.resolve}


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
