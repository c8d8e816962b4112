"""A minimal world for property tests of the merge: one rep, two stores, two products."""

from datetime import UTC, datetime

from sqlalchemy import select, text

from webapp.models import (
    Base,
    PriceCheck,
    Product,
    QuarantinedRecord,
    ReferenceItem,
    Region,
    Store,
    SyncConflict,
    SyncCounter,
    SyncReceipt,
    Territory,
    User,
    Visit,
)
from webapp.services.context import PushContext
from webapp.services.push import apply_batch

EDITABLE = ("phone", "owner_name", "opening_hours")
BASE_MS = int(datetime(2026, 1, 5, tzinfo=UTC).timestamp() * 1000)


def reset(db) -> None:
    """Empty every table (between hypothesis examples)."""
    db.session.rollback()
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f'DELETE FROM "{table.name}"'))


def build(db) -> dict:
    """Create the world; returns ids."""
    region = Region(code="R1", name="r")
    territory = Territory(code="T1", name="t", region=region)
    rep = User(username="prop-rep", display_name="rep", role="rep", password_hash="!",
               territory=territory)
    db.session.add_all([region, territory, rep, SyncCounter(id=1, value=10),
                        ReferenceItem(kind="business_type", code="grocery", name_zh="食杂店",
                                      name_en="Grocery")])
    stores = []
    for n in (1, 2):
        store = Store(customer_code=f"C{n}", name=f"店{n}", owner_name="王伟",
                      phone="13800000000", address="文山市1号", opening_hours="08:00-22:00",
                      business_type="grocery", market_type="urban", territory=territory,
                      change_seq=n, lat=23.37, lng=104.24)
        stores.append(store)
    products = [Product(code=f"P{n}", name=f"烟{n}", brand="b", pack="条",
                        guide_price_fen=10000 * n, wholesale_price_fen=8000 * n,
                        change_seq=2 + n) for n in (1, 2)]
    db.session.add_all(stores + products)
    db.session.commit()
    return {"rep": rep.id, "stores": [s.id for s in stores], "products": [p.id for p in products]}


def push_batch(db, rep_id: int, records: list[dict]) -> list[dict]:
    """Apply one batch through the real merge and commit it."""
    rep = db.session.get(User, rep_id)
    ctx = PushContext(session=db.session, user=rep, now=datetime(2026, 6, 1, tzinfo=UTC))
    results = apply_batch(ctx, records)
    db.session.commit()
    return results


def snapshot(db) -> dict:
    """The observable state, without server-side times and clocks."""
    s = db.session
    s.expire_all()
    return {
        "stores": s.execute(select(Store.id, *[getattr(Store, f) for f in EDITABLE])
                            .order_by(Store.id)).all(),
        "visits": s.execute(select(Visit.id, Visit.store_id, Visit.notes).order_by(Visit.id)
                            ).all(),
        "prices": s.execute(select(PriceCheck.id, PriceCheck.shelf_price_fen)
                            .order_by(PriceCheck.id)).all(),
        "accepted": sorted(s.scalars(select(SyncReceipt.record_id))),
        "quarantined": sorted(s.scalars(select(QuarantinedRecord.record_id))),
    }


def conflict_values(db) -> set[tuple[int, str, str]]:
    """Every (store, field, value) kept in a conflict row, winning or losing."""
    rows = db.session.execute(select(SyncConflict.store_id, SyncConflict.field,
                                     SyncConflict.winning_value, SyncConflict.losing_value))
    kept = set()
    for store_id, field, won, lost in rows:
        kept.add((store_id, field, won))
        kept.add((store_id, field, lost))
    return kept
