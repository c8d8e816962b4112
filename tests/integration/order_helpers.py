"""A small ordering world on top of the `seeded` data: owner1's store, a product sold in
25-carton steps with a weekly allocation, a product sold by the carton, and the people
who may (or may not) order and move orders."""

from dataclasses import dataclass

from sqlalchemy import func, select

from webapp import clock
from webapp.models import (
    AuditLog,
    Order,
    OrderLine,
    OrderStatusChange,
    Product,
    ProductOrderLimit,
    Region,
    Store,
    Territory,
    User,
)
from webapp.rules.settings import DEFAULT_SETTINGS
from webapp.services.orders import place_order

WEEKLY_LIMIT = 50


@dataclass
class OrderWorld:
    owner: User
    store: Store  # owner1's first store
    other_store: Store  # another owner's
    crate: Product  # minimum and multiple 25, WEEKLY_LIMIT per store and week
    carton: Product  # any number of cartons, no allocation
    hq: User
    rep: User
    manager: User


def user(db, username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def make_world(db) -> OrderWorld:
    owner = user(db, "owner1")
    store = db.session.scalar(select(Store).where(Store.owner_id == owner.id).order_by(Store.id))
    other = db.session.scalar(select(Store).where(Store.owner_id != owner.id).order_by(Store.id))
    crate = Product(code="T-CRATE", name="测试(硬)", brand="测试", pack="条",
                    guide_price_fen=10000, wholesale_price_fen=8500, order_minimum=25,
                    order_multiple=25)
    carton = Product(code="T-CARTON", name="测试(软)", brand="测试", pack="条",
                     guide_price_fen=5000, wholesale_price_fen=4200)
    db.session.add_all([crate, carton])
    db.session.flush()
    db.session.add(ProductOrderLimit(product_id=crate.id, store_id=None,
                                     max_quantity=WEEKLY_LIMIT, period="week"))
    db.session.commit()
    return OrderWorld(owner, store, other, crate, carton, user(db, "hq"), user(db, "rep1"),
                      user(db, "manager1"))


def other_region_store(db) -> Store:
    """A store in a region of its own (no manager of the seed's region sees it)."""
    region = Region(code="RX", name="别处")
    db.session.add(region)
    db.session.flush()
    territory = Territory(code="TX", name="别处", region_id=region.id)
    db.session.add(territory)
    db.session.flush()
    store = Store(customer_code="X1", name="别处店", owner_name="某", phone="1", address="某处",
                  business_type="other", market_type="urban", territory_id=territory.id)
    db.session.add(store)
    db.session.commit()
    return store


def order(db, world: OrderWorld, lines=None, **kwargs) -> Order:
    """A good order of owner1's store, committed."""
    placed = place_order(db.session, kwargs.pop("by", world.owner),
                         kwargs.pop("store_id", world.store.id),
                         lines or [(world.crate.id, 25), (world.carton.id, 3)],
                         kwargs.pop("delivery_method", None), None, kwargs.pop("note", None),
                         kwargs.pop("now", clock.now()), DEFAULT_SETTINGS, **kwargs)
    db.session.commit()
    return placed


def counts(db) -> tuple[int, int, int, int]:
    """Orders, lines, status changes, audit lines: a refused write changes none."""
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Order, OrderLine, OrderStatusChange, AuditLog))
