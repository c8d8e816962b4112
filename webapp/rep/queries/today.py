"""What a rep's "Today" page shows, read with a handful of grouped queries.

Three queries whatever the territory holds (stores with their last visit and this
week's price check, open tickets with their count, restock requests waiting for a
decision), each limited by `webapp.scope`; the decisions
(due or overdue, price check missing, route order) come from the pure rules.
No Flask here: the view passes the session, the user, the day and the settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import PriceCheck, RestockRequest, Store, Ticket, User, Visit
from ...rules.cadence import (
    PriceCheckState,
    StoreCadence,
    StoreVisitStatus,
    VisitState,
    due_stores,
    iso_week_key,
    price_check_due,
)
from ...rules.calendar import WorkCalendar, to_utc
from ...rules.route import Stop, route_order
from ...rules.settings import ServiceSettings
from ...scope import store_filter, visible_store_ids
from .tickets import TICKETS_SHOWN, TicketClock, open_tickets, ticket_clock


@dataclass(frozen=True)
class RoundStop:
    """One store on today's round: why it is there and the leg from the previous stop."""

    store: Store
    visit: StoreVisitStatus | None  # None: only the price check brings the rep here
    price_check: PriceCheckState | None  # DUE or LATE when this week's check is missing
    leg_m: float | None


@dataclass(frozen=True)
class OpenTicket:
    """An open ticket of the rep's stores and the clock of its next deadline."""

    ticket: Ticket
    store: Store
    clock: TicketClock | None

DECISIONS_SHOWN_DAYS = 7  # Rounds default: HQ's restock answers stay in view for a week


def decided_restocks(where, now: datetime):
    """Restock requests matching `where` that HQ decided in the last week, newest first
    (the answer reaches whoever asked: approved, or refused with HQ's reason)."""
    return (select(RestockRequest)
            .where(where, RestockRequest.status != "submitted",
                   RestockRequest.decided_at >= now - timedelta(days=DECISIONS_SHOWN_DAYS))
            .order_by(RestockRequest.decided_at.desc()))


@dataclass
class TodayRound:
    """Everything the Today page lists."""

    day: date
    week: str
    price_deadline: date
    stops: list[RoundStop] = field(default_factory=list)
    tickets: list[OpenTicket] = field(default_factory=list)
    restocks: list[tuple[RestockRequest, Store]] = field(default_factory=list)
    # the rep's own requests HQ decided lately: the answer, and the reason of a refusal
    decided: list[tuple[RestockRequest, Store]] = field(default_factory=list)
    ticket_count: int = 0  # all open tickets; `tickets` holds the most urgent
    located: bool = False  # ordered from the phone's position


def territory_stores(session: Session, user: User, week: str,
                     calendar: WorkCalendar) -> list[tuple[Store, date | None, date | None]]:
    """The user's active stores in territory order, each with the local day of its
    latest visit and of its first price check in ISO `week` (None: none).

    One query: the two dates are correlated aggregates, an index seek per store.
    """
    last_visit = (select(func.max(Visit.started_at)).where(Visit.store_id == Store.id)
                  .correlate(Store).scalar_subquery())
    week_check = (select(func.min(PriceCheck.observed_at))
                  .where(PriceCheck.store_id == Store.id, PriceCheck.iso_week == week)
                  .correlate(Store).scalar_subquery())
    rows = session.execute(
        select(Store, last_visit, week_check)
        .where(store_filter(user), Store.status == "active").order_by(Store.customer_code)
    )

    def local(moment: datetime | None) -> date | None:
        return calendar.local_date(to_utc(moment)) if moment is not None else None

    return [(store, local(visited), local(checked)) for store, visited, checked in rows]


def _missing_price_check(store: Store, day: date, seen: date | None,
                         settings: ServiceSettings) -> PriceCheckState | None:
    """DUE or LATE when a sample store has no check yet this week, else None."""
    if seen is not None and iso_week_key(seen) != iso_week_key(day):
        seen = None  # observed_at near midnight UTC can fall in the neighbouring week
    state = price_check_due(store.is_sample, day, seen, settings).state
    if seen is None and state in (PriceCheckState.DUE, PriceCheckState.LATE):
        return state
    return None


def today_round(session: Session, user: User, day: date, now: datetime,
                settings: ServiceSettings, calendar: WorkCalendar,
                start: tuple[float, float] | None = None) -> TodayRound:
    """The rep's round for `day`: due stores as a route, open tickets, waiting restocks.

    `start` is the phone's (lat, lng); without it the route starts from the first
    stop in territory order, so the list is stable.
    """
    week = iso_week_key(day)
    rows = territory_stores(session, user, week, calendar)
    stores = [store for store, _, _ in rows]
    by_id = {s.id: s for s in stores}
    cadence = [StoreCadence(s.id, s.grade, visited, s.is_sample) for s, visited, _ in rows]
    due = {v.store_id: v for v in due_stores(cadence, day, settings, calendar)}
    missing = {s.id: m for s, _, checked in rows
               if (m := _missing_price_check(s, day, checked, settings)) is not None}

    wanted = [s for s in stores if s.id in due or s.id in missing]
    stops = [Stop(s.customer_code, s.lat, s.lng,
                  0 if s.id in due and due[s.id].state is VisitState.OVERDUE else 1)
             for s in wanted]
    by_code = {s.customer_code: s for s in wanted}
    round_ = TodayRound(day, week, price_check_due(True, day, None, settings).deadline,
                        located=start is not None)
    for leg in route_order(stops, start):
        store = by_code[leg.stop.key]
        round_.stops.append(RoundStop(store, due.get(store.id), missing.get(store.id), leg.leg_m))

    ticket_rows = session.execute(
        open_tickets(Ticket.store_id.in_(visible_store_ids(user))).limit(TICKETS_SHOWN)).all()
    round_.ticket_count = ticket_rows[0][1] if ticket_rows else 0
    round_.tickets = [OpenTicket(t, by_id[t.store_id], ticket_clock(t, now, calendar))
                      for t, _ in ticket_rows if t.store_id in by_id]
    restocks = session.scalars(
        select(RestockRequest).where(RestockRequest.store_id.in_(visible_store_ids(user)),
                                     RestockRequest.status == "submitted")
        .order_by(RestockRequest.wanted_by, RestockRequest.requested_at)
    ).all()
    round_.restocks = [(r, by_id[r.store_id]) for r in restocks if r.store_id in by_id]
    decided = session.scalars(decided_restocks(RestockRequest.requested_by_id == user.id, now)
                              .where(RestockRequest.store_id.in_(visible_store_ids(user))))
    round_.decided = [(r, by_id[r.store_id]) for r in decided if r.store_id in by_id]
    return round_
