"""The rep's first-responder actions as `ticket_update` records (issue 12 item 5;
docs/sync-protocol.md "ticket_update"): acknowledge (首问负责 [000 实行首问负责]) and
resolve within the first responder's tier [003 处理投诉权限]; pushed twice, applied once;
above the tier or outside the territory, refused with a reason the outbox names."""

from rep_page_helpers import add_ticket
from sqlalchemy import select
from sync_helpers import push, record, register, rep_world

from sync.refusals import refusal_code
from webapp.models import AuditLog, Notification, QuarantinedRecord, Ticket, TicketEvent, User
from webapp.rules.codes import NotificationKind
from webapp.services.ticket_actions import acknowledge


def update(ticket, action, note="", seq=1):
    return record("ticket_update", {"ticket_id": ticket.id, "store_id": ticket.store_id,
                                    "action": action, "note": note}, seq=seq)


def _ticket(db, store, number="T-1", **fields):
    ticket = add_ticket(db, store, number, **fields)
    db.session.commit()
    return ticket


def test_acknowledge_pushed_twice_arrives_once(seeded, db, client, password):
    world = rep_world(db)
    ticket = _ticket(db, world["store"])
    device = register(client, "rep1", password)
    body = update(ticket, "acknowledge", "马上处理")
    first = push(client, device, [body]).get_json()["results"][0]
    again = push(client, device, [body]).get_json()["results"][0]
    assert (first["status"], again["status"]) == ("applied", "duplicate")
    db.session.expire_all()
    assert ticket.status == "acknowledged" and ticket.first_answered_at is not None
    assert ticket.assignee_id == world["rep"].id
    events = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
    assert [(e.to_status, e.note, e.device_id) for e in events] == [
        ("acknowledged", "马上处理", device["device_id"])]
    assert db.session.query(AuditLog).filter_by(action="ticket.acknowledge").count() == 1


def test_resolve_within_the_first_responders_tier(seeded, db, client, password):
    world = rep_world(db)
    ticket = _ticket(db, world["store"])
    device = register(client, "rep1", password)
    results = push(client, device, [update(ticket, "acknowledge", seq=1),
                                    update(ticket, "resolve", "已当场换货", seq=2)]).get_json()
    assert [r["status"] for r in results["results"]] == ["applied", "applied"]
    db.session.expire_all()
    assert ticket.status == "resolved" and ticket.resolved_at is not None
    events = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                .order_by(TicketEvent.id)).all()
    assert [e.to_status for e in events] == ["acknowledged", "in_progress", "resolved"]
    assert events[-1].public and events[-1].note == "已当场换货"


def test_resolving_above_the_tier_is_refused_with_a_reason(seeded, db, client, password):
    world = rep_world(db)
    ticket = _ticket(db, world["store"], tier="market_manager", status="acknowledged",
                     goods_value_fen=80_000)
    device = register(client, "rep1", password)
    result = push(client, device, [update(ticket, "resolve", "退款")]).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert refusal_code(result["error"]) == "ticket_above_tier"
    db.session.expire_all()
    assert ticket.status == "acknowledged"
    assert db.session.scalar(select(QuarantinedRecord).where(
        QuarantinedRecord.record_id == result["id"]))  # HQ sees it; the outbox names it


def test_a_ticket_of_another_territory_is_refused(seeded, db, client, password):
    world = rep_world(db)
    ticket = _ticket(db, world["foreign"])
    device = register(client, "rep1", password)
    result = push(client, device, [update(ticket, "acknowledge")]).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert refusal_code(result["error"]) == "store_unknown"
    db.session.expire_all()
    assert ticket.status == "new"


def test_resolving_a_new_ticket_is_refused_by_the_status_machine(seeded, db, client,
                                                                  password):
    world = rep_world(db)
    ticket = _ticket(db, world["store"])
    device = register(client, "rep1", password)
    result = push(client, device, [update(ticket, "resolve", "x")]).get_json()["results"][0]
    assert refusal_code(result["error"]) == "ticket_status"


def test_owners_cannot_push_ticket_updates(seeded, db, client, password):
    world = rep_world(db)
    ticket = _ticket(db, world["store"])
    owner = db.session.get(User, world["store"].owner_id)
    device = register(client, owner.username, password)
    result = push(client, device, [update(ticket, "acknowledge")]).get_json()["results"][0]
    assert refusal_code(result["error"]) == "role_not_allowed"


def test_the_store_side_is_told_and_nobody_else(seeded, db, client, password):
    world = rep_world(db)
    ticket = _ticket(db, world["store"])
    device = register(client, "rep1", password)
    push(client, device, [update(ticket, "acknowledge")])
    notes = db.session.scalars(select(Notification).where(
        Notification.kind == NotificationKind.TICKET_STATUS)).all()
    assert world["store"].owner_id is not None
    assert {n.user_id for n in notes} == {world["store"].owner_id}  # rep1 acted: not told


def test_acknowledge_is_refused_twice_by_the_service(seeded, db, app):
    from webapp.services.context import PushContext
    from webapp.services.refusals import ActionRefused
    world = rep_world(db)
    ticket = _ticket(db, world["store"])
    ctx = PushContext(db.session, world["rep"])
    acknowledge(ctx, ticket)
    try:
        acknowledge(ctx, ticket)
    except ActionRefused as error:
        assert error.reason == "not_allowed_now"
    else:
        raise AssertionError("a second acknowledge must be refused")
    assert db.session.get(Ticket, ticket.id).status == "acknowledged"
