"""Database constraints hold on SQLite and PostgreSQL alike."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from webapp import clock
from webapp.models import (
    Order,
    PriceCheck,
    Product,
    Region,
    Store,
    Territory,
    Ticket,
    User,
    Visit,
    new_uuid,
)
from webapp.rules.cadence import iso_week_of


def _store(db, **overrides) -> Store:
    region = Region(code="R1", name="region")
    territory = Territory(code="T1", name="t", region=region)
    db.session.add_all([region, territory])
    db.session.flush()
    values = dict(customer_code="C1", name="好又多便利店", owner_name="王伟", phone="13800000000",
                  address="文山市凤凰路1号", business_type="convenience", market_type="urban",
                  territory_id=territory.id)
    values.update(overrides)
    store = Store(**values)
    db.session.add(store)
    db.session.flush()
    return store


def test_store_grade_must_be_a_to_e(db):
    _store(db, grade="A")
    db.session.commit()
    with pytest.raises(IntegrityError):
        _store(db, customer_code="C2", grade="F")
    db.session.rollback()


def test_store_delivery_method_is_one_of_three(db):
    with pytest.raises(IntegrityError):
        _store(db, delivery_method="drone")
    db.session.rollback()


def test_customer_code_is_unique(db):
    store = _store(db)
    db.session.add(Store(customer_code="C1", name="x", owner_name="y", phone="1", address="z",
                         business_type="other", market_type="rural",
                         territory_id=store.territory_id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_foreign_keys_are_enforced(db):
    db.session.add(Store(customer_code="C9", name="x", owner_name="y", phone="1", address="z",
                         business_type="other", market_type="rural", territory_id=9999))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_negative_stock_and_price_are_refused(db):
    store = _store(db)
    product = Product(code="P1", name="云烟(紫)", brand="云烟", pack="条",
                      guide_price_fen=10000, wholesale_price_fen=8540)
    rep = User(username="r", display_name="r", role="rep", password_hash="x")
    db.session.add_all([product, rep])
    db.session.flush()
    now = clock.now()
    db.session.add(PriceCheck(id=new_uuid(), store_id=store.id, product_id=product.id,
                              rep_id=rep.id, observed_at=now,
                              iso_week=iso_week_of(now, "Asia/Shanghai"),
                              shelf_price_fen=9900, guide_price_fen=10000, stock_units=-1))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_user_role_is_checked(db):
    db.session.add(User(username="x", display_name="x", role="boss", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_ticket_satisfaction_is_one_to_five(db):
    store = _store(db)
    db.session.add(Ticket(id=new_uuid(), number="TK1", store_id=store.id, category="price",
                          description="d", satisfaction=6))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_times_are_stored_in_utc_and_come_back_aware(db):
    store = _store(db)
    rep = User(username="r", display_name="r", role="rep", password_hash="x")
    db.session.add(rep)
    db.session.flush()
    shanghai = timezone(timedelta(hours=8))
    started = datetime(2026, 11, 23, 9, 30, tzinfo=shanghai)
    visit = Visit(id=new_uuid(), store_id=store.id, rep_id=rep.id, started_at=started)
    db.session.add(visit)
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.get(Visit, visit.id)
    assert loaded.started_at == started
    assert loaded.started_at.utcoffset() == timedelta(0)
    assert loaded.started_at.hour == 1


def test_naive_datetimes_are_refused(db):
    store = _store(db)
    db.session.add(Order(number="SO1", store_id=store.id, placed_at=datetime(2026, 1, 1)))
    with pytest.raises(StatementError, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_money_is_integer_fen(db):
    product = Product(code="P1", name="n", brand="b", pack="条", guide_price_fen=2350,
                      wholesale_price_fen=2000)
    db.session.add(product)
    db.session.commit()
    value = db.session.scalar(select(Product.guide_price_fen))
    assert value == 2350 and isinstance(value, int)
