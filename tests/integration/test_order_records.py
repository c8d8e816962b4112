"""The owner's `order` sync record (docs/sync-protocol.md): one write path for an order
made online or offline (style habit 4). The retailer orders for itself [000 自主提报订货品牌、
数量], a rep never [000 禁止客户经理拿预订单]; the server re-checks the window, the
allocation [000 货源投放] and the 25-carton multiples [003 25条整倍数]; a record sent
twice is one order, and a refused order stores nothing and says why, per line."""

from datetime import time
from zoneinfo import ZoneInfo

import pytest
from order_helpers import WEEKLY_LIMIT, counts, make_world
from sqlalchemy import delete, func, select
from sync_helpers import push, record, register

from webapp import clock
from webapp.models import Order, OrderingWindow, QuarantinedRecord, SyncReceipt
from webapp.rules.settings import DEFAULT_SETTINGS
from webapp.services.context import PushContext
from webapp.services.push import apply_batch


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def order_data(world, lines=None, **extra) -> dict:
    return {"store_id": world.store.id,
            "lines": lines or [{"product_id": world.crate.id, "quantity": 25},
                               {"product_id": world.carton.id, "quantity": 3}], **extra}


def apply(db, user, records):
    results = apply_batch(PushContext(session=db.session, user=user, now=clock.now()), records)
    db.session.commit()
    return results


def orders(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Order))


def test_an_owner_order_record_places_the_order_with_its_number(world, db):
    raw = record("order", order_data(world, note="下午送"))
    [result] = apply(db, world.owner, [raw])
    assert result["status"] == "applied"
    placed = db.session.get(Order, result["order_id"])
    assert (placed.number, placed.store_id, placed.channel) == (result["number"], world.store.id,
                                                                "app")
    assert placed.total_fen == 25 * 8500 + 3 * 4200
    assert placed.delivery_method == world.store.delivery_method  # the store's by default
    receipt = db.session.scalar(select(SyncReceipt).where(SyncReceipt.record_id == raw["id"]))
    assert (receipt.record_type, receipt.result["number"]) == ("order", placed.number)


def test_the_same_record_pushed_twice_is_one_order(world, db):
    """Exactly once: the record's client id is the key (its sync receipt)."""
    raw, before = record("order", order_data(world)), orders(db)
    assert apply(db, world.owner, [raw])[0]["status"] == "applied"
    assert apply(db, world.owner, [raw])[0]["status"] == "duplicate"
    assert orders(db) == before + 1


def test_the_same_record_twice_over_the_sync_api_is_one_order(world, db, client, password):
    device = register(client, "owner1", password)
    raw, before = record("order", order_data(world)), orders(db)
    first = push(client, device, [raw]).get_json()["results"][0]
    again = push(client, device, [raw]).get_json()["results"][0]
    assert (first["status"], again["status"]) == ("applied", "duplicate")
    assert orders(db) == before + 1


def test_a_rep_pushing_an_order_is_refused(world, db):
    """客户经理 may never hold or place an order [000 禁止客户经理拿预订单]."""
    before = counts(db)
    [result] = apply(db, world.rep, [record("order", order_data(world))])
    assert result["status"] == "rejected"
    assert "not allowed for role rep" in result["error"]
    assert counts(db)[:3] == before[:3]


def test_an_owner_cannot_order_for_a_store_not_theirs(world, db):
    before = orders(db)
    [result] = apply(db, world.owner, [record("order", {**order_data(world),
                                                        "store_id": world.other_store.id})])
    assert result["status"] == "rejected"
    assert "does not exist or is not in your territory" in result["error"]
    assert orders(db) == before


@pytest.mark.parametrize(("line", "code"), [
    ("unknown", "unknown_product"),
    ({"quantity": 30}, "not_multiple"),  # 25-carton multiples [003 25条整倍数]
    ({"quantity": WEEKLY_LIMIT + 25}, "over_limit"),  # the allocation [000 货源投放]
])
def test_a_refused_order_stores_nothing_and_names_the_line(world, db, line, code):
    lines = [{"product_id": world.carton.id, "quantity": 2},
             {"product_id": world.crate.id, "quantity": 25}]
    lines[1] = ({"product_id": 999_999, "quantity": 1} if line == "unknown"
                else {**lines[1], **line})
    before = counts(db)
    [result] = apply(db, world.owner, [record("order", order_data(world, lines))])
    assert result["status"] == "rejected"
    assert [(p["code"], p["line"]) for p in result["problems"]] == [(code, 1)]
    assert counts(db)[:3] == before[:3]
    kept = db.session.scalar(select(QuarantinedRecord))  # the sync API keeps it for HQ
    assert kept.record_type == "order" and code in kept.error


def test_outside_the_window_the_order_is_refused_with_the_next_opening(world, db):
    db.session.execute(delete(OrderingWindow))
    today = clock.now().astimezone(ZoneInfo(DEFAULT_SETTINGS.timezone)).weekday()
    db.session.add(OrderingWindow(region_id=None, weekday=(today + 2) % 7,
                                  opens_at=time(9), closes_at=time(10)))
    db.session.commit()
    before = orders(db)
    [result] = apply(db, world.owner, [record("order", order_data(world))])
    [problem] = result["problems"]
    assert (problem["code"], problem["line"]) == ("outside_window", None)
    assert problem["params"]["next_open"]  # ISO text: the page says when it opens
    assert orders(db) == before


@pytest.mark.parametrize("quantity", [-25, 0, 2.5, "25", True])
def test_negative_or_non_integer_quantities_are_refused_at_the_door(world, db, quantity):
    lines = [{"product_id": world.crate.id, "quantity": quantity}]
    before = orders(db)
    [result] = apply(db, world.owner, [record("order", order_data(world, lines))])
    assert result["status"] == "rejected"
    assert "order.lines[0].quantity" in result["error"]
    assert orders(db) == before
