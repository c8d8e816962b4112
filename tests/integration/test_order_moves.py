"""The order desk's moves (spec §3.5): every status move allowed and refused, who may
move what (HQ all, managers their region, owners only cancel their own, reps nothing),
who and when recorded, and a stale version refused rather than overwritten."""

import itertools
from datetime import date

import pytest
from order_helpers import counts, make_world, order, other_region_store
from sqlalchemy import select, text, update

from webapp import clock
from webapp.models import AuditLog, Order, OrderingWindow, OrderStatusChange
from webapp.rules.codes import OrderStatus
from webapp.rules.order_status import ORDER_TRANSITIONS
from webapp.services.orders import cancel_order, move_order
from webapp.services.refusals import ActionRefused

S = OrderStatus
CHAIN = [S.CONFIRMED, S.PICKING, S.OUT_FOR_DELIVERY, S.DELIVERED, S.COMPLETED]


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def _refused(reason, call):
    with pytest.raises(ActionRefused) as refused:
        call()
    assert refused.value.reason == reason


def test_hq_moves_an_order_from_submission_to_completion_recording_who_and_when(world, db):
    placed = order(db, world)
    for version, target in enumerate(CHAIN, start=1):
        moved = move_order(db.session, world.hq, placed.id, target, version)
        db.session.commit()
        assert (moved.status, moved.version) == (target, version + 1)
    history = db.session.scalars(select(OrderStatusChange).where(
        OrderStatusChange.order_id == placed.id).order_by(OrderStatusChange.id)).all()
    assert [h.status for h in history] == ["submitted", *CHAIN]
    assert [h.by_id for h in history[1:]] == [world.hq.id] * len(CHAIN)
    assert all(h.at is not None and h.at.tzinfo is not None for h in history)
    actions = db.session.scalars(select(AuditLog.action).where(
        AuditLog.entity_type == "order").order_by(AuditLog.id)).all()
    assert actions == ["order.placed_app", *(f"order.{t}" for t in CHAIN)]


def test_confirming_promises_the_wanted_date_or_the_one_given(world, db):
    placed = order(db, world)
    moved = move_order(db.session, world.hq, placed.id, S.CONFIRMED, 1,
                       delivery_date=date(2030, 1, 2))
    assert moved.delivery_date == date(2030, 1, 2)


@pytest.mark.parametrize(("current", "target"), sorted(itertools.product(S, S)))
def test_every_status_move_is_allowed_or_refused(world, db, current, target):
    placed = order(db, world)
    db.session.execute(update(Order).where(Order.id == placed.id).values(status=current))
    db.session.commit()
    call = lambda: move_order(db.session, world.hq, placed.id, target, 1,  # noqa: E731
                              reason="库存不足")
    if target in ORDER_TRANSITIONS[current]:
        assert call().status == target
    else:
        before = counts(db)
        _refused("illegal_transition", call)
        db.session.rollback()
        assert counts(db) == before


def test_a_rejection_needs_a_reason_the_owner_sees(world, db):
    placed = order(db, world)
    _refused("reason_required", lambda: move_order(db.session, world.hq, placed.id,
                                                   S.REJECTED, 1, "  "))
    moved = move_order(db.session, world.hq, placed.id, S.REJECTED, 1, "本周货源不足")
    assert moved.history[-1].note == "本周货源不足"


def test_a_stale_version_is_refused_not_overwritten(world, db):
    placed = order(db, world)
    move_order(db.session, world.hq, placed.id, S.CONFIRMED, 1)  # clerk A
    db.session.commit()
    _refused("stale_version",  # clerk B saw version 1 and would reject it
             lambda: move_order(db.session, world.hq, placed.id, S.REJECTED, 1, "x"))
    _refused("stale_version", lambda: move_order(db.session, world.hq, placed.id,
                                                 S.PICKING, "2"))
    db.session.rollback()
    assert db.session.get(Order, placed.id).status == "confirmed"


def test_a_move_made_meanwhile_by_another_clerk_wins(world, db):
    placed = order(db, world)
    db.session.get(Order, placed.id)  # this clerk's session holds version 1
    with db.engine.begin() as other:  # another clerk's transaction confirms it first
        other.execute(text("UPDATE store_order SET status = 'confirmed', version = 2 "
                           "WHERE id = :id"), {"id": placed.id})
    _refused("stale_version", lambda: move_order(db.session, world.hq, placed.id,
                                                 S.CANCELLED, 1))
    db.session.rollback()
    assert db.session.get(Order, placed.id).status == "confirmed"


def test_an_owner_cancels_their_own_order_before_it_is_confirmed(world, db):
    placed = order(db, world)
    cancelled = cancel_order(db.session, world.owner, placed.id, 1, "买多了")
    assert (cancelled.status, cancelled.history[-1].by_id) == ("cancelled", world.owner.id)


def test_an_owner_cannot_cancel_once_confirmed_nor_move_it_otherwise(world, db):
    placed = order(db, world)
    _refused("not_allowed", lambda: move_order(db.session, world.owner, placed.id,
                                               S.CONFIRMED, 1))
    move_order(db.session, world.hq, placed.id, S.CONFIRMED, 1)
    db.session.commit()
    _refused("illegal_transition", lambda: cancel_order(db.session, world.owner, placed.id, 2))


def test_an_owner_cannot_cancel_another_owners_order(world, db):
    theirs = order(db, world, by=world.hq, store_id=world.other_store.id, channel="phone")
    before = counts(db)
    _refused("not_found", lambda: cancel_order(db.session, world.owner, theirs.id, 1))
    db.session.rollback()
    assert counts(db) == before


def test_a_rep_never_moves_nor_cancels_an_order(world, db):
    placed = order(db, world)  # in rep1's territory: the rep may read it, not write it
    for target in S:
        _refused("not_allowed", lambda t=target: move_order(db.session, world.rep, placed.id,
                                                            t, 1))
    _refused("not_allowed", lambda: cancel_order(db.session, world.rep, placed.id, 1))


def test_a_market_manager_moves_orders_of_their_region_only(world, db):
    ours = order(db, world)
    assert move_order(db.session, world.manager, ours.id, S.CONFIRMED, 1).status == "confirmed"
    db.session.commit()
    elsewhere = other_region_store(db)
    db.session.add_all([OrderingWindow(region_id=None, weekday=d, opens_at=clock.now().time(),
                                       closes_at=clock.now().time()) for d in range(7)])
    db.session.commit()
    theirs = order(db, world, by=world.hq, store_id=elsewhere.id, channel="phone")
    _refused("not_found", lambda: move_order(db.session, world.manager, theirs.id,
                                             S.CONFIRMED, 1))


def test_an_unknown_order_is_not_found(world, db):
    _refused("not_found", lambda: move_order(db.session, world.hq, 999_999, S.CONFIRMED, 1))
    _refused("not_found", lambda: move_order(db.session, world.hq, "1", S.CONFIRMED, 1))
