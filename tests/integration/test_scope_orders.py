"""Orders follow their store for reading; for writing, a rep holds none
[000 禁止客户经理拿预订单]."""

import pytest
from order_helpers import make_world, order, user
from sqlalchemy import func, select

from webapp.models import Order, Store
from webapp.scope import get_visible_order, order_filter


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def _visible(db, who, for_write=False):
    return set(db.session.scalars(select(Order.store_id).where(
        order_filter(who, for_write=for_write))))


def test_an_owner_reads_and_writes_only_their_stores_orders(world, db):
    mine = set(db.session.scalars(select(Store.id).where(Store.owner_id == world.owner.id)))
    assert _visible(db, world.owner) == _visible(db, world.owner, True) <= mine
    assert _visible(db, world.owner)  # the seed has orders of owner1's stores


def test_a_rep_reads_the_territorys_orders_but_writes_none(world, db):
    placed = order(db, world)
    assert get_visible_order(db.session, world.rep, placed.id) is not None
    assert get_visible_order(db.session, world.rep, placed.id, for_write=True) is None
    assert _visible(db, world.rep, True) == set()


def test_hq_reads_every_order_and_an_inactive_user_none(world, db):
    total = db.session.scalar(select(func.count()).select_from(Order))
    assert db.session.scalar(select(func.count()).select_from(Order)
                             .where(order_filter(world.hq))) == total
    world.hq.active = False
    assert _visible(db, world.hq) == set()


def test_an_order_id_is_never_trusted_by_type(world, db):
    placed = order(db, world)
    assert get_visible_order(db.session, world.hq, str(placed.id)) is None
    assert get_visible_order(db.session, world.hq, True) is None
    assert get_visible_order(db.session, user(db, "owner2"), placed.id) is None
