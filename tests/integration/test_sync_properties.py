"""Property tests of the sync merge on a real database (hypothesis).

- pushing any sequence of batches twice, in any order, gives the same database;
- concurrent store updates converge to the same state whatever the arrival order;
- nothing is ever lost: every pushed value is applied, in a conflict, or quarantined.
"""

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sync_world import BASE_MS, EDITABLE, build, conflict_values, push_batch, reset, snapshot

from sync.hlc import HLC
from webapp.models import PriceCheck, QuarantinedRecord, Store, Visit

PROPERTY_SETTINGS = settings(max_examples=20, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                    HealthCheck.too_slow])

phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
names = st.sampled_from(["王伟", "李娜", "张敏", "刘洋", "陈静"])
hours = st.sampled_from(["07:00-22:00", "08:00-23:00", "09:00-21:00"])
FIELD_VALUES = {"phone": phones, "owner_name": names, "opening_hours": hours}


ANY_SLOT = st.integers(0, 1)


@st.composite
def raw_record(draw, store_slot=ANY_SLOT):
    """A record referring to store/product slots (0 or 1), sometimes invalid."""
    kind = draw(st.sampled_from(["visit", "price_check", "store_update", "bad"]))
    node = draw(st.sampled_from(["phone-a", "phone-b", "phone-c"]))
    clock = str(HLC(BASE_MS + draw(st.integers(0, 10_000)), draw(st.integers(0, 3)), node))
    slot = draw(store_slot)
    rid = str(uuid.UUID(int=draw(st.integers(1, 2**64)), version=4))
    if kind == "visit":
        data = {"store_id": slot, "started_at": "2026-01-05T10:00:00+08:00",
                "purposes": ["routine"], "notes": draw(st.sampled_from(["a", "b", "c"]))}
    elif kind == "price_check":
        data = {"store_id": slot, "product_id": draw(st.integers(0, 1)),
                "observed_at": "2026-01-05T10:00:00+08:00",
                "shelf_price": draw(st.sampled_from(["99.00", "100.00", "101.50"])),
                "stock_units": draw(st.integers(-1, 30)), "out_of_stock_days": 0}
    elif kind == "store_update":
        fields = draw(st.lists(st.sampled_from(EDITABLE), min_size=1, max_size=3, unique=True))
        data = {"store_id": slot, "base_version": 1,
                "changes": {f: draw(FIELD_VALUES[f]) for f in fields}}
    else:
        return {"id": rid, "type": "visit", "hlc": clock, "data": {"store_id": slot}}
    return {"id": rid, "type": kind, "hlc": clock, "data": data}


def _bind(records, world):
    """Replace store/product slots with the world's ids."""
    bound = []
    for rec in records:
        rec = {**rec, "data": dict(rec["data"])}
        rec["data"]["store_id"] = world["stores"][rec["data"]["store_id"]]
        if "product_id" in rec["data"]:
            rec["data"]["product_id"] = world["products"][rec["data"]["product_id"]]
        bound.append(rec)
    return bound


batches_strategy = st.lists(st.lists(raw_record(), min_size=1, max_size=6), min_size=1,
                            max_size=4)


@PROPERTY_SETTINGS
@given(batches=batches_strategy, data=st.data())
def test_pushing_twice_in_any_order_equals_pushing_once(db, batches, data):
    reset(db)
    world = build(db)
    bound = [_bind(b, world) for b in batches]
    for batch in bound:
        push_batch(db, world["rep"], batch)
    once = snapshot(db)
    reset(db)
    world2 = build(db)
    bound2 = [_bind(b, world2) for b in batches]
    doubled = data.draw(st.permutations(bound2 + bound2))
    for batch in doubled:
        push_batch(db, world2["rep"], batch)
    twice = snapshot(db)
    remap = dict(zip(world2["stores"], world["stores"], strict=True))
    twice["stores"] = [(remap[row[0]], *row[1:]) for row in twice["stores"]]
    twice["visits"] = [(v[0], remap[v[1]], v[2]) for v in twice["visits"]]
    assert twice == once


@PROPERTY_SETTINGS
@given(updates=st.lists(raw_record(store_slot=st.just(0)).filter(
    lambda r: r["type"] == "store_update"), min_size=2, max_size=6, unique_by=lambda r: r["id"]),
    data=st.data())
def test_concurrent_store_updates_converge_whatever_the_order(db, updates, data):
    reset(db)
    world = build(db)
    for rec in _bind(updates, world):
        push_batch(db, world["rep"], [rec])
    first = snapshot(db)["stores"]
    reset(db)
    world = build(db)
    for rec in data.draw(st.permutations(_bind(updates, world))):
        push_batch(db, world["rep"], [rec])
    assert [row[1:] for row in snapshot(db)["stores"]] == [row[1:] for row in first]
    # and the winner of each field is the highest clock (ties: record id)
    store = db.session.get(Store, world["stores"][0])
    for field in EDITABLE:
        writers = [(HLC.parse(r["hlc"]), r["id"], r["data"]["changes"][field])
                   for r in updates if field in r["data"]["changes"]]
        if writers:
            assert getattr(store, field) == max(writers)[2]


@PROPERTY_SETTINGS
@given(batches=batches_strategy)
def test_nothing_pushed_is_ever_lost(db, batches):
    reset(db)
    world = build(db)
    pushed = [rec for b in batches for rec in _bind(b, world)]
    for batch in [_bind(b, world) for b in batches]:
        push_batch(db, world["rep"], batch)
    db.session.expire_all()
    quarantined = set(db.session.scalars(select(QuarantinedRecord.record_id)))
    kept_in_conflicts = conflict_values(db)
    for rec in pushed:
        if rec["id"] in quarantined:
            continue
        if rec["type"] == "visit":
            assert db.session.get(Visit, rec["id"]) is not None
        elif rec["type"] == "price_check":
            assert db.session.get(PriceCheck, rec["id"]) is not None
        else:
            store = db.session.get(Store, rec["data"]["store_id"])
            # every update is based on version 1, so any overwrite was concurrent and
            # must have left the replaced value in a conflict row
            for field, value in rec["data"]["changes"].items():
                assert (getattr(store, field) == value
                        or (store.id, field, value) in kept_in_conflicts), (rec, field)
