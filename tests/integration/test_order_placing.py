"""Placing an order (spec §2.4, §3.5): the retailer orders for itself, 订单科 may enter a
phone order, reps never order [000 禁止客户经理拿预订单]; the server checks the window,
the allocation [000 货源投放], the 25-carton multiples [003 25条整倍数] and the prices,
and a refused order stores nothing."""

import threading
import time as time_module
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from order_helpers import WEEKLY_LIMIT, counts, make_world, order
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp import clock
from webapp.models import AuditLog, OrderingWindow, Product, ProductOrderLimit, User
from webapp.rules.codes import OrderProblem
from webapp.rules.settings import DEFAULT_SETTINGS
from webapp.services.orders import OrderRefused, cancel_order, enter_phone_order, place_order
from webapp.services.refusals import ActionRefused

P = OrderProblem


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def test_an_owner_orders_for_their_store_at_the_wholesale_price(world, db):
    placed = order(db, world, note="  下午送  ")
    assert (placed.channel, placed.status, placed.version) == ("app", "submitted", 1)
    assert placed.placed_by_id == placed.entered_by_id == world.owner.id
    assert placed.delivery_method == world.store.delivery_method  # the store's by default
    assert placed.note == "下午送"
    assert sorted((ln.product_id, ln.quantity, ln.unit_price_fen) for ln in placed.lines) == \
        sorted([(world.crate.id, 25, 8500), (world.carton.id, 3, 4200)])
    assert placed.total_fen == 25 * 8500 + 3 * 4200
    local_day = clock.now().astimezone(ZoneInfo(DEFAULT_SETTINGS.timezone)).date()
    assert placed.number == f"SO{local_day:%Y%m%d}-{placed.id:07d}"
    [step] = placed.history
    assert (step.status, step.by_id) == ("submitted", world.owner.id)
    audit = db.session.scalar(select(AuditLog).where(AuditLog.entity_type == "order"))
    assert (audit.action, audit.user_id, audit.entity_id) == (
        "order.placed_app", world.owner.id, str(placed.id))


def test_the_price_is_the_one_on_the_server_not_a_stale_page(world, db):
    world.crate.wholesale_price_fen = 9000
    db.session.commit()
    placed = order(db, world, lines=[{"product_id": world.crate.id, "quantity": "25"}])
    assert [ln.unit_price_fen for ln in placed.lines] == [9000]


def test_hq_enters_a_phone_order_marked_as_such(world, db):
    placed = enter_phone_order(db.session, world.hq, world.store.id, [(world.carton.id, 2)],
                               "pickup_point", None, None, clock.now(), DEFAULT_SETTINGS)
    assert (placed.channel, placed.entered_by_id, placed.placed_by_id) == (
        "phone", world.hq.id, world.owner.id)
    assert placed.delivery_method == "pickup_point"
    assert placed.history[0].by_id == world.hq.id


@pytest.mark.parametrize("who", ["rep", "manager"])
def test_reps_and_managers_cannot_create_orders(world, db, who):
    person = getattr(world, who)
    before = counts(db)
    for attempt in (lambda: order(db, world, by=person),
                    lambda: enter_phone_order(db.session, person, world.store.id,
                                              [(world.carton.id, 1)], None, None, None,
                                              clock.now(), DEFAULT_SETTINGS)):
        with pytest.raises(ActionRefused) as refused:
            attempt()
        assert refused.value.reason == "not_allowed"
        db.session.rollback()
    assert counts(db) == before


def test_an_owner_cannot_order_in_the_app_by_phone_nor_for_another_owners_store(world, db):
    before = counts(db)
    with pytest.raises(ActionRefused) as refused:
        order(db, world, store_id=world.other_store.id)
    assert refused.value.reason == "not_found"  # the page answers 404: nothing is revealed
    with pytest.raises(ActionRefused) as refused:
        enter_phone_order(db.session, world.owner, world.store.id, [(world.carton.id, 1)],
                          None, None, None, clock.now(), DEFAULT_SETTINGS)
    assert refused.value.reason == "not_allowed"
    db.session.rollback()
    assert counts(db) == before


@pytest.mark.parametrize(("lines", "problems"), [
    ([("crate", -25)], [(P.BAD_QUANTITY, 0)]),
    ([("crate", 2.5)], [(P.BAD_QUANTITY, 0)]),
    ([("crate", "25.0")], [(P.BAD_QUANTITY, 0)]),
    ([("carton", 0)], [(P.BAD_QUANTITY, 0)]),
    ([(999_999, 25)], [(P.UNKNOWN_PRODUCT, 0)]),
    ([("carton", 1), ("crate", 30)], [(P.NOT_MULTIPLE, 1)]),
    ([("crate", 10)], [(P.BELOW_MINIMUM, 0), (P.NOT_MULTIPLE, 0)]),
    ([("crate", 75)], [(P.OVER_LIMIT, 0)]),
    ([], [(P.EMPTY_ORDER, None)]),
])
def test_a_bad_line_refuses_the_whole_order_and_stores_nothing(world, db, lines, problems):
    ids = {"crate": world.crate.id, "carton": world.carton.id}
    before = counts(db)
    with pytest.raises(OrderRefused) as refused:
        place_order(db.session, world.owner, world.store.id,
                    [(ids.get(p, p), q) for p, q in lines], None, None, None, clock.now(),
                    DEFAULT_SETTINGS)
    assert [(p.code, p.line) for p in refused.value.problems] == problems
    db.session.rollback()
    assert counts(db) == before


def test_what_was_ordered_this_week_counts_against_the_allocation(world, db):
    first = order(db, world, lines=[(world.crate.id, WEEKLY_LIMIT)])
    with pytest.raises(OrderRefused) as refused:
        order(db, world, lines=[(world.crate.id, 25)])
    [problem] = refused.value.problems
    assert (problem.code, dict(problem.params)) == (
        P.OVER_LIMIT, {"limit": WEEKLY_LIMIT, "already": WEEKLY_LIMIT, "period": "week"})
    db.session.rollback()
    cancel_order(db.session, world.owner, first.id, first.version)  # cancelled: not counted
    db.session.commit()
    assert order(db, world, lines=[(world.crate.id, 25)]).status == "submitted"


def test_a_store_level_allocation_overrides_the_every_store_one(world, db):
    db.session.add(ProductOrderLimit(product_id=world.crate.id, store_id=world.store.id,
                                     max_quantity=100, period="day"))
    db.session.commit()
    assert order(db, world, lines=[(world.crate.id, 100)]).total_fen == 100 * 8500


def _only_window(db, world, weekday: int, opens: time, closes: time) -> None:
    region = world.store.territory.region_id
    db.session.execute(delete(OrderingWindow).where(OrderingWindow.region_id == region))
    db.session.add(OrderingWindow(region_id=region, weekday=weekday, opens_at=opens,
                                  closes_at=closes))
    db.session.commit()


def test_outside_the_window_the_order_is_refused_with_the_next_opening(world, db):
    zone = ZoneInfo(DEFAULT_SETTINGS.timezone)
    local = clock.now().astimezone(zone)
    later = (local.weekday() + 2) % 7
    _only_window(db, world, later, time(9), time(10))
    before = counts(db)
    with pytest.raises(OrderRefused) as refused:
        order(db, world)
    [problem] = refused.value.problems
    opens = datetime.combine(local.date() + timedelta(days=2), time(9), tzinfo=zone)
    assert (problem.code, problem.params["next_open"]) == (P.OUTSIDE_WINDOW, opens)
    db.session.rollback()
    assert counts(db) == before
    # inside the window the same order goes through
    assert order(db, world, now=opens + timedelta(minutes=30)).status == "submitted"


def test_a_store_whose_order_domain_has_no_window_cannot_order(world, db):
    db.session.execute(delete(OrderingWindow))
    db.session.commit()
    with pytest.raises(OrderRefused) as refused:
        order(db, world)
    assert [p.code for p in refused.value.problems] == [P.NO_ORDERING_WINDOW]


def test_windows_kept_for_every_region_apply_where_a_region_has_none(world, db):
    db.session.execute(delete(OrderingWindow))
    db.session.add_all([OrderingWindow(region_id=None, weekday=d, opens_at=time(0),
                                       closes_at=time(0)) for d in range(7)])
    db.session.commit()
    assert order(db, world).status == "submitted"


def test_an_inactive_product_is_unknown_and_bad_details_are_refused(world, db):
    world.carton.active = False
    db.session.commit()
    with pytest.raises(OrderRefused) as refused:
        place_order(db.session, world.owner, world.store.id, [(world.carton.id, 1)], "drone",
                    clock.now().date() - timedelta(days=3), "x" * 501, clock.now(),
                    DEFAULT_SETTINGS)
    assert [p.code for p in refused.value.problems] == [
        P.UNKNOWN_PRODUCT, P.BAD_DELIVERY_METHOD, P.BAD_WANTED_DATE, P.NOTE_TOO_LONG]
    db.session.rollback()


def test_two_orders_at_once_cannot_both_take_the_last_of_the_allocation(world, db):
    """The store's row is held while its allocation is counted, so the second order
    waits for the first and counts its cartons."""
    barrier, outcomes, engine = threading.Barrier(2), [], db.engine
    owner_id, store_id, crate_id = world.owner.id, world.store.id, world.crate.id

    def place() -> None:
        with Session(engine) as session:
            owner = session.get(User, owner_id)
            barrier.wait()
            try:
                place_order(session, owner, store_id, [(crate_id, WEEKLY_LIMIT)],
                            None, None, None, clock.now(), DEFAULT_SETTINGS)
                time_module.sleep(0.3)  # hold the store while the other one tries
                session.commit()
                outcomes.append("placed")
            except OrderRefused as refused:
                session.rollback()
                outcomes.append(str(refused.problems[0].code))

    threads = [threading.Thread(target=place) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["over_limit", "placed"]


@pytest.mark.parametrize("status", ["suspended", "closed"])
def test_a_suspended_or_closed_store_does_not_order(world, db, status):
    world.store.status = status
    db.session.commit()
    with pytest.raises(OrderRefused) as refused:
        order(db, world)
    assert [p.code for p in refused.value.problems] == [P.STORE_NOT_ACTIVE]


def test_a_product_has_one_every_store_allocation_and_one_per_store(world, db):
    for store_id in (None, world.store.id):
        db.session.add(ProductOrderLimit(product_id=world.carton.id, store_id=store_id,
                                         max_quantity=5, period="day"))
        db.session.commit()
        db.session.add(ProductOrderLimit(product_id=world.carton.id, store_id=store_id,
                                         max_quantity=9, period="week"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_the_seed_lets_owner1_order_any_time_with_25_carton_key_brands(world, db):
    from webapp.services.ordering_data import store_windows

    windows = store_windows(db.session, world.store)
    assert len(windows) == 7 and all(w.opens == w.closes for w in windows)  # all day
    keys = db.session.scalars(select(Product).where(Product.is_key_brand)).all()
    assert keys and {(p.order_minimum, p.order_multiple) for p in keys} == {(25, 25)}
    assert db.session.scalar(select(func.count()).select_from(ProductOrderLimit)
                             .where(ProductOrderLimit.store_id == world.store.id)) == 1
