"""What people do to a ticket (issue 12 item 3): acknowledge, pass on, answer the
customer, the temporary measure and the resolution, the severity override, the callback,
close and reopen.

Every action takes a `PushContext` (who acts, from which device, settings, calendar,
now: the HQ pages build one with `request_context.push_context`, the phone's
`ticket_update` records arrive with theirs) and a ticket already found in the actor's
scope (`find_ticket`). Each checks the status machine (`rules.ticket_status`) and, for
decisions, the authority tier (`rules.ticket_authority`); a refusal is `ActionRefused`
with a code labelled in `rules.code_labels["ticket_refusal"]` — "above_tier" carries the
tier needed, and the page offers `escalate_to_tier`. Each writes a `ticket_event`
(by whom, from which device), an audit line, touches the change feed and notifies the
rep who took the ticket and the store's owner. Nothing commits.

Who may do what:
- anyone who holds a tier and sees the store: acknowledge, answer, pass on, callback;
- decisions need the ticket's tier (`Ticket.tier`): the temporary measure, resolve,
  close, the severity override (the higher of the ticket's tier and the new severity's);
- reopen: anyone who sees the ticket, a store owner included (the customer is unhappy).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Ticket, TicketEvent, User
from ..rules import roles
from ..rules import tickets as ticket_rules
from ..rules.codes import Severity, TicketStatus, Tier
from ..rules.ticket_authority import higher_tier
from .context import PushContext
from .refusals import ActionRefused
from .ticket_support import (
    add_event,
    check_tier,
    finish,
    move,
    notify_new_owner,
    required_text,
    store_territory,
    tier_holders,
    tier_roles,
)
from .ticket_support import find_ticket as find_ticket  # re-exported for callers
from .ticket_support import may_hold as may_hold

S = TicketStatus


def _holder(ctx: PushContext) -> None:
    if ctx.user.role not in tier_roles():
        raise ActionRefused("not_a_decider", ctx.user.role)


def _first_answer(ctx: PushContext, ticket: Ticket) -> None:
    if ticket.first_answered_at is None:
        ticket.first_answered_at = ctx.now


def _work_started(ctx: PushContext, ticket: Ticket) -> list[TicketEvent]:
    """Acknowledged or reopened tickets go to in progress when work is recorded."""
    if ticket.status in (S.ACKNOWLEDGED, S.REOPENED):
        return [move(ctx, ticket, S.IN_PROGRESS)]
    return []


def acknowledge(ctx: PushContext, ticket: Ticket, note: str | None = None) -> Ticket:
    """new → acknowledged: the first answer under 首问负责 [000 实行首问负责]; the
    acknowledging person holds the ticket if nobody did."""
    _holder(ctx)
    event = move(ctx, ticket, S.ACKNOWLEDGED, (note or "").strip()[:2000] or None)
    _first_answer(ctx, ticket)
    if ticket.assignee_id is None:
        ticket.assignee_id = ctx.user.id
    finish(ctx, ticket, "acknowledge", [event])
    return ticket


def answer_customer(ctx: PushContext, ticket: Ticket, text: str) -> Ticket:
    """The text the store sees (a public event); it is the first answer if none was
    given. Refused on a new ticket (acknowledge first) and on a settled one."""
    _holder(ctx)
    text = required_text(text)
    if ticket.status == S.NEW:
        raise ActionRefused("not_allowed_now", f"{ticket.status}: acknowledge first")
    if ticket.status in (S.RESOLVED, S.CALLBACK_DONE, S.CLOSED):
        raise ActionRefused("not_allowed_now", f"{ticket.status}: reopen it first")
    events = _work_started(ctx, ticket)
    events.append(add_event(ctx, ticket, "answer", text, public=True))
    _first_answer(ctx, ticket)
    finish(ctx, ticket, "answer", events)
    return ticket


def record_temp_measure(ctx: PushContext, ticket: Ticket, text: str) -> Ticket:
    """A major complaint's temporary measure, due within 8 working hours
    [003 8个工作小时内提出临时改善对策]; the store sees it. A decision of the ticket's tier."""
    _holder(ctx)
    text = required_text(text)
    if not ticket_rules.is_major(ticket.severity):
        raise ActionRefused("not_major")
    if ticket.status not in (S.ACKNOWLEDGED, S.IN_PROGRESS, S.REOPENED):
        raise ActionRefused("not_allowed_now", ticket.status)
    check_tier(ctx.user, ticket.tier)
    events = _work_started(ctx, ticket)
    events.append(add_event(ctx, ticket, "temp_measure", text, public=True))
    ticket.temp_measure_at = ctx.now
    _first_answer(ctx, ticket)
    finish(ctx, ticket, "temp_measure", events)
    return ticket


def resolve(ctx: PushContext, ticket: Ticket, resolution: str) -> Ticket:
    """The permanent resolution (the store sees it) and the move to resolved, through
    in progress when work had not started. A decision of the ticket's tier."""
    _holder(ctx)
    text = required_text(resolution, "resolution_required")
    if ticket.status not in (S.ACKNOWLEDGED, S.IN_PROGRESS, S.REOPENED):
        move(ctx, ticket, S.RESOLVED)  # never allowed from here: refuses in the machine's words
    check_tier(ctx.user, ticket.tier)
    events = _work_started(ctx, ticket)
    events.append(move(ctx, ticket, S.RESOLVED, text, public=True))
    ticket.resolved_at = ctx.now
    _first_answer(ctx, ticket)
    finish(ctx, ticket, "resolve", events)
    return ticket


def record_callback(ctx: PushContext, ticket: Ticket, satisfaction: int,
                    comment: str | None = None) -> Ticket:
    """resolved → callback_done with the customer's satisfaction 1–5 and a comment
    (回访) [002 回訪]."""
    _holder(ctx)
    try:
        score = ticket_rules.record_callback(satisfaction)
    except ValueError:
        raise ActionRefused("bad_satisfaction", repr(satisfaction)) from None
    comment = (comment or "").strip()[:2000]
    event = move(ctx, ticket, S.CALLBACK_DONE, comment or None)
    ticket.satisfaction = score
    finish(ctx, ticket, "callback", [event], {"satisfaction": score})
    return ticket


def close(ctx: PushContext, ticket: Ticket, note: str | None = None) -> Ticket:
    """callback_done → closed (resolved → closed for kinds with no callback). A decision
    of the ticket's tier."""
    _holder(ctx)
    check_tier(ctx.user, ticket.tier)
    event = move(ctx, ticket, S.CLOSED, (note or "").strip()[:2000] or None)
    ticket.closed_at = ctx.now
    finish(ctx, ticket, "close", [event])
    return ticket


def reopen(ctx: PushContext, ticket: Ticket, reason: str) -> Ticket:
    """A settled ticket opens again (the customer is not satisfied); it is no longer
    resolved, so its resolution deadline counts again."""
    if ctx.user.role not in tier_roles() | roles.OWNER_ROLES:
        raise ActionRefused("not_a_decider", ctx.user.role)
    text = required_text(reason, "reason_required")
    event = move(ctx, ticket, S.REOPENED, text, public=True)
    ticket.resolved_at = ticket.closed_at = None
    finish(ctx, ticket, "reopen", [event])
    return ticket


def override_severity(ctx: PushContext, ticket: Ticket, severity: str, reason: str) -> Ticket:
    """A person's severity over the automatic one, with a reason; `severity_auto` stays.
    The tier and the deadlines follow the new severity (escalations already made stay)."""
    _holder(ctx)
    if severity not in {str(s) for s in Severity}:
        raise ActionRefused("bad_severity", str(severity))
    reason = required_text(reason, "reason_required")
    if ticket.status in (S.CLOSED,):
        raise ActionRefused("not_allowed_now", ticket.status)
    base = ticket_rules.authority_tier(ticket.goods_value_fen, severity, ticket.category,
                                       bool((ticket.facts or {}).get("against_manager")),
                                       ctx.settings,
                                       customer_insists=bool((ticket.facts or {})
                                                             .get("customer_insists")))
    check_tier(ctx.user, higher_tier(ticket.tier, base))
    decision = ticket_rules.apply_severity_override(ticket.severity_auto, severity,
                                                    ctx.user.id, reason)
    before = ticket.severity
    ticket.severity = str(decision.final)
    ticket.severity_override_by_id = ctx.user.id if decision.overridden else None
    ticket.severity_override_reason = decision.override_reason
    ticket.tier = str(higher_tier(
        ticket_rules.escalate(base, ticket.escalation_level), ticket.tier))
    due = ticket_rules.ticket_deadlines(ticket.received_at, ticket.severity, ticket.kind,
                                        ctx.calendar, ctx.settings)
    ticket.temp_measure_due_at, ticket.resolve_due_at = due.temp_measure_by, due.resolve_by
    event = add_event(ctx, ticket, "severity", f"{before} → {ticket.severity}: {reason}")
    finish(ctx, ticket, "severity", [event], {"from": before, "to": ticket.severity})
    return ticket


def pass_on(ctx: PushContext, ticket: Ticket, *, assignee: User | None = None,
            tier: str | None = None, note: str | None = None) -> Ticket:
    """Give the ticket to a person (who must see the store) or to a tier (its holder for
    this store: the region's market manager, then HQ staff). Passing to a higher tier
    raises the ticket's tier; the new owner is notified (TICKET_ESCALATED)."""
    _holder(ctx)
    if ticket.status == S.CLOSED:
        raise ActionRefused("not_allowed_now", ticket.status)
    if tier is not None:
        if tier not in {str(t) for t in Tier}:
            raise ActionRefused("bad_tier", str(tier))
        holder_id = tier_holders(ctx.session).holder(
            tier, store_territory(ctx.session, ticket.store_id))
        assignee = ctx.session.get(User, holder_id) if holder_id is not None else None
        if assignee is None:
            raise ActionRefused("no_one_in_tier", str(tier))
    if assignee is None or not may_hold(ctx.session, assignee, ticket.store_id):
        raise ActionRefused("no_such_assignee")
    if assignee.id == ticket.assignee_id and (tier is None or higher_tier(ticket.tier, tier)
                                              == ticket.tier):
        raise ActionRefused("already_holder")  # no move, no second message to them
    before = ticket.tier
    if tier is not None:
        ticket.tier = str(higher_tier(ticket.tier, tier))
    ticket.assignee_id = assignee.id
    kind = "escalation" if ticket.tier != before else "assign"
    text = (note or "").strip()[:2000]
    event = add_event(ctx, ticket, kind, f"→ {assignee.display_name}" + (f": {text}" if text
                                                                          else ""))
    finish(ctx, ticket, "pass_on", [event], {"assignee_id": assignee.id, "from_tier": before})
    notify_new_owner(ctx.session, ticket, assignee.id, event.id, ctx.now, ctx.user.id)
    return ticket


def escalate_to_tier(ctx: PushContext, ticket: Ticket, note: str | None = None) -> Ticket:
    """The offer after an "above_tier" refusal: pass the ticket to the holder of the tier
    it needs (its own tier when the actor is below it, else one tier up)."""
    _holder(ctx)
    if ticket_rules.may_decide(ctx.user.role, ticket.tier):
        target = ticket_rules.escalate(ticket.tier)
    else:
        target = Tier(ticket.tier)
    return pass_on(ctx, ticket, tier=str(target), note=note)


def find_assignable(session: Session, user_id: int | None) -> User | None:
    """The user a form names as the new owner (checked by `pass_on`)."""
    return session.get(User, user_id) if isinstance(user_id, int) else None
