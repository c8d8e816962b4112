"""store_update records: field-by-field merge, conflicts with HQ edits, HQ-only fields."""

from sqlalchemy import func, select
from sync_helpers import hlc, push, record, register, rep_world

from webapp.models import Store, StoreChange, SyncConflict, User
from webapp.services.context import server_hlc
from webapp.services.store_fields import merge_store_fields


def _update(store, changes, base=None, **extra):
    return record("store_update", {"store_id": store.id,
                                   "base_version": store.version if base is None else base,
                                   "changes": changes}, **extra)


def _hq_edit(db, store, changes):
    hq = db.session.scalar(select(User).where(User.username == "hq"))
    merge_store_fields(db.session, store, changes, base_version=store.version,
                       hlc=server_hlc().now(), source=f"hq:{hq.id}", record_id="hq-edit")
    db.session.commit()


def test_a_direct_field_is_applied_at_once(seeded, db, client, password):
    store = rep_world(db)["store"]
    version = store.version
    device = register(client, "rep1", password)
    rec = _update(store, {"phone": "13912345678", "opening_hours": "07:00-23:00"})
    result = push(client, device, [rec]).get_json()["results"][0]
    assert result["status"] == "applied"
    assert result["fields"]["phone"] == {"outcome": "applied", "value": "13912345678"}
    db.session.expire_all()
    assert store.phone == "13912345678" and store.version == version + 1
    change = db.session.get(StoreChange, rec["id"])
    assert change.status == "applied" and change.reported_by_id == rep_world(db)["rep"].id


def test_fields_needing_hq_wait_as_a_pending_change(seeded, db, client, password):
    store = rep_world(db)["store"]
    old_address = store.address
    device = register(client, "rep1", password)
    rec = _update(store, {"address": "文山市新地址1号", "phone": "13912345678"})
    result = push(client, device, [rec]).get_json()["results"][0]
    assert result["fields"]["address"]["outcome"] == "pending_hq"
    db.session.expire_all()
    assert store.address == old_address and store.phone == "13912345678"
    assert db.session.get(StoreChange, rec["id"]).status == "pending"


def test_concurrent_hq_edit_and_offline_update_make_a_conflict(seeded, db, client, password):
    store = rep_world(db)["store"]
    base = store.version
    device = register(client, "rep1", password)
    offline = _update(store, {"phone": "13900001111"}, base=base, hlc=hlc(offset_ms=-60_000))
    _hq_edit(db, store, {"phone": "13800002222"})  # HQ edits meanwhile (later clock)
    result = push(client, device, [offline]).get_json()["results"][0]
    assert result["status"] == "conflict"
    assert result["fields"]["phone"] == {"outcome": "lost", "value": "13800002222"}
    db.session.expire_all()
    assert store.phone == "13800002222"
    conflict = db.session.scalar(select(SyncConflict).where(SyncConflict.store_id == store.id))
    assert conflict.losing_value == "13900001111" and conflict.winning_value == "13800002222"
    assert conflict.record_id == offline["id"] and conflict.status == "open"


def test_a_later_offline_clock_wins_but_keeps_the_hq_value(seeded, db, client, password):
    store = rep_world(db)["store"]
    base = store.version
    device = register(client, "rep1", password)
    _hq_edit(db, store, {"phone": "13800002222"})
    offline = _update(store, {"phone": "13900001111"}, base=base, hlc=hlc(offset_ms=60_000))
    result = push(client, device, [offline]).get_json()["results"][0]
    assert result["status"] == "conflict"
    assert result["fields"]["phone"]["outcome"] == "won"
    db.session.expire_all()
    assert store.phone == "13900001111"
    conflict = db.session.scalar(select(SyncConflict).where(SyncConflict.store_id == store.id))
    assert conflict.losing_value == "13800002222"  # HQ's value is not lost


def test_untouched_fields_merge_without_conflict(seeded, db, client, password):
    store = rep_world(db)["store"]
    base = store.version
    device = register(client, "rep1", password)
    _hq_edit(db, store, {"phone": "13800002222"})
    offline = _update(store, {"opening_hours": "06:00-22:00"}, base=base)
    assert push(client, device, [offline]).get_json()["results"][0]["status"] == "applied"
    db.session.expire_all()
    assert (store.phone, store.opening_hours) == ("13800002222", "06:00-22:00")


def test_invalid_values_are_rejected_with_a_reason(seeded, db, client, password):
    store = rep_world(db)["store"]
    device = register(client, "rep1", password)
    results = push(client, device, [
        _update(store, {"phone": "12345"}),
        _update(store, {"business_type": "casino"}),
        _update(store, {"owner_name": "王伟"}, base=store.version + 5),
    ]).get_json()["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert "phone" in results[0]["error"]
    assert "business_type" in results[1]["error"]
    assert "base_version" in results[2]["error"]
    db.session.expire_all()
    assert db.session.get(Store, store.id).owner_name != "王伟"


def test_two_phones_saving_the_same_value_merge_silently(seeded, db, client, make_web,
                                                        password):
    """Issue 9, item 13: equal values are no conflict, and the version rises once."""
    store = rep_world(db)["store"]
    base = store.version
    first = register(client, "rep1", password, name="phone A")
    second = register(make_web().client, "rep1", password, name="phone B")
    # both captured offline against the same version; the second has the later clock
    a = _update(store, {"phone": "13900001111", "opening_hours": "06:00-22:00"}, base=base,
                hlc=hlc("phone-a", offset_ms=-60_000))
    b = _update(store, {"phone": "13900001111", "opening_hours": "07:00-21:00"}, base=base,
                hlc=hlc("phone-b", offset_ms=-30_000))
    assert push(client, first, [a]).get_json()["results"][0]["status"] == "applied"
    result = push(client, second, [b]).get_json()["results"][0]
    assert result["fields"]["phone"] == {"outcome": "applied", "value": "13900001111"}
    assert result["fields"]["opening_hours"]["outcome"] == "won"  # a real clash still is one
    db.session.expire_all()
    conflicts = db.session.scalars(select(SyncConflict).where(
        SyncConflict.store_id == store.id)).all()
    assert [c.field for c in conflicts] == ["opening_hours"]
    assert store.version == base + 2  # phone A's write, then B's opening hours: no extra
    only_phone = _update(store, {"phone": "13900001111"}, base=base,
                         hlc=hlc("phone-c", offset_ms=-10_000))
    result = push(client, second, [only_phone]).get_json()["results"][0]
    assert result["status"] == "applied" and result["store_version"] == base + 2
    db.session.expire_all()
    assert store.version == base + 2 and store.phone == "13900001111"
    assert db.session.scalar(select(func.count()).select_from(SyncConflict)) == 1
