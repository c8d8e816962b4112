"""Entry point: build a whole deterministic data set into an empty database."""

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock
from ..models import Store, SyncCounter
from .history import seed_orders, seed_price_checks, seed_restock_and_feedback, seed_visits
from .order_flow import seed_owner1_orders
from .ordering import seed_new_products, seed_ordering
from .people import World, seed_people, seed_products, seed_reference, seed_stores
from .recommendations import seed_owner1_recommendations
from .tickets import seed_tickets


@dataclass(frozen=True)
class SeedSpec:
    """How much to generate. The same spec (seed and end day) gives the same data."""

    stores: int = 500
    reps: int = 50
    days: int = 365
    seed: int = 1
    end: date | None = None  # last day of history; default the app clock's today in `timezone`
    timezone: str = "Asia/Shanghai"
    password_hash: str | None = None  # None: seeded accounts cannot sign in
    upload_dir: str | None = None  # where the demo's photos go; None: rows only


def seed_database(session: Session, spec: SeedSpec) -> dict[str, float]:
    """Fill an empty database; returns row counts and the time taken (seconds)."""
    if session.scalar(select(func.count()).select_from(Store)):
        raise ValueError("the database already holds stores; seed an empty database")
    if spec.stores < 1 or spec.reps < 1 or spec.days < 1:
        raise ValueError("stores, reps and days must each be at least 1")
    started = time.perf_counter()
    rng = random.Random(spec.seed)
    tz = ZoneInfo(spec.timezone)
    now = clock.now()  # read once: the end day and the last moment agree
    end = spec.end or now.astimezone(tz).date()
    days = [end - timedelta(days=n) for n in range(spec.days - 1, -1, -1)]
    # History ends at the clock's now (nothing "later today"); a given end day is whole.
    world = World(until=None if spec.end else now)
    seed_reference(session)
    seed_people(session, rng, spec.reps, spec.password_hash, world)
    seed_products(session, world)
    seed_stores(session, rng, spec.stores, spec.password_hash, world)
    seed_ordering(session, world)
    seed_new_products(session, world, end)
    visits = seed_visits(session, rng, world, days, tz)
    next_seq = len(world.product_ids) + len(world.stores) + 1  # products, then stores
    next_seq = seed_price_checks(session, rng, world, days, tz, next_seq)
    seed_orders(session, rng, world, days, tz)
    next_seq = seed_tickets(session, rng, world, days, tz, next_seq, visits)
    next_seq = seed_owner1_orders(session, world, end, tz, next_seq, spec.upload_dir)
    seed_restock_and_feedback(session, rng, world, days, tz)
    seed_owner1_recommendations(session, world, end, tz)
    session.add(SyncCounter(id=1, value=next_seq - 1))
    session.commit()
    return {"stores": len(world.stores), "reps": len(world.rep_ids),
            "seconds": round(time.perf_counter() - started, 2)}
