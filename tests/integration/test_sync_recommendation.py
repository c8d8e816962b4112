"""The rep's product suggestions as `recommendation` records (issue 11 point 2;
docs/sync-protocol.md "recommendation"): brand cultivation (品牌培育 [000 向客户积极推荐
重点培育品牌]) shown to the owner, never an order: only a rep pushes one (客户自主订货
[000 禁止客户经理拿预订单]). Pushed twice, applied once; recommending again replaces;
withdrawn; refused with a reason the outbox names when the product or store is wrong."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sync_helpers import hlc, push, record, register, rep_world

from sync.refusals import refusal_code
from webapp.models import (
    Order,
    Product,
    ProductRecommendation,
    QuarantinedRecord,
    SyncReceipt,
    User,
)


def suggestion(store_id, product_id, seq=None, clock=None, **data):
    return record("recommendation", {"store_id": store_id, "product_id": product_id, **data},
                  seq=seq, **({"hlc": clock} if clock else {}))


def rows(db, store_id, product_id=None):
    where = [ProductRecommendation.store_id == store_id]
    if product_id is not None:
        where.append(ProductRecommendation.product_id == product_id)
    db.session.expire_all()
    return db.session.scalars(select(ProductRecommendation).where(*where)).all()


@pytest.fixture
def world(seeded, db):
    found = rep_world(db)
    # a product nobody recommended to the store yet (the seed recommends two of them)
    taken = set(db.session.scalars(select(ProductRecommendation.product_id).where(
        ProductRecommendation.store_id == found["store"].id)))
    found["product"] = db.session.scalars(select(Product).where(
        Product.active.is_(True), Product.id.not_in(taken)).order_by(Product.id)).first()
    return found


@pytest.fixture
def phone(client, password, world):
    return register(client, "rep1", password)


def test_pushed_twice_it_is_applied_once(world, db, client, phone):
    store, product = world["store"], world["product"]
    body = suggestion(store.id, product.id, note="新品，口感柔和")
    first = push(client, phone, [body]).get_json()["results"][0]
    again = push(client, phone, [body]).get_json()["results"][0]
    assert (first["status"], again["status"]) == ("applied", "duplicate")
    [row] = rows(db, store.id, product.id)
    assert (row.id, row.note, row.rep_id, row.device_id, row.withdrawn_at) == (
        body["id"], "新品，口感柔和", world["rep"].id, phone["device_id"], None)
    assert db.session.scalar(select(func.count()).select_from(SyncReceipt).where(
        SyncReceipt.record_id == body["id"])) == 1
    assert not db.session.scalars(select(Order).where(Order.placed_by_id == world["rep"].id)
                                  ).first()  # a suggestion never becomes an order


def test_recommending_again_replaces_the_note_and_the_time(world, db, client, phone):
    store, product = world["store"], world["product"]
    push(client, phone, [suggestion(store.id, product.id, seq=1, note="第一次",
                                    clock=hlc(offset_ms=-60_000))])
    [before] = rows(db, store.id, product.id)
    first_time = before.recommended_at
    result = push(client, phone, [suggestion(store.id, product.id, seq=2, note="再推荐")]
                  ).get_json()["results"][0]
    assert result["status"] == "applied"
    [row] = rows(db, store.id, product.id)
    assert row.id == before.id and row.note == "再推荐" and row.recommended_at > first_time


def test_withdraw_ends_it_and_recommending_again_brings_it_back(world, db, client, phone):
    store, product = world["store"], world["product"]
    results = push(client, phone, [
        suggestion(store.id, product.id, seq=1, note="试试", clock=hlc(offset_ms=-3000)),
        suggestion(store.id, product.id, seq=2, withdraw=True, clock=hlc(offset_ms=-2000)),
    ]).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied"]
    [row] = rows(db, store.id, product.id)
    assert row.withdrawn_at is not None
    push(client, phone, [suggestion(store.id, product.id, seq=3, note="回来了")])
    [row] = rows(db, store.id, product.id)
    assert (row.withdrawn_at, row.note) == (None, "回来了")


def test_an_older_action_queued_offline_never_undoes_a_later_one(world, db, client, phone,
                                                                 password):
    store, product = world["store"], world["product"]
    push(client, phone, [suggestion(store.id, product.id, seq=1, note="新的")])
    other = register(client, "rep1", password, name="old phone")
    late = push(client, other, [suggestion(store.id, product.id, seq=1, withdraw=True,
                                           clock=hlc("old-phone", offset_ms=-3_600_000))]
                ).get_json()["results"][0]
    assert (late["status"], late.get("superseded")) == ("applied", True)
    [row] = rows(db, store.id, product.id)
    assert (row.withdrawn_at, row.note) == (None, "新的")


def test_withdrawing_what_was_never_recommended_changes_nothing(world, db, client, phone):
    store, product = world["store"], world["product"]
    result = push(client, phone, [suggestion(store.id, product.id, withdraw=True)]
                  ).get_json()["results"][0]
    assert result["status"] == "applied"
    assert rows(db, store.id, product.id) == []


def test_an_unknown_or_retired_product_is_refused(world, db, client, phone):
    store = world["store"]
    retired = world["product"]
    retired.active = False
    db.session.commit()
    results = push(client, phone, [suggestion(store.id, 999_999, seq=1),
                                   suggestion(store.id, retired.id, seq=2)]).get_json()
    assert [refusal_code(r["error"]) for r in results["results"]] == [
        "product_unknown", "product_unknown"]
    assert rows(db, store.id, retired.id) == []
    assert db.session.scalar(select(func.count()).select_from(QuarantinedRecord).where(
        QuarantinedRecord.record_type == "recommendation")) == 2  # HQ sees them


def test_a_store_outside_the_territory_is_refused(world, db, client, phone):
    foreign = world["foreign"]
    result = push(client, phone, [suggestion(foreign.id, world["product"].id)]
                  ).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert refusal_code(result["error"]) == "store_unknown"
    assert rows(db, foreign.id) == []


@pytest.mark.parametrize("username", ["owner", "hq", "manager1"])
def test_only_a_rep_may_recommend(world, db, client, password, username):
    if username == "owner":
        username = db.session.get(User, world["store"].owner_id).username
    device = register(client, username, password)
    result = push(client, device, [suggestion(world["store"].id, world["product"].id)]
                  ).get_json()["results"][0]
    assert refusal_code(result["error"]) == "role_not_allowed"
    assert rows(db, world["store"].id, world["product"].id) == []


def test_a_note_over_200_characters_is_refused(world, db, client, phone):
    result = push(client, phone, [suggestion(world["store"].id, world["product"].id,
                                             note="长" * 201)]).get_json()["results"][0]
    assert refusal_code(result["error"]) == "too_long"
    assert rows(db, world["store"].id, world["product"].id) == []
    fits = push(client, phone, [suggestion(world["store"].id, world["product"].id,
                                           note="长" * 200)]).get_json()["results"][0]
    assert fits["status"] == "applied"


def test_a_phone_clock_ahead_counts_as_now(world, db, client, phone, app_clock):
    store, product = world["store"], world["product"]
    push(client, phone, [suggestion(store.id, product.id, clock=hlc(offset_ms=120_000))])
    [row] = rows(db, store.id, product.id)
    assert row.recommended_at <= app_clock.now() + timedelta(seconds=1)
