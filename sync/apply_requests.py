"""Append-only requests raised for a store: tickets and emergency restock requests.

Tickets are classified, tiered and given deadlines by `webapp.rules`; the
person who captured them is the first responder (首问负责).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from webapp.models import RestockLine, RestockRequest, Ticket, TicketEvent
from webapp.rules import restock as restock_rules
from webapp.rules import tickets as ticket_rules

from .context import PushContext
from .lookups import Lookups
from .outcome import Outcome, Rejection
from .records import Record
from .times import clamp_future


def ticket_number(record_id: str, received_local_day) -> str:
    """A readable ticket number: TK + local date + the start of the id."""
    return f"TK{received_local_day:%Y%m%d}-{record_id[:8].upper()}"


class _EarlierTickets:
    """Repeat detection: the latest ticket of the same store and category in the window.

    Stored tickets are looked up once per distinct (store, category, received time),
    the latest one only (index on store), so a batch whose tickets share the server's
    time costs one query per matter; tickets the batch itself adds are kept here.
    """

    def __init__(self, ctx: PushContext) -> None:
        self.ctx = ctx
        self.window = timedelta(days=ctx.settings.ticket_repeat_window_days)
        self.stored: dict[tuple[int, str, datetime], tuple[datetime, str] | None] = {}
        self.added: dict[tuple[int, str], list[tuple[datetime, str]]] = {}

    def _latest_stored(self, store_id: int, category: str,
                       received: datetime) -> tuple[datetime, str] | None:
        key = (store_id, category, received)
        if key not in self.stored:
            row = self.ctx.session.execute(
                select(Ticket.received_at, Ticket.id).where(
                    Ticket.store_id == store_id, Ticket.category == category,
                    Ticket.received_at >= received - self.window,
                    Ticket.received_at <= received)
                .order_by(Ticket.received_at.desc()).limit(1)).first()
            self.stored[key] = tuple(row) if row is not None else None
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
            "number": ticket_number(record.id, received.astimezone(zone).date()),
            "store_id": store.id, "kind": data.kind, "category": data.category,
            "description": data.description, "facts": dict(data.facts),
            "severity": str(severity), "severity_auto": str(severity),
            "goods_value_fen": data.goods_value_fen, "tier": str(tier), "status": "new",
            "first_responder_id": ctx.user.id if ctx.user.role == "rep" else None,
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
        ctx.session.execute(Ticket.__table__.insert(), tickets)
        ctx.session.execute(TicketEvent.__table__.insert(), events)
    return outcomes


def _recent_restock_counts(ctx: PushContext, store_ids: list[int]) -> dict[int, int]:
    """Restock requests per store within the limit window (one grouped query)."""
    window = timedelta(days=ctx.settings.restock_limit_window_days)
    counts: dict[int, int] = {}
    for start in range(0, len(store_ids), 500):
        counts.update(ctx.session.execute(
            select(RestockRequest.store_id, func.count()).where(
                RestockRequest.store_id.in_(store_ids[start:start + 500]),
                RestockRequest.requested_at >= ctx.now - window)
            .group_by(RestockRequest.store_id)).all())
    return counts


def apply_restock_requests(ctx: PushContext, records: list[Record],
                           lookups: Lookups) -> list[Outcome]:
    """Create each valid restock request; the market manager decides it later."""
    outcomes = []
    recent = _recent_restock_counts(ctx, sorted({r.data.store_id for r in records
                                                 if r.data.store_id in lookups.stores}))
    requests, lines = [], []
    for record in records:
        data = record.data
        try:
            store = lookups.store(data.store_id)
            for line in data.lines:
                lookups.product(line.product_id)
            problems = restock_rules.validate_restock_request(
                [(line.product_id, line.quantity) for line in data.lines],
                recent.get(store.id, 0), ctx.settings)
            if problems:
                raise Rejection("restock_request: " + "; ".join(problems))
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        recent[store.id] = recent.get(store.id, 0) + 1
        requests.append({
            "id": record.id, "store_id": store.id, "requested_by_id": ctx.user.id,
            "device_id": ctx.device_id, "reason": data.reason, "note": data.note,
            "wanted_by": data.wanted_by, "status": "submitted", "requested_at": ctx.now,
            "hlc": str(record.hlc)})
        lines += [{"request_id": record.id, "product_id": line.product_id,
                   "quantity": line.quantity} for line in data.lines]
        outcomes.append(Outcome(record.id, "applied", entity_type="restock_request",
                                entity_id=record.id))
    if requests:
        ctx.session.execute(RestockRequest.__table__.insert(), requests)
        ctx.session.execute(RestockLine.__table__.insert(), lines)
    return outcomes
