"""Append-only requests raised for a store: tickets and emergency restock requests.

Tickets are classified, tiered and given deadlines by `webapp.rules`; the
person who captured them is the first responder (首问负责).
"""

from datetime import timedelta
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


def _earlier_same_matter(ctx: PushContext, store_id: int, category: str, received):
    window = timedelta(days=ctx.settings.ticket_repeat_window_days)
    return ctx.session.scalar(
        select(Ticket.id).where(Ticket.store_id == store_id, Ticket.category == category,
                                Ticket.received_at >= received - window,
                                Ticket.received_at <= received)
        .order_by(Ticket.received_at.desc()).limit(1))


def apply_tickets(ctx: PushContext, records: list[Record], lookups: Lookups) -> list[Outcome]:
    """Create each valid ticket with its severity, tier, deadlines and repeat flag."""
    outcomes = []
    zone = ZoneInfo(ctx.settings.timezone)
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
        decision = ticket_rules.classify_severity(data.category, facts)
        severity = decision.severity
        tier = ticket_rules.authority_tier(data.goods_value_fen, severity, data.category,
                                           facts.against_manager, ctx.settings,
                                           customer_insists=facts.customer_insists)
        due = ticket_rules.ticket_deadlines(received, severity, data.kind, ctx.calendar,
                                            ctx.settings)
        repeated_of = _earlier_same_matter(ctx, store.id, data.category, received)
        ticket = Ticket(
            id=record.id, number=ticket_number(record.id, received.astimezone(zone).date()),
            store_id=store.id, kind=data.kind, category=data.category,
            description=data.description, facts=dict(data.facts), severity=str(severity),
            severity_auto=str(severity), goods_value_fen=data.goods_value_fen, tier=str(tier),
            status="new", first_responder_id=ctx.user.id if ctx.user.role == "rep" else None,
            created_by_id=ctx.user.id, device_id=ctx.device_id, received_at=received,
            register_due_at=due.register_by, first_answer_due_at=due.first_answer_by,
            temp_measure_due_at=due.temp_measure_by, resolve_due_at=due.resolve_by,
            repeated_of_id=repeated_of, hlc=str(record.hlc))
        ctx.session.add(ticket)
        ctx.session.add(TicketEvent(ticket_id=record.id, kind="created", to_status="new",
                                    at=ctx.now, by_id=ctx.user.id,
                                    note="; ".join(str(r) for r in decision.reasons) or None))
        ctx.session.flush()
        details = {"severity": str(severity), "tier": str(tier),
                   "resolve_by": due.resolve_by.isoformat()}
        if repeated_of:
            details["repeated_of"] = repeated_of
        outcomes.append(Outcome(record.id, "applied", entity_type="ticket", entity_id=record.id,
                                details=details))
    return outcomes


def apply_restock_requests(ctx: PushContext, records: list[Record],
                           lookups: Lookups) -> list[Outcome]:
    """Create each valid restock request; the market manager decides it later."""
    outcomes = []
    window = timedelta(days=ctx.settings.restock_limit_window_days)
    for record in records:
        data = record.data
        try:
            store = lookups.store(data.store_id)
            for line in data.lines:
                lookups.product(line.product_id)
            recent = ctx.session.scalar(
                select(func.count()).select_from(RestockRequest).where(
                    RestockRequest.store_id == store.id,
                    RestockRequest.requested_at >= ctx.now - window)) or 0
            problems = restock_rules.validate_restock_request(
                [(line.product_id, line.quantity) for line in data.lines], recent, ctx.settings)
            if problems:
                raise Rejection("restock_request: " + "; ".join(problems))
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        ctx.session.add(RestockRequest(
            id=record.id, store_id=store.id, requested_by_id=ctx.user.id,
            device_id=ctx.device_id, reason=data.reason, note=data.note,
            wanted_by=data.wanted_by, status="submitted", requested_at=ctx.now,
            hlc=str(record.hlc)))
        ctx.session.flush()
        ctx.session.execute(RestockLine.__table__.insert(), [
            {"request_id": record.id, "product_id": line.product_id, "quantity": line.quantity}
            for line in data.lines])
        outcomes.append(Outcome(record.id, "applied", entity_type="restock_request",
                                entity_id=record.id))
    return outcomes
