"""A ticket taken during a visit (issue 12 item 2; docs/sync-protocol.md "ticket",
`visit_id`): linked only to the rep's own visit at the ticket's store, whether the visit
came in an earlier push, the same one, or a later one; never refused for the visit it
names; exactly once."""

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sync_helpers import push, record, register, rep_world, visit_data
from time_helpers import local_iso

from webapp import clock
from webapp.models import QuarantinedRecord, Store, Ticket, User, Visit


def _ticket(store_id: int, visit_id: str | None, **extra) -> dict:
    data = {"store_id": store_id, "category": "expired", "description": "过期牛奶",
            "received_at": local_iso(-4, 10, 10), **extra}
    if visit_id is not None:
        data["visit_id"] = visit_id
    return data


def _stored(db, ticket_id: str) -> Ticket:
    db.session.expire_all()
    return db.session.get(Ticket, ticket_id)


def _other_visit(db, store: Store, rep: User) -> Visit:
    """A visit of `rep` at `store`, stored as their own phone would have."""
    started = clock.now() - timedelta(days=4)
    visit = Visit(id=str(uuid.uuid4()), store_id=store.id, rep_id=rep.id,
                  started_at=started - timedelta(hours=1), ended_at=started,
                  purposes=["routine"], notes="", findings={}, flags=[])
    db.session.add(visit)
    db.session.commit()
    return visit


def test_the_visit_of_the_same_push_is_linked_whatever_the_order(seeded, db, client, password):
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    visit = record("visit", visit_data(store))
    ticket = record("ticket", _ticket(store, visit["id"]))
    # the ticket first: visits are applied before tickets all the same
    results = push(client, device, [ticket, visit]).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert results[0]["visit_id"] == visit["id"] and "visit_not_linked" not in results[0]
    stored = _stored(db, ticket["id"])
    assert stored.visit_id == visit["id"] and "visit_claimed" not in stored.facts


def test_a_visit_of_an_earlier_push_is_linked(seeded, db, client, password):
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    visit = record("visit", visit_data(store), seq=1)
    push(client, device, [visit])
    ticket = record("ticket", _ticket(store, visit["id"].upper()), seq=2)  # any case
    result = push(client, device, [ticket]).get_json()["results"][0]
    assert result["status"] == "applied" and result["visit_id"] == visit["id"]
    assert _stored(db, ticket["id"]).visit_id == visit["id"]


def test_a_visit_pushed_later_is_linked_when_it_arrives(seeded, db, client, password):
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    visit = record("visit", visit_data(store), seq=2)
    ticket = record("ticket", _ticket(store, visit["id"]), seq=1)
    result = push(client, device, [ticket]).get_json()["results"][0]
    # stored all the same, without the link; the result says why
    assert result["status"] == "applied" and result["visit_not_linked"] == "visit_unknown"
    stored = _stored(db, ticket["id"])
    assert stored.visit_id is None and stored.facts["visit_claimed"] == visit["id"]
    assert push(client, device, [visit]).get_json()["results"][0]["status"] == "applied"
    assert _stored(db, ticket["id"]).visit_id == visit["id"]


def test_another_reps_visit_is_never_linked(seeded, db, client, password):
    world = rep_world(db)
    store = world["store"]
    other_rep = db.session.scalar(select(User).where(User.role == "rep",
                                                     User.id != world["rep"].id))
    theirs = _other_visit(db, store, other_rep)  # at rep1's very store
    device = register(client, "rep1", password)
    ticket = record("ticket", _ticket(store.id, theirs.id,
                                      received_at=(theirs.started_at + timedelta(minutes=5))
                                      .isoformat()))
    result = push(client, device, [ticket]).get_json()["results"][0]
    assert result["status"] == "applied" and result["visit_not_linked"] == "visit_other_rep"
    stored = _stored(db, ticket["id"])
    assert stored.visit_id is None and "visit_claimed" not in stored.facts


def test_a_visit_of_another_rep_arriving_later_is_not_linked(seeded, db, client, password):
    """rep1 names a visit id nobody sent yet; rep2's phone then sends a visit of that id."""
    world = rep_world(db)
    device = register(client, "rep1", password)
    claimed = str(uuid.uuid4())
    ticket = record("ticket", _ticket(world["store"].id, claimed))
    assert push(client, device, [ticket]).get_json()["results"][0]["status"] == "applied"
    rep2 = rep_world(db, "rep2")
    theirs = record("visit", visit_data(rep2["store"].id))
    theirs["id"] = claimed
    other_device = register(client, "rep2", password)
    assert push(client, other_device, [theirs]).get_json()["results"][0]["status"] == "applied"
    assert _stored(db, ticket["id"]).visit_id is None


def test_a_visit_at_another_store_is_not_linked(seeded, db, client, password):
    world = rep_world(db)
    second = db.session.scalar(select(Store).where(
        Store.territory_id == world["rep"].territory_id, Store.id != world["store"].id))
    device = register(client, "rep1", password)
    visit = record("visit", visit_data(second.id))
    ticket = record("ticket", _ticket(world["store"].id, visit["id"]))
    results = push(client, device, [visit, ticket]).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    assert results[1]["visit_not_linked"] == "visit_other_store"
    assert _stored(db, ticket["id"]).visit_id is None
    # a later visit of the right store under that id cannot happen (one id, one visit)


def test_a_ticket_received_outside_the_visit_is_not_linked(seeded, db, client, password):
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    visit = record("visit", visit_data(store))  # 10:00-10:20, four days ago
    ticket = record("ticket", _ticket(store, visit["id"], received_at=local_iso(-2, 10, 10)))
    results = push(client, device, [visit, ticket]).get_json()["results"]
    assert results[1]["status"] == "applied"
    assert results[1]["visit_not_linked"] == "visit_outside_time"
    assert _stored(db, ticket["id"]).visit_id is None


def test_pushed_twice_the_ticket_is_stored_once_and_stays_linked(seeded, db, client, password):
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    visit = record("visit", visit_data(store))
    ticket = record("ticket", _ticket(store, visit["id"]))
    first = push(client, device, [visit, ticket]).get_json()["results"]
    again = push(client, device, [visit, ticket]).get_json()["results"]
    assert [r["status"] for r in first] == ["applied", "applied"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert db.session.scalar(select(func.count()).select_from(Ticket)
                             .where(Ticket.id == ticket["id"])) == 1
    assert _stored(db, ticket["id"]).visit_id == visit["id"]
    # the same id naming another visit is another record: kept in the quarantine
    changed = {**ticket, "data": {**ticket["data"], "visit_id": str(uuid.uuid4())}}
    result = push(client, device, [changed]).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert db.session.scalar(select(func.count()).select_from(QuarantinedRecord)
                             .where(QuarantinedRecord.record_id == ticket["id"])) == 1


def test_a_malformed_visit_id_refuses_the_ticket_with_a_reason(seeded, db, client, password):
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    ticket = record("ticket", _ticket(store, "visit-42"))
    result = push(client, device, [ticket]).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert result["error"] == "ticket.visit_id: 'visit-42' is not a UUID"
    assert db.session.get(Ticket, ticket["id"]) is None
