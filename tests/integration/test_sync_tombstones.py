"""Tombstones: who learns of a deletion, and how long deletions are kept.

- A store's tombstone follows the store's visibility (`webapp.scope.tombstone_filter`):
  a market manager gets those of their region's stores, an owner those of their own
  stores, a rep those of their territory; products are everyone's.
- `flask purge-tombstones` drops tombstones older than SYNC_TOMBSTONE_RETENTION_DAYS;
  a pull whose cursor is older than the purged ones answers `reset`
  (docs/sync-protocol.md, "Pull").
"""

from datetime import timedelta

from sqlalchemy import select
from sync_helpers import register

from webapp import clock
from webapp.models import Region, Store, SyncCounter, Territory, Tombstone, User
from webapp.services.change_feed import allocate_change_seqs


def _pull_all(client, device, cursor=""):
    changes = []
    while True:
        body = client.get(f"/sync/pull?cursor={cursor}", headers=_auth(device)).get_json()
        if body.get("reset"):
            return body, cursor
        changes += body["changes"]
        cursor = body["cursor"]
        if not body["has_more"]:
            return changes, cursor


def _auth(device):
    return {"Authorization": f"Bearer {device['token']}"}


def _tombstone(db, entity_type, entity_id, territory_id=None, age_days=0) -> Tombstone:
    row = Tombstone(seq=allocate_change_seqs(db.session), entity_type=entity_type,
                    entity_id=str(entity_id), territory_id=territory_id,
                    deleted_at=clock.now() - timedelta(days=age_days))
    db.session.add(row)
    return row


def _foreign_territory(db) -> Territory:
    region = Region(code="far", name="远方")
    territory = Territory(code="far-1", name="远方一", region=region)
    db.session.add_all([region, territory])
    db.session.flush()
    return territory


def _deleted_ids(changes) -> set[tuple[str, str]]:
    return {(c["type"], c["id"]) for c in changes if c.get("deleted")}


def test_a_market_manager_gets_only_tombstones_of_stores_in_their_region(
        seeded, db, client, password):
    manager = db.session.scalar(select(User).where(User.username == "manager1"))
    mine = db.session.scalar(select(Store).join(Territory)
                             .where(Territory.region_id == manager.region_id))
    far = _foreign_territory(db)
    device = register(client, "manager1", password)
    _, cursor = _pull_all(client, device)
    _tombstone(db, "store", 90001, mine.territory_id)
    _tombstone(db, "store", 90002, far.id)
    _tombstone(db, "store", 90003, None)
    _tombstone(db, "product", 90004)
    db.session.commit()
    changes, _ = _pull_all(client, device, cursor)
    assert _deleted_ids(changes) == {("store", "90001"), ("product", "90004")}


def test_a_store_owner_gets_only_tombstones_of_their_own_stores(seeded, db, client, password):
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    own = db.session.scalar(select(Store).where(Store.owner_id == owner.id))
    neighbour = db.session.scalar(select(Store).where(
        Store.territory_id == own.territory_id, Store.owner_id != owner.id))
    device = register(client, "owner1", password)
    _, cursor = _pull_all(client, device)
    _tombstone(db, "store", own.id, own.territory_id)
    _tombstone(db, "store", neighbour.id, neighbour.territory_id)
    _tombstone(db, "product", 90005)
    db.session.commit()
    changes, _ = _pull_all(client, device, cursor)
    assert _deleted_ids(changes) == {("store", str(own.id)), ("product", "90005")}


def test_reps_get_their_territory_and_hq_every_store_tombstone(seeded, db, client, password):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    far = _foreign_territory(db)
    rep_device, hq_device = register(client, "rep1", password), register(client, "hq", password)
    _, rep_cursor = _pull_all(client, rep_device)
    _, hq_cursor = _pull_all(client, hq_device)
    _tombstone(db, "store", 90011, rep.territory_id)
    _tombstone(db, "store", 90012, far.id)
    _tombstone(db, "store", 90013, None)
    db.session.commit()
    assert _deleted_ids(_pull_all(client, rep_device, rep_cursor)[0]) == {("store", "90011")}
    assert _deleted_ids(_pull_all(client, hq_device, hq_cursor)[0]) == {
        ("store", "90011"), ("store", "90012"), ("store", "90013")}


def test_purge_tombstones_drops_those_older_than_the_retention(app, seeded, db):
    days = app.config["SYNC_TOMBSTONE_RETENTION_DAYS"]
    old = _tombstone(db, "product", 90021, age_days=days + 1)
    kept = _tombstone(db, "product", 90022, age_days=days - 1)
    db.session.commit()
    old_seq, kept_seq = old.seq, kept.seq
    result = app.test_cli_runner().invoke(args=["purge-tombstones"])
    assert result.exit_code == 0, result.output
    assert "purged 1 tombstone" in result.output
    db.session.expire_all()
    assert db.session.scalars(select(Tombstone.seq)).all() == [kept_seq]
    assert db.session.get(SyncCounter, 1).tombstones_purged_below == old_seq


def test_purge_tombstones_takes_a_shorter_retention_and_never_lowers_the_horizon(
        app, seeded, db):
    first = _tombstone(db, "product", 90031, age_days=3)
    db.session.commit()
    first_seq = first.seq
    assert app.test_cli_runner().invoke(args=["purge-tombstones", "--days", "2"]).exit_code == 0
    assert app.test_cli_runner().invoke(args=["purge-tombstones", "--days", "2"]).exit_code == 0
    db.session.expire_all()
    assert db.session.scalars(select(Tombstone.seq)).all() == []
    assert db.session.get(SyncCounter, 1).tombstones_purged_below == first_seq


def test_a_pull_older_than_the_purged_tombstones_resets(app, seeded, db, client, password):
    device = register(client, "rep1", password)
    _, old_cursor = _pull_all(client, device)
    days = app.config["SYNC_TOMBSTONE_RETENTION_DAYS"]
    _tombstone(db, "product", 90041, age_days=days + 5)
    db.session.commit()
    _, recent_cursor = _pull_all(client, device, old_cursor)  # has seen the deletion
    kept = _tombstone(db, "product", 90042)
    db.session.commit()
    kept_id = kept.entity_id
    assert app.test_cli_runner().invoke(args=["purge-tombstones"]).exit_code == 0
    reset = client.get(f"/sync/pull?cursor={old_cursor}", headers=_auth(device)).get_json()
    assert reset == {"changes": [], "cursor": "", "has_more": True, "reset": True}
    changes, _ = _pull_all(client, device, recent_cursor)
    assert _deleted_ids(changes) == {("product", kept_id)}
