"""Batched appliers answer exactly as if each record were applied alone, in order.

The push applies each record type with a few queries per batch; these tests pin the
cases where one record of a batch depends on another of the same batch or on rows
stored earlier: repeated tickets, restock limits, and store updates to one store.
"""

import uuid

from sqlalchemy import func, select
from sync_helpers import price_data, push, record, register, rep_world, visit_data
from time_helpers import hlc_ms, local_iso, today

from webapp.models import (
    AuditLog,
    PriceCheck,
    RestockLine,
    RestockRequest,
    Store,
    StoreChange,
    SyncConflict,
    SyncReceipt,
    Ticket,
    TicketEvent,
    Visit,
)


def _ticket(store_id: int, category: str = "expired", **extra) -> dict:
    return {"store_id": store_id, "category": category, "description": "过期商品", **extra}


def test_a_repeat_ticket_names_the_latest_earlier_one_in_and_across_batches(
        seeded, db, client, password):
    world = rep_world(db)
    store = world["store"].id
    device = register(client, "rep1", password)
    older = record("ticket", _ticket(store, received_at=local_iso(-14, 9)))
    first = push(client, device, [older]).get_json()["results"][0]
    assert first["status"] == "applied" and "repeated_of" not in first
    newer = record("ticket", _ticket(store, received_at=local_iso(-12, 9)))
    again = record("ticket", _ticket(store, received_at=local_iso(-11, 9)))
    other = record("ticket", _ticket(store, category="price",
                                     received_at=local_iso(-11, 9)))
    before_all = record("ticket", _ticket(store, received_at=local_iso(-23, 9)))
    results = push(client, device, [newer, again, other, before_all]).get_json()["results"]
    assert [r["status"] for r in results] == ["applied"] * 4
    assert results[0]["repeated_of"] == older["id"]  # stored in an earlier push
    assert results[1]["repeated_of"] == newer["id"]  # added earlier in this very batch
    assert "repeated_of" not in results[2]  # another category
    assert "repeated_of" not in results[3]  # nothing earlier in its window
    stored = db.session.get(Ticket, again["id"])
    assert stored.repeated_of_id == newer["id"] and stored.status == "new"
    assert stored.number.startswith(f"TK{today(-11):%Y%m%d}-") and stored.channel == "face_to_face"
    assert db.session.scalar(select(func.count()).select_from(TicketEvent).where(
        TicketEvent.ticket_id.in_([r["id"] for r in results]))) == 4


def test_the_restock_limit_counts_requests_of_the_same_batch(seeded, db, client, password):
    world = rep_world(db)
    store, product = world["store"].id, world["product"].id
    device = register(client, "rep1", password)
    limit = 2  # ServiceSettings.restock_max_requests_per_store
    already = db.session.scalar(select(func.count()).select_from(RestockRequest).where(
        RestockRequest.store_id == store))
    data = {"store_id": store, "reason": "wedding", "wanted_by": today(26).isoformat(),
            "lines": [{"product_id": product, "quantity": 5}]}
    records = [record("restock_request", data) for _ in range(limit + 1)]
    results = push(client, device, records).get_json()["results"]
    allowed = max(0, limit - already)
    assert [r["status"] for r in results] == (
        ["applied"] * allowed + ["rejected"] * (limit + 1 - allowed))
    assert "restock request(s) in the last 30 days" in results[-1]["error"]
    applied = [r["id"] for r in results if r["status"] == "applied"]
    assert db.session.scalar(select(func.count()).select_from(RestockLine).where(
        RestockLine.request_id.in_(applied))) == len(applied)


def test_store_updates_to_one_store_in_one_batch_merge_in_order(seeded, db, client, password):
    world = rep_world(db)
    store = db.session.get(Store, world["store"].id)
    version, seq_before = store.version, store.change_seq
    device = register(client, "rep1", password)
    base = hlc_ms(-60_000)  # in the past: no clamping
    first = record("store_update", {"store_id": store.id, "base_version": version,
                                    "changes": {"phone": "13900001111"}},
                   hlc=f"{base}:0:phone-a")
    # made offline against the same old version, with an earlier clock: it loses
    stale = record("store_update", {"store_id": store.id, "base_version": version,
                                    "changes": {"phone": "13900002222",
                                                "opening_hours": "06:00-23:00"}},
                   hlc=f"{base - 1000}:0:phone-a")
    # made after seeing the first one: plain apply
    later = record("store_update", {"store_id": store.id, "base_version": version + 1,
                                    "changes": {"owner_name": "李娜"}},
                   hlc=f"{base + 1000}:0:phone-a")
    results = push(client, device, [first, stale, later]).get_json()["results"]
    assert results[0]["status"] == "applied"
    assert results[0]["fields"] == {"phone": {"outcome": "applied", "value": "13900001111"}}
    assert results[0]["store_version"] == version + 1
    assert results[1]["status"] == "conflict"
    assert results[1]["fields"] == {
        "phone": {"outcome": "lost", "value": "13900001111"},
        "opening_hours": {"outcome": "applied", "value": "06:00-23:00"}}
    assert results[1]["store_version"] == version + 2
    assert results[2]["status"] == "applied" and results[2]["store_version"] == version + 3
    db.session.expire_all()
    store = db.session.get(Store, store.id)
    assert (store.phone, store.opening_hours, store.owner_name, store.version) == (
        "13900001111", "06:00-23:00", "李娜", version + 3)
    assert store.change_seq > seq_before
    conflict = db.session.scalars(select(SyncConflict).where(
        SyncConflict.record_id == stale["id"])).one()
    assert (conflict.winning_value, conflict.losing_value) == ("13900001111", "13900002222")
    assert db.session.scalar(select(func.count()).select_from(StoreChange).where(
        StoreChange.store_id == store.id, StoreChange.id.in_(
            [first["id"], stale["id"], later["id"]]))) == 3
    ids = [first["id"], stale["id"], later["id"]]
    assert db.session.scalar(select(func.count()).select_from(SyncReceipt).where(
        SyncReceipt.record_id.in_(ids))) == 3
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(
        AuditLog.entity_id.in_(ids))) == 3


def test_corrections_name_a_stored_record_of_the_same_store(seeded, db, client, password):
    world = rep_world(db)
    store, product = world["store"].id, world["product"].id
    other_store = db.session.scalars(select(Store.id).where(
        Store.territory_id == world["rep"].territory_id, Store.id != store)).first()
    device = register(client, "rep1", password)
    visit = record("visit", visit_data(store))
    check = record("price_check", price_data(store, product))
    assert [r["status"] for r in push(client, device, [visit, check]).get_json()[
        "results"]] == ["applied", "applied"]
    fixes = [record("visit", visit_data(store, notes="更正", corrects=visit["id"])),
             record("price_check", price_data(store, product, shelf_price="24.00",
                                              corrects=check["id"])),
             record("visit", visit_data(store, corrects=str(uuid.uuid4()))),
             record("visit", visit_data(other_store, corrects=visit["id"]))]
    results = push(client, device, fixes).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied", "rejected", "rejected"]
    assert results[2]["error"].endswith("is not a known visit")
    assert results[3]["error"].endswith("belongs to another store")
    assert db.session.get(Visit, fixes[0]["id"]).corrects_id == visit["id"]
    assert db.session.get(PriceCheck, fixes[1]["id"]).corrects_id == check["id"]
