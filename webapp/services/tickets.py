"""Tickets: the phone's ticket records, and their numbers.

Tickets are classified, tiered and given deadlines by `webapp.rules`; the
person who captured them is the first responder (首问负责).

Ticket numbers: TK + the local day + that day's next number (TK20261127-000123).
Each day has one counter row, raised by an upsert in the writing transaction: on
PostgreSQL concurrent writers wait for each other on that row, on SQLite there is one
writer at a time, so no two tickets ever share a number (the number of a ticket used
to end in 8 hex characters of its id, and two ids of a day could share them).

The visit a ticket was taken in (`visit_id`, issue 12 item 2) is linked only as
`rules.ticket_visit` allows: the rep's own visit at the ticket's store, stored before the
ticket (an earlier push, or this one: visits are applied first) or arriving later
(`link_waiting_tickets`, called by `services.visits`: until then the ticket keeps the
claimed id in `facts["visit_claimed"]`). A visit that may not be linked never refuses the
ticket; the push result says why (`visit_not_linked`).

Lock order: callers allocate change numbers (`change_feed`) first, then ticket
numbers, days in ascending order, so two pushes never wait on each other in a circle.
"""

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.outcome import Outcome, Rejection
from sync.records import Record
from sync.times import clamp_future

from ..models import Ticket, TicketEvent, TicketNumberCounter, Visit
from ..rules import roles
from ..rules import tickets as ticket_rules
from ..rules.ticket_visit import VisitLink, VisitSpan, visit_link_problem
from .bulk import insert_rows
from .change_feed import allocate_change_seqs
from .context import PushContext
from .lookups import Lookups
from .ticket_support import store_raised_holders, tell_store_raised

_COUNTER = TicketNumberCounter.__table__
CLAIMED_VISIT = "visit_claimed"  # facts key: a visit named but not received yet
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


def _visit_spans(ctx: PushContext, ids: set[str]) -> dict[str, VisitSpan]:
    """The stored visits among `ids` (this push's visits are stored already)."""
    spans: dict[str, VisitSpan] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        for row in ctx.session.execute(
                select(Visit.id, Visit.rep_id, Visit.store_id, Visit.started_at, Visit.ended_at)
                .where(Visit.id.in_(wanted[start:start + 500]))):
            spans[row[0]] = VisitSpan(row[1], row[2], row[3], row[4])
    return spans


def _visit_link(ctx: PushContext, claimed: str | None, spans: dict[str, VisitSpan],
                store_id: int, received: datetime, facts: dict, details: dict) -> str | None:
    """The visit id to store on the ticket (None: not linked; `facts` and `details` say why)."""
    if claimed is None:
        return None
    problem = visit_link_problem(spans.get(claimed), ctx.user.id, store_id, received)
    if problem is None:
        details["visit_id"] = claimed
        return claimed
    if problem == VisitLink.UNKNOWN:
        facts[CLAIMED_VISIT] = claimed  # linked if the rep's visit arrives later
    details["visit_not_linked"] = str(problem)
    return None


def link_waiting_tickets(ctx: PushContext, visits: list[dict]) -> int:
    """Link the rep's tickets that named one of these just-stored visits before it arrived
    (same rules as at once); returns how many were linked."""
    by_id = {row["id"]: row for row in visits}
    if not by_id:
        return 0
    claimed = Ticket.facts[CLAIMED_VISIT].as_string()
    waiting = ctx.session.execute(
        select(Ticket.id, Ticket.store_id, Ticket.received_at, claimed)
        .where(Ticket.created_by_id == ctx.user.id, Ticket.visit_id.is_(None),
               Ticket.store_id.in_(sorted({row["store_id"] for row in visits})),
               claimed.in_(sorted(by_id)))).all()
    links = []
    for ticket_id, store_id, received, visit_id in waiting:
        row = by_id[visit_id]
        span = VisitSpan(row["rep_id"], row["store_id"], row["started_at"], row["ended_at"])
        if visit_link_problem(span, ctx.user.id, store_id, received) is None:
            links.append({"ticket": ticket_id, "visit": visit_id})
    if links:
        table = Ticket.__table__
        ctx.session.execute(update(table).where(table.c.id == bindparam("ticket"))
                            .values(visit_id=bindparam("visit")), links)
    return len(links)


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
    spans = _visit_spans(ctx, {r.data.visit_id for r, _, _, _ in checked if r.data.visit_id})
    tickets, events = [], []
    for record, store, facts, received in checked:
        data = record.data
        stored_facts, details = dict(data.facts), {}
        visit_id = _visit_link(ctx, data.visit_id, spans, store.id, received, stored_facts,
                               details)
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
            "description": data.description, "facts": stored_facts, "visit_id": visit_id,
            "severity": str(severity), "severity_auto": str(severity),
            "goods_value_fen": data.goods_value_fen, "tier": str(tier), "status": "new",
            "first_responder_id": ctx.user.id if ctx.user.role in roles.FIELD_ROLES else None,
            "created_by_id": ctx.user.id, "device_id": ctx.device_id, "received_at": received,
            "registered_at": ctx.now,  # the moment of its `created` event below
            "register_due_at": due.register_by, "first_answer_due_at": due.first_answer_by,
            "temp_measure_due_at": due.temp_measure_by, "resolve_due_at": due.resolve_by,
            "repeated_of_id": repeated_of, "hlc": str(record.hlc)})
        events.append({"ticket_id": record.id, "kind": "created", "from_status": None,
                       "to_status": "new", "at": ctx.now, "by_id": ctx.user.id,
                       "note": "; ".join(str(r) for r in decision.reasons) or None})
        details = {"severity": str(severity), "tier": str(tier),
                   "resolve_by": due.resolve_by.isoformat(), **details}
        if repeated_of:
            details["repeated_of"] = repeated_of
        outcomes.append(Outcome(record.id, "applied", entity_type="ticket", entity_id=record.id,
                                details=details))
    if tickets:
        first = allocate_change_seqs(ctx.session, len(tickets))  # one block for the batch
        numbers = allocate_ticket_numbers(ctx.session, [row["number"] for row in tickets])
        for offset, row in enumerate(tickets):
            row["change_seq"], row["number"] = first + offset, numbers[offset]
        store_raised = ctx.user.role in roles.OWNER_ROLES
        if store_raised:  # no first responder received it: its tier's holder takes it
            holders = store_raised_holders(ctx.session, [(row["tier"], row["store_id"])
                                                         for row in tickets])
            for row, holder in zip(tickets, holders, strict=True):
                row["assignee_id"] = holder
        insert_rows(ctx.session, Ticket.__table__, tickets)
        insert_rows(ctx.session, TicketEvent.__table__, events)
        if store_raised:
            tell_store_raised(ctx.session, [(row["id"], row["number"], row["store_id"],
                                             row["assignee_id"]) for row in tickets], ctx.now)
    return outcomes
