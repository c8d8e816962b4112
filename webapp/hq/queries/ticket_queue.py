"""The ticket desk's queue (issue 12 item 1): open tickets in the user's scope, the
next deadline first, with the filters of the page and the time left in working time.

The next deadline is the earliest step not yet done: the first answer, a major
complaint's temporary measure, the resolution (registering is done when the ticket
exists). "Breached" is a ticket past its next deadline or already escalated for one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, joinedload

from ...models import Region, Store, Territory, Ticket, User
from ...rules.calendar import WorkCalendar
from ...rules.ticket_deadlines import time_left
from ...rules.ticket_status import OPEN_STATUSES
from ...scope import sees_everything, store_filter
from ...ticket_next_due import FAR, next_due_at
from ...url_ids import id_or_none

PAGE_SIZE = 50
FILTER_NAMES = ("kind", "category", "severity", "status", "store", "region", "owner", "breached")
# settled but not done with: waiting for the callback (回访), then for closing; the
# status filter finds them (the queue itself lists the open ones)
AFTER_RESOLVE = ("resolved", "callback_done")
owner_of_ticket = func.coalesce(Ticket.assignee_id, Ticket.first_responder_id)


@dataclass
class QueueRow:
    """A ticket of the queue with its next deadline and the working time left (negative:
    overdue by that much). `clock_left` is the plain time to it: a deadline counted in
    clock hours (the first answer) passes, or comes close, when no working time lies
    between, over a night or a weekend."""

    ticket: Ticket
    next_due: datetime | None
    left: timedelta | None
    owner: User | None = None
    clock_left: timedelta | None = None

    @property
    def overdue(self) -> bool:
        """Whether the next deadline has passed (by the clock, as escalation decides)."""
        return self.clock_left is not None and self.clock_left < timedelta(0)


@dataclass
class QueuePage:
    """One page of the queue, the total and the filters' choices."""

    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    owners: list[User] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)


def clean_filters(args) -> dict[str, str]:
    """The filters of the query string, stripped; empty ones dropped."""
    return {name: (args.get(name) or "").strip()[:100] for name in FILTER_NAMES
            if (args.get(name) or "").strip()}


def _as_id(digits: str) -> int:
    """An id typed in the address; one too large for an id column is no one's (-1)."""
    number = id_or_none(digits)
    return -1 if number is None else number


def _filtered(user: User, filters: dict[str, str], now: datetime):
    query = (select(Ticket).join(Store, Store.id == Ticket.store_id)
             .join(Territory, Territory.id == Store.territory_id)
             .where(store_filter(user),
                    Ticket.status.in_(OPEN_STATUSES + AFTER_RESOLVE
                                      if filters.get("status") in AFTER_RESOLVE
                                      else OPEN_STATUSES)))
    for name in ("kind", "category", "severity", "status"):
        if name in filters:
            query = query.where(getattr(Ticket, name) == filters[name])
    if "store" in filters:
        text = filters["store"]
        query = query.where(or_(Store.customer_code == text,
                                Store.name.contains(text, autoescape=True)))
    if filters.get("region", "").isdigit():
        query = query.where(Territory.region_id == _as_id(filters["region"]))
    if filters.get("owner", "").isdigit():
        query = query.where(owner_of_ticket == _as_id(filters["owner"]))
    if filters.get("breached") == "yes":
        query = query.where(or_(Ticket.escalation_level > 0, next_due_at < now))
    elif filters.get("breached") == "no":
        query = query.where(and_(Ticket.escalation_level == 0, next_due_at >= now))
    return query


def ticket_queue(session: Session, user: User, filters: dict[str, str], page: int,
                 now: datetime, calendar: WorkCalendar) -> QueuePage:
    """One page of the open tickets in scope, ordered by their next deadline."""
    query = _filtered(user, filters, now)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    found = session.execute(
        query.add_columns(next_due_at.label("next_due"))
        .options(joinedload(Ticket.store))
        .order_by(next_due_at.asc(), Ticket.received_at.asc(), Ticket.id)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    owner_ids = {t.assignee_id or t.first_responder_id for t, _ in found} - {None}
    owners = {u.id: u for u in session.scalars(select(User).where(User.id.in_(owner_ids)))}
    rows = []
    for ticket, due in found:
        due = None if due is None or due >= FAR else due  # FAR: no deadline left
        span = time_left(now, due, calendar) if due is not None else None
        rows.append(QueueRow(ticket, due, span and span.working,
                             owners.get(ticket.assignee_id or ticket.first_responder_id),
                             clock_left=span and span.clock))
    return QueuePage(rows, total, page, pages, queue_owners(session, user),
                     queue_regions(session, user))


def queue_owners(session: Session, user: User) -> list[User]:
    """The people holding open tickets in scope (the owner filter's choices)."""
    held = set(session.scalars(
        select(owner_of_ticket).join(Store, Store.id == Ticket.store_id)
        .where(store_filter(user), Ticket.status.in_(OPEN_STATUSES)).distinct())) - {None}
    return list(session.scalars(select(User).where(User.id.in_(held))
                                .order_by(User.display_name)))


def queue_regions(session: Session, user: User) -> list[Region]:
    """The regions that hold stores in scope (the region filter's choices)."""
    query = select(Region).order_by(Region.code)
    if not sees_everything(user):  # HQ: every region, without reading every store
        regions = (select(Territory.region_id).join(Store, Store.territory_id == Territory.id)
                   .where(store_filter(user)).distinct())
        query = query.where(Region.id.in_(regions.scalar_subquery()))
    return list(session.scalars(query))
