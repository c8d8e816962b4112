"""The ticket page's read model (issue 12 item 2): the history with who, when and from
which device; the photos the reader may see; the linked order or the visit it was taken
in (with the rep: HQ has no page per visit, so the page shows it); each deadline, met,
missed or still running (with the working time left); the earlier ticket it repeats;
the people and tiers it may be passed on to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ...models import Device, Order, Photo, Store, Territory, Ticket, TicketEvent, User, Visit
from ...rules import roles
from ...rules.calendar import WorkCalendar
from ...rules.codes import Tier
from ...rules.ticket_deadlines import DeadlineName, TicketDeadlines, time_left
from ...rules.ticket_escalation import TicketMilestones
from ...rules.ticket_status import allowed_targets, callback_required, rated_before_reopening
from ...scope import photo_visible, visible_store_ids


@dataclass
class DeadlineRow:
    """One deadline: when due, when done, and met (True), missed (False) or running (None)."""

    name: str
    due: datetime
    done: datetime | None
    met: bool | None
    left: timedelta | None
    clock_left: timedelta | None = None  # plain time to a running deadline (see QueueRow)


@dataclass
class TicketView:
    """Everything the ticket page shows."""

    ticket: Ticket
    store: Store
    events: list[tuple[TicketEvent, User | None, Device | None]]
    photos: list[Photo]
    deadlines: list[DeadlineRow]
    repeated_of: Ticket | None
    owner: User | None
    targets: frozenset[str]
    assignees: list[User] = field(default_factory=list)
    order: Order | None = None  # the linked order (of the ticket's store), by its number
    tiers: tuple[str, ...] = tuple(str(t) for t in Tier)
    visit: Visit | None = None  # the visit the rep took it in
    visit_rep: User | None = None
    # the satisfaction was given for the current resolution, not before a reopening
    rated_this_round: bool = False


def deadline_rows(ticket: Ticket, registered_at: datetime | None, now: datetime,
                  calendar: WorkCalendar) -> list[DeadlineRow]:
    """The ticket's deadlines with their state (rules.ticket_escalation's milestones)."""
    deadlines = TicketDeadlines(ticket.register_due_at, ticket.first_answer_due_at,
                                ticket.temp_measure_due_at, ticket.resolve_due_at)
    done = TicketMilestones(registered_at or ticket.received_at, ticket.first_answered_at,
                            ticket.temp_measure_at, ticket.resolved_at)
    rows = []
    for name, due in deadlines.items():
        if due is None:
            continue
        at = done.done_at(DeadlineName(name))
        met = (at <= due) if at is not None else (False if now > due else None)
        span = time_left(now, due, calendar) if at is None else None
        rows.append(DeadlineRow(str(name), due, at, met, span and span.working,
                                span and span.clock))
    return rows


def _assignees(session: Session, store: Store) -> list[User]:
    """The choices of "pass on to": active reps of the store's territory, market managers
    of its region and HQ staff (the same people scope.store_filter lets see the store;
    services.ticket_actions.pass_on checks the chosen one through it)."""
    region = select(Territory.region_id).where(Territory.id == store.territory_id)
    return list(session.scalars(select(User).where(
        User.active.is_(True),
        or_(and_(User.role == roles.REP, User.territory_id == store.territory_id),
            and_(User.role == roles.MARKET_MANAGER,
                 User.region_id == region.scalar_subquery()),
            User.role == roles.HQ_STAFF))
        .order_by(User.role, User.display_name)))


def _with_device(session: Session, ticket: Ticket, event: TicketEvent, who: User | None,
                 device: Device | None) -> tuple:
    """A phone's ticket record writes its "created" event without the device; the
    ticket itself names it."""
    if device is None and event.kind == "created" and ticket.device_id:
        device = session.get(Device, ticket.device_id)
    return event, who, device


def taken_in_visit(session: Session, user: User,
                   ticket: Ticket) -> tuple[Visit | None, User | None]:
    """The visit the ticket was taken in and its rep, when the user may see its store."""
    if ticket.visit_id is None:
        return None, None
    row = session.execute(
        select(Visit, User).outerjoin(User, User.id == Visit.rep_id)
        .where(Visit.id == ticket.visit_id, Visit.store_id.in_(visible_store_ids(user)))).first()
    return (row[0], row[1]) if row else (None, None)


def ticket_view(session: Session, user: User, ticket: Ticket, now: datetime,
                calendar: WorkCalendar, callback_kinds) -> TicketView:
    """The ticket page's content for `user` (the ticket was found in their scope)."""
    events = session.execute(
        select(TicketEvent, User, Device)
        .outerjoin(User, User.id == TicketEvent.by_id)
        .outerjoin(Device, Device.id == TicketEvent.device_id)
        .where(TicketEvent.ticket_id == ticket.id)
        .order_by(TicketEvent.at, TicketEvent.id)).all()
    registered = next((e.at for e, _, _ in events if e.kind == "created"), None)
    photos = [p for p in session.scalars(select(Photo).where(
        Photo.owner_type == "ticket", Photo.owner_id == ticket.id).order_by(Photo.created_at))
        if photo_visible(session, user, p)]
    owner_id = ticket.assignee_id or ticket.first_responder_id
    repeated = None
    if ticket.repeated_of_id:
        repeated = session.scalar(select(Ticket).where(Ticket.id == ticket.repeated_of_id,
                                                       Ticket.store_id == ticket.store_id))
    store = session.get(Store, ticket.store_id)
    visit, visit_rep = taken_in_visit(session, user, ticket)
    order = None
    if ticket.order_id is not None:
        order = session.scalar(select(Order).where(Order.id == ticket.order_id,
                                                   Order.store_id == ticket.store_id))
    return TicketView(
        ticket=ticket, store=store, events=[_with_device(session, ticket, *row) for row in events],
        photos=photos,
        deadlines=deadline_rows(ticket, registered, now, calendar), repeated_of=repeated,
        owner=session.get(User, owner_id) if owner_id else None,
        targets=frozenset(str(t) for t in allowed_targets(
            ticket.status, callback_required=ticket.kind in callback_kinds)),
        assignees=_assignees(session, store), order=order, visit=visit,
        visit_rep=visit_rep,
        rated_this_round=ticket.satisfaction is not None and not rated_before_reopening(
            (e.kind, e.to_status) for e, _, _ in events))


__all__ = ["DeadlineRow", "TicketView", "callback_required", "deadline_rows", "taken_in_visit",
           "ticket_view"]
