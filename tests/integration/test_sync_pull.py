"""GET /sync/pull: everything in the caller's scope since a cursor, with tombstones."""

from sqlalchemy import func, select
from sync_helpers import register, rep_world

from sync.changes import allocate_change_seqs
from webapp.models import Product, Store, SyncCounter, Tombstone


def _pull_all(client, device, cursor="", limit=None):
    changes, pages = [], 0
    while True:
        query = f"/sync/pull?cursor={cursor}" + (f"&limit={limit}" if limit else "")
        page = client.get(query, headers={"Authorization": f"Bearer {device['token']}"})
        assert page.status_code == 200
        body = page.get_json()
        changes += body["changes"]
        cursor = body["cursor"]
        pages += 1
        if not body["has_more"]:
            return changes, cursor, pages


def test_a_new_phone_gets_its_territory_and_all_products(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    changes, cursor, _ = _pull_all(client, device)
    stores = {c["id"] for c in changes if c["type"] == "store"}
    expected = set(db.session.scalars(select(Store.id).where(
        Store.territory_id == world["rep"].territory_id)))
    assert stores == expected
    assert world["foreign"].id not in stores
    products = [c for c in changes if c["type"] == "product"]
    assert len(products) == db.session.scalar(select(func.count()).select_from(Product))
    store = next(c for c in changes if c["type"] == "store" and c["id"] == world["store"].id)
    assert store["data"]["version"] == world["store"].version
    assert world["product"].id in store["data"]["assortment"]
    assert {"phone", "owner_name", "address", "opening_hours", "business_type"} <= set(
        store["data"])
    again, same_cursor, _ = _pull_all(client, device, cursor)
    assert again == [] and int(same_cursor) >= int(cursor)  # may skip changes out of scope


def test_paging_returns_everything_exactly_once(seeded, db, client, password):
    device = register(client, "hq", password)
    everything, _, _ = _pull_all(client, device)
    paged, _, pages = _pull_all(client, device, limit=5)
    assert pages > 2
    assert [(c["type"], c["id"]) for c in paged] == [(c["type"], c["id"]) for c in everything]


def test_a_changed_store_comes_back_after_the_cursor(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    _, cursor, _ = _pull_all(client, device)
    store = db.session.get(Store, world["store"].id)
    store.phone = "13911112222"
    store.version += 1
    store.change_seq = allocate_change_seqs(db.session)
    db.session.commit()
    changes, _, _ = _pull_all(client, device, cursor)
    assert [(c["type"], c["id"], c["data"]["phone"]) for c in changes] == [
        ("store", store.id, "13911112222")]


def test_deletions_travel_as_tombstones_and_old_cursors_reset(seeded, db, client, password):
    device = register(client, "hq", password)
    _, cursor, _ = _pull_all(client, device)
    seq = allocate_change_seqs(db.session)
    db.session.add(Tombstone(seq=seq, entity_type="product", entity_id="999"))
    db.session.commit()
    changes, _, _ = _pull_all(client, device, cursor)
    assert changes == [{"type": "product", "id": "999", "deleted": True, "data": None}]
    counter = db.session.get(SyncCounter, 1)
    counter.tombstones_purged_below = seq + 1
    db.session.commit()
    reset = client.get(f"/sync/pull?cursor={cursor}",
                       headers={"Authorization": f"Bearer {device['token']}"}).get_json()
    assert reset["reset"] is True


def test_a_bad_cursor_is_a_clear_400(seeded, client, password):
    device = register(client, "rep1", password)
    response = client.get("/sync/pull?cursor=abc",
                          headers={"Authorization": f"Bearer {device['token']}"})
    assert response.status_code == 400 and "cursor" in response.get_json()["message"]
