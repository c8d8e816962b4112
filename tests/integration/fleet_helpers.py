"""Helpers for the many-phones tests: a data set with twenty reps, and their records."""

import random
import uuid
from datetime import timedelta

from sqlalchemy import select
from sync_helpers import hlc

from webapp.models import Store, StoreProduct, User, utcnow
from webapp.seed import SeedSpec, seed_database


def seed_reps(db, password_hash: str, reps: int = 20) -> list[str]:
    """A small data set with `reps` reps (their passwords: the test password); their names."""
    seed_database(db.session, SeedSpec(stores=3 * reps, reps=reps, days=2, seed=11,
                                       password_hash=password_hash))
    db.session.commit()
    return list(db.session.scalars(select(User.username).where(User.role == "rep")
                                   .order_by(User.id)))[:reps]


def rep_records(db, username: str, count: int, rng: random.Random) -> list[dict]:
    """`count` valid records of one rep's stores: visits, price checks, tickets, store updates.

    Times lie in the last hour (the tests pass on any day); seq counts from 1.
    """
    rep = db.session.scalar(select(User).where(User.username == username))
    stores = db.session.scalars(select(Store).where(Store.territory_id == rep.territory_id)
                                .order_by(Store.id)).all()
    assortment = {s.id: db.session.scalars(select(StoreProduct.product_id).where(
        StoreProduct.store_id == s.id)).all() for s in stores}
    moment = (utcnow() - timedelta(minutes=50)).isoformat()
    records = []
    for n in range(count):
        store = rng.choice(stores)
        roll = rng.random()
        if roll < 0.45 or not assortment[store.id]:
            kind, data = "visit", {"store_id": store.id, "started_at": moment,
                                   "purposes": ["routine"], "notes": "陈列良好"}
        elif roll < 0.9:
            kind, data = "price_check", {
                "store_id": store.id, "product_id": rng.choice(assortment[store.id]),
                "observed_at": moment, "shelf_price": f"{rng.randrange(50, 700)}.00",
                "stock_units": rng.randrange(0, 40), "out_of_stock_days": 0}
        elif roll < 0.97:
            kind, data = "ticket", {"store_id": store.id, "category": "out_of_stock",
                                    "description": "热销规格断货"}
        else:
            kind, data = "store_update", {"store_id": store.id, "base_version": store.version,
                                          "changes": {"opening_hours": "08:00-22:00"}}
        records.append({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        "type": kind, "hlc": hlc(f"phone-{username}"), "seq": n + 1,
                        "data": data})
    return records
