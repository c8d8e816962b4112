"""What the owner's ticket pages read: the current store's tickets, one ticket's public
history and its photos the owner may see. No Flask."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Photo, Store, Ticket, TicketEvent, User
from ..scope import photo_visible

TICKETS_SHOWN = 50


def store_tickets(session: Session, store: Store, limit: int = TICKETS_SHOWN) -> list[Ticket]:
    """The store's tickets, newest first (the caller checked the store is the user's)."""
    return list(session.scalars(select(Ticket).where(Ticket.store_id == store.id)
                                .order_by(Ticket.received_at.desc()).limit(limit)))


def next_deadline(ticket: Ticket) -> datetime | None:
    """The deadline the store waits on: the first answer until answered, then the
    resolution; None once resolved."""
    if ticket.resolved_at or ticket.status in ("resolved", "callback_done", "closed"):
        return None
    if ticket.first_answered_at is None and ticket.first_answer_due_at:
        return ticket.first_answer_due_at
    return ticket.resolve_due_at


def public_events(session: Session, ticket: Ticket) -> list[TicketEvent]:
    """What the store is shown of the history: status moves and public answers, in order
    (internal notes stay at HQ)."""
    return list(session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id,
        (TicketEvent.public.is_(True)) | (TicketEvent.kind == "status"))
        .order_by(TicketEvent.at, TicketEvent.id)))


def ticket_photos(session: Session, user: User, ticket: Ticket) -> list[Photo]:
    """The ticket's photos `user` may see (the scoping helper decides each)."""
    photos = session.scalars(select(Photo).where(Photo.owner_type == "ticket",
                                                 Photo.owner_id == ticket.id)
                             .order_by(Photo.created_at))
    return [p for p in photos if photo_visible(session, user, p)]
