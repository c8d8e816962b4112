"""Tickets: the phone's ticket records, and their numbers.

Tickets are classified, tiered and given deadlines by `webapp.rules`; the
person who captured them is the first responder (首问负责).

Ticket numbers: TK + the local day + that day's next number (TK20261127-000123).
Each day has one counter row, raised by an upsert in the writing transaction: on
PostgreSQL concurrent writers wait for each other on that row, on SQLite there is one
writer at a time, so no two tickets ever share a number (the number of a ticket used
to end in 8 hex characters of its id, and two ids of a day could share them).

Lock order: callers allocate change numbers (`change_feed`) first, then ticket
numbers, days in ascending order, so two pushes never wait on each other in a circle.
"""

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.outcome import Outcome, Rejection
from sync.records import Record
from sync.times import clamp_future

from ..models import Ticket, TicketEvent, TicketNumberCounter
from ..rules import roles
from ..rules import tickets as ticket_rules
from .bulk import insert_rows
from .change_feed import allocate_change_seqs
from .context import PushContext
from .lookups import Lookups

_COUNTER = TicketNumberCounter.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def format_ticket_number(day: date, serial: int) -> str:
    """'TK20261127-000123': at least six digits, so old 8-hex-character numbers never match."""
    return f"TK{day:%Y%m%d}-{serial:06d}"


def _raise_counter(session: Session, day: date, count: int) -> int:
    """Add `count` to the day's counter (creating it); returns the new last number."""
    insert = _INSERTS[session.get_bind().dialect.name](_COUNTER)
    statement = insert.values(day=day, last=count).on_conflict_do_update(
        index_elements=[_COUNTER.c.day], set_={"last": _COUNTER.c.last + count},
    ).returning(_COUNTER.c.last)
    return session.connection().execute(statement).scalar_one()


def allocate_ticket_numbers(session: Session, days: list[date]) -> list[str]:
    """One new number per entry of `days` (local days), in the same order."""
    wanted = Counter(days)
    next_serial = {}
    for day in sorted(wanted):
        last = _raise_counter(session, day, wanted[day])
        next_serial[day] = last - wanted[day] + 1
    numbers = []
    for day in days:
        numbers.append(format_ticket_number(day, next_serial[day]))
        next_serial[day] += 1
    return numbers



class _EarlierTickets:
    """Repeat detection: the latest ticket of the same store and category in the window.

    Stored tickets are looked up for the whole batch at once (`prefetch`), the latest
    one per store and category only; tickets the batch itself adds are kept here.
    """

    def __init__(self, ctx: PushContext) -> None:
        self.ctx = ctx
        self.window = timedelta(days=ctx.settings.ticket_repeat_window_days)
        self.stored: dict[tuple[int, str, datetime], tuple[datetime, str] | None] = {}
        self.added: dict[tuple[int, str], list[tuple[datetime, str]]] = {}

    def prefetch(self, wanted: list[tuple[int, str, datetime]]) -> None:
        """Look up the latest stored ticket for every (store, category, received) at once.

        One grouped query per distinct received time (usually one: the server's now)
        and one to read the ids of the tickets found.
        """
        by_time: dict[datetime, set[tuple[int, str]]] = {}
        for store_id, category, received in wanted:
            if (store_id, category, received) not in self.stored:
                by_time.setdefault(received, set()).add((store_id, category))
        for received, matters in by_time.items():
            stores = sorted({store_id for store_id, _ in matters})
            categories = sorted({category for _, category in matters})
            latest = {}
            for start in range(0, len(stores), 500):
                latest.update(((row[0], row[1]), row[2]) for row in self.ctx.session.execute(
                    select(Ticket.store_id, Ticket.category, func.max(Ticket.received_at))
                    .where(Ticket.store_id.in_(stores[start:start + 500]),
                           Ticket.category.in_(categories),
                           Ticket.received_at >= received - self.window,
                           Ticket.received_at <= received)
                    .group_by(Ticket.store_id, Ticket.category)))
            found = {matter: at for matter, at in latest.items() if matter in matters}
            ids: dict[tuple[int, str, datetime], str] = {}
            triples = sorted((store_id, category, at) for (store_id, category), at
                             in found.items())
            for start in range(0, len(triples), 300):
                for row in self.ctx.session.execute(
                        select(Ticket.store_id, Ticket.category, Ticket.received_at, Ticket.id)
                        .where(tuple_(Ticket.store_id, Ticket.category, Ticket.received_at)
                               .in_(triples[start:start + 300]))):
                    key = (row[0], row[1], row[2])
                    ids[key] = max(ids.get(key, row[3]), row[3])
            for store_id, category in matters:
                at = found.get((store_id, category))
                ticket_id = ids.get((store_id, category, at)) if at is not None else None
                self.stored[(store_id, category, received)] = (
                    (at, ticket_id) if ticket_id is not None else None)

    def _latest_stored(self, store_id: int, category: str,
                       received: datetime) -> tuple[datetime, str] | None:
        key = (store_id, category, received)
        if key not in self.stored:
            self.prefetch([key])
        return self.stored[key]

    def latest(self, store_id: int, category: str, received: datetime) -> str | None:
        """The most recent ticket of the matter received in [received - window, received]."""
        earliest = received - self.window
        found = [(at, tid) for at, tid in self.added.get((store_id, category), ())
                 if earliest <= at <= received]
        stored = self._latest_stored(store_id, category, received)
        if stored is not None:
            found.append(stored)
        return max(found, key=lambda item: item[0])[1] if found else None

    def add(self, store_id: int, category: str, received: datetime, ticket_id: str) -> None:
        self.added.setdefault((store_id, category), []).append((received, ticket_id))


def apply_tickets(ctx: PushContext, records: list[Record], lookups: Lookups) -> list[Outcome]:
    """Create each valid ticket with its severity, tier, deadlines and repeat flag."""
    outcomes = []
    zone = ZoneInfo(ctx.settings.timezone)
    checked = []
    for record in records:
        data = record.data
        try:
            store = lookups.store(data.store_id)
            facts = ticket_rules.TicketFacts.from_mapping(dict(data.facts))
            ticket_rules.check_category(data.kind, data.category)
        except (Rejection, ValueError) as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        received, _ = clamp_future(data.received_at or ctx.now, ctx)
        checked.append((record, store, facts, received))
    earlier = _EarlierTickets(ctx)
    earlier.prefetch([(store.id, record.data.category, received)
                      for record, store, _, received in checked])
    tickets, events = [], []
    for record, store, facts, received in checked:
        data = record.data
        decision = ticket_rules.classify_severity(data.category, facts)
        severity = decision.severity
        tier = ticket_rules.authority_tier(data.goods_value_fen, severity, data.category,
                                           facts.against_manager, ctx.settings,
                                           customer_insists=facts.customer_insists)
        due = ticket_rules.ticket_deadlines(received, severity, data.kind, ctx.calendar,
                                            ctx.settings)
        repeated_of = earlier.latest(store.id, data.category, received)
        earlier.add(store.id, data.category, received, record.id)
        tickets.append({
            "id": record.id,
            "number": received.astimezone(zone).date(),  # the day, numbered below
            "store_id": store.id, "kind": data.kind, "category": data.category,
            "description": data.description, "facts": dict(data.facts),
            "severity": str(severity), "severity_auto": str(severity),
            "goods_value_fen": data.goods_value_fen, "tier": str(tier), "status": "new",
            "first_responder_id": ctx.user.id if ctx.user.role in roles.FIELD_ROLES else None,
            "created_by_id": ctx.user.id, "device_id": ctx.device_id, "received_at": received,
            "register_due_at": due.register_by, "first_answer_due_at": due.first_answer_by,
            "temp_measure_due_at": due.temp_measure_by, "resolve_due_at": due.resolve_by,
            "repeated_of_id": repeated_of, "hlc": str(record.hlc)})
        events.append({"ticket_id": record.id, "kind": "created", "from_status": None,
                       "to_status": "new", "at": ctx.now, "by_id": ctx.user.id,
                       "note": "; ".join(str(r) for r in decision.reasons) or None})
        details = {"severity": str(severity), "tier": str(tier),
                   "resolve_by": due.resolve_by.isoformat()}
        if repeated_of:
            details["repeated_of"] = repeated_of
        outcomes.append(Outcome(record.id, "applied", entity_type="ticket", entity_id=record.id,
                                details=details))
    if tickets:
        first = allocate_change_seqs(ctx.session, len(tickets))  # one block for the batch
        numbers = allocate_ticket_numbers(ctx.session, [row["number"] for row in tickets])
        for offset, row in enumerate(tickets):
            row["change_seq"], row["number"] = first + offset, numbers[offset]
        insert_rows(ctx.session, Ticket.__table__, tickets)
        insert_rows(ctx.session, TicketEvent.__table__, events)
    return outcomes
