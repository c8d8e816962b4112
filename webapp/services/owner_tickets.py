"""What a store owner does to their store's tickets after raising one (issue 12 item 7):
add information, rate the resolution at the callback, reopen within the allowed period.

Raising a ticket is a `ticket` sync record like the rep's (`services.tickets`, through
`apply_batch`); these are the owner's later steps. Each writes a public ticket event
(the store's own words are never internal), touches the change feed so phones pull
the change, tells the ticket's holder in their inbox, and writes the audit line.
Nothing commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Ticket, TicketEvent, User, utcnow
from ..rules import ticket_status
from ..rules.codes import NotificationKind, TicketStatus
from ..rules.settings import DEFAULT_SETTINGS, ServiceSettings
from ..rules.transitions import IllegalTransition
from ..scope import visible_store_ids
from .audit import record_audit
from .change_feed import touch_tickets
from .notifications import notify
from .refusals import ActionRefused

TEXT_MAX = 2000
SETTLED = (TicketStatus.RESOLVED, TicketStatus.CALLBACK_DONE, TicketStatus.CLOSED)


def find_owner_ticket(session: Session, user: User, ticket_id: str) -> Ticket | None:
    """The ticket if it belongs to a store `user` may see (the scoping helper), else None."""
    if not isinstance(ticket_id, str) or len(ticket_id) > 36:
        return None
    return session.scalar(select(Ticket).where(
        Ticket.id == ticket_id, Ticket.store_id.in_(visible_store_ids(user).scalar_subquery())))


def reopen_deadline(ticket: Ticket, settings: ServiceSettings = DEFAULT_SETTINGS
                    ) -> datetime | None:
    """Until when the store may reopen a settled ticket (None: not settled)."""
    settled_at = ticket.closed_at or ticket.resolved_at
    if ticket.status not in SETTLED or settled_at is None:
        return None
    return settled_at + timedelta(days=settings.ticket_reopen_days)


def rated_this_round(session: Session, ticket: Ticket) -> bool:
    """Whether the ticket's satisfaction was given for its current resolution (not before
    it was reopened: rules.ticket_status.rated_before_reopening)."""
    if ticket.satisfaction is None:
        return False
    return not ticket_status.rated_before_reopening(session.execute(
        select(TicketEvent.kind, TicketEvent.to_status)
        .where(TicketEvent.ticket_id == ticket.id)
        .order_by(TicketEvent.at, TicketEvent.id)).all())


def may_rate(session: Session, ticket: Ticket) -> bool:
    """The owner rates a resolved ticket once per resolution (the callback, 回访): a
    reopened ticket resolved again is rated afresh."""
    return (ticket.status == TicketStatus.RESOLVED
            and not rated_this_round(session, ticket))


def _text(text: str | None, code: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionRefused(code)
    return text[:TEXT_MAX]


def _event(session: Session, user: User, ticket: Ticket, kind: str, note: str | None,
           at: datetime, target: str | None = None,
           details: dict | None = None) -> TicketEvent:
    event = TicketEvent(ticket_id=ticket.id, kind="status" if target else kind,
                        from_status=ticket.status if target else None, to_status=target,
                        at=at, by_id=user.id, note=note, public=True)
    if target:
        ticket.status = target
    session.add(event)
    session.flush()
    touch_tickets(session, [ticket])
    holder = ticket.assignee_id or ticket.first_responder_id
    notify(session, {holder} - {user.id}, NotificationKind.TICKET_STATUS, "ticket", ticket.id,
           f"ticket_event:{event.id}", store_id=ticket.store_id, now=at,
           params={"number": ticket.number, "status": ticket.status, "event": kind})
    record_audit(session, user, f"ticket_owner_{kind}", "ticket", ticket.id,
                 {"status": ticket.status, **(details or {})})  # each round's score kept
    return event


def add_owner_information(session: Session, user: User, ticket: Ticket, text: str,
                          now: datetime | None = None) -> TicketEvent:
    """More information from the store on an open ticket (a public event)."""
    if ticket.status == TicketStatus.CLOSED:
        raise ActionRefused("ticket_closed")
    return _event(session, user, ticket, "info", _text(text, "text_required"), now or utcnow())


def rate_resolution(session: Session, user: User, ticket: Ticket, satisfaction: int,
                    comment: str = "", now: datetime | None = None,
                    settings: ServiceSettings = DEFAULT_SETTINGS) -> TicketEvent:
    """The store's satisfaction 1–5 with the resolution (the callback, 回访): the ticket
    moves resolved → callback_done (kinds that need no callback stay resolved)."""
    if not may_rate(session, ticket):
        raise ActionRefused("not_allowed_now", ticket.status)
    try:
        score = ticket_status.record_callback(satisfaction)
    except ValueError:
        raise ActionRefused("bad_satisfaction", repr(satisfaction)) from None
    ticket.satisfaction = score
    note = (comment or "").strip()[:TEXT_MAX] or None
    needs_callback = ticket_status.callback_required(ticket.kind, settings)
    target = TicketStatus.CALLBACK_DONE if needs_callback else None
    return _event(session, user, ticket, "callback", note, now or utcnow(), target,
                  {"satisfaction": score})


def reopen_by_owner(session: Session, user: User, ticket: Ticket, reason: str,
                    now: datetime | None = None,
                    settings: ServiceSettings = DEFAULT_SETTINGS) -> TicketEvent:
    """The store is not satisfied: a settled ticket opens again within
    `settings.ticket_reopen_days` of being resolved or closed; it counts as unresolved."""
    at = now or utcnow()
    deadline = reopen_deadline(ticket, settings)
    if deadline is None:
        raise ActionRefused("not_allowed_now", ticket.status)
    if at > deadline:
        raise ActionRefused("reopen_too_late", deadline.isoformat())
    text = _text(reason, "reason_required")
    try:
        ticket_status.transition(ticket.status, TicketStatus.REOPENED,
                                 callback_required=ticket_status.callback_required(
                                     ticket.kind, settings))
    except IllegalTransition:
        raise ActionRefused("not_allowed_now", ticket.status) from None
    ticket.resolved_at = ticket.closed_at = None
    return _event(session, user, ticket, "reopen", text, at, TicketStatus.REOPENED)
