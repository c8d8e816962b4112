"""HQ keeps the ordering data: windows per order domain [000 订货域、配送域信息的维护],
each product's minimum and multiple [003 25条整倍数], the allocation plan [000 货源投放];
impossible or overlapping values get a clear problem and store nothing."""

from datetime import time, timedelta

import pytest
from order_helpers import counts, make_world
from sqlalchemy import select
from time_helpers import today

from webapp.models import OrderingWindow, Product, ProductOrderLimit
from webapp.rules.codes import QuantityRuleProblem, WindowProblem
from webapp.rules.new_products import NewUntilProblem
from webapp.services.ordering_setup import (
    SetupRefused,
    set_allocation,
    set_new_until,
    set_quantity_rules,
    set_region_windows,
)
from webapp.services.refusals import ActionRefused

Q = QuantityRuleProblem


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def _windows(db, region_id):
    return [(w.weekday, w.opens_at, w.closes_at) for w in db.session.scalars(
        select(OrderingWindow).where(OrderingWindow.region_id == region_id)
        .order_by(OrderingWindow.weekday))]


def test_hq_replaces_a_regions_windows(world, db):
    region = world.store.territory.region_id
    wanted = [(0, time(8), time(12)), (0, time(14), time(18)), (5, time(22), time(2))]
    set_region_windows(db.session, world.hq, region, wanted)
    db.session.commit()
    assert _windows(db, region) == wanted


def test_overlapping_windows_are_refused_and_the_old_ones_stay(world, db):
    region = world.store.territory.region_id
    before, rows = _windows(db, region), counts(db)
    with pytest.raises(SetupRefused) as refused:
        set_region_windows(db.session, world.hq, region,
                           [(0, time(8), time(12)), (0, time(11), time(18)),
                            (9, time(8), time(9))])
    assert refused.value.problems == [(WindowProblem.BAD_WEEKDAY, 2),
                                      (WindowProblem.OVERLAP, 1)]
    db.session.rollback()
    assert (_windows(db, region), counts(db)) == (before, rows)


@pytest.mark.parametrize("who", ["manager", "rep", "owner"])
def test_only_hq_changes_ordering_data(world, db, who):
    person = getattr(world, who)
    for call in (lambda: set_region_windows(db.session, person, None, []),
                 lambda: set_quantity_rules(db.session, person, world.crate.id, 1, 1),
                 lambda: set_allocation(db.session, person, world.crate.id, None, 25),
                 lambda: set_new_until(db.session, person, world.crate.id, None, today())):
        with pytest.raises(ActionRefused) as refused:
            call()
        assert refused.value.reason == "not_allowed"


def test_quantity_rules_must_fit_each_other_and_the_allocations(world, db):
    with pytest.raises(SetupRefused) as refused:
        set_quantity_rules(db.session, world.hq, world.crate.id, 30, 25)
    assert refused.value.problems == [Q.MINIMUM_NOT_MULTIPLE]
    with pytest.raises(SetupRefused) as refused:  # the weekly allocation is 50
        set_quantity_rules(db.session, world.hq, world.crate.id, 20, 20)
    assert refused.value.problems == [Q.LIMIT_NOT_MULTIPLE]
    product = set_quantity_rules(db.session, world.hq, world.crate.id, 50, 50)
    assert (product.order_minimum, product.order_multiple) == (50, 50)


def test_hq_sets_overrides_and_removes_an_allocation(world, db):
    limit = set_allocation(db.session, world.hq, world.crate.id, world.store.id, 200, "month")
    assert (limit.store_id, limit.max_quantity, limit.period) == (world.store.id, 200, "month")
    again = set_allocation(db.session, world.hq, world.crate.id, world.store.id, 100, "week")
    assert again.id == limit.id and again.max_quantity == 100
    with pytest.raises(SetupRefused) as refused:
        set_allocation(db.session, world.hq, world.crate.id, None, 60)
    assert refused.value.problems == [Q.LIMIT_NOT_MULTIPLE]
    assert set_allocation(db.session, world.hq, world.crate.id, world.store.id, None) is None
    db.session.commit()
    assert [(r.store_id, r.max_quantity) for r in db.session.scalars(select(
        ProductOrderLimit).where(ProductOrderLimit.product_id == world.crate.id))] == [(None, 50)]


def test_the_new_until_day_is_checked_again_by_the_service(world, db):
    """The page reads the day; the service still refuses a past or far day on its own
    (rules.new_products), storing nothing."""
    rows = counts(db)
    for day, problem in ((today(-1), NewUntilProblem.PAST),
                         (today() + timedelta(days=367), NewUntilProblem.TOO_FAR)):
        with pytest.raises(SetupRefused) as refused:
            set_new_until(db.session, world.hq, world.crate.id, day, today())
        assert refused.value.problems == [problem]
    db.session.rollback()
    assert counts(db) == rows and db.session.get(Product, world.crate.id).new_until is None
