"""THE scoping helper: owners, reps, managers and HQ each see exactly their stores, and the
users and devices that go with them."""

from sqlalchemy import select

from webapp.models import Device, Store, Territory, User
from webapp.scope import device_filter, get_visible_store, visible_stores, visible_user_ids
from webapp.services.devices import register_device


def _user(db, username):
    return db.session.scalar(select(User).where(User.username == username))


def _ids(db, user):
    return set(db.session.scalars(visible_stores(user).with_only_columns(Store.id)))


def test_owner_sees_only_own_stores(seeded, db):
    owner = _user(db, "owner1")
    mine = set(db.session.scalars(select(Store.id).where(Store.owner_id == owner.id)))
    assert len(mine) >= 2
    assert _ids(db, owner) == mine


def test_rep_sees_only_the_territory(seeded, db):
    rep = _user(db, "rep2")
    expected = set(db.session.scalars(
        select(Store.id).where(Store.territory_id == rep.territory_id)))
    assert expected and _ids(db, rep) == expected


def test_manager_sees_the_region(seeded, db):
    manager = _user(db, "manager1")
    territories = select(Territory.id).where(Territory.region_id == manager.region_id)
    expected = set(db.session.scalars(select(Store.id).where(Store.territory_id.in_(territories))))
    assert _ids(db, manager) == expected


def test_hq_sees_everything(seeded, db):
    assert _ids(db, _user(db, "hq")) == set(db.session.scalars(select(Store.id)))


def test_inactive_user_sees_nothing(seeded, db):
    rep = _user(db, "rep1")
    rep.active = False
    assert _ids(db, rep) == set()


def test_get_visible_store_refuses_other_scope(seeded, db):
    owner = _user(db, "owner1")
    other = db.session.scalar(select(Store).where(Store.owner_id != owner.id))
    assert get_visible_store(db.session, owner, other.id) is None
    assert get_visible_store(db.session, owner, "1") is None  # never trust the type


def _other_owner_store(db, username):
    owner = _user(db, username)
    mine = db.session.scalar(select(Store).where(Store.owner_id == owner.id))
    other = db.session.scalar(select(Store).where(Store.owner_id != owner.id))
    return mine, other


def test_owner_cannot_open_another_store_page(seeded, db, web):
    mine, other = _other_owner_store(db, "owner1")
    web.login("owner1")
    assert web.client.get(f"/store/{mine.id}").status_code == 200
    response = web.client.get(f"/store/{other.id}")
    assert response.status_code == 404
    assert other.name not in response.get_data(as_text=True)


def test_owner_cannot_read_another_store_by_api(seeded, db, web):
    mine, other = _other_owner_store(db, "owner1")
    web.login("owner1")
    listed = web.client.get("/api/stores").get_json()["stores"]
    assert {s["id"] for s in listed} == set(db.session.scalars(
        select(Store.id).where(Store.owner_id == mine.owner_id)))
    response = web.client.get(f"/api/stores/{other.id}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_rep_cannot_open_another_territory_store(seeded, db, web):
    rep = _user(db, "rep1")
    foreign = db.session.scalar(select(Store).where(Store.territory_id != rep.territory_id))
    web.login("rep1")
    assert web.client.get(f"/rep/stores/{foreign.id}").status_code == 404


def test_roles_cannot_use_other_roles_pages(seeded, web):
    web.login("owner1")
    assert web.client.get("/hq/").status_code == 403
    assert web.client.get("/rep/today").status_code == 403


def _visible_users(db, user) -> set[str]:
    return set(db.session.scalars(select(User.username).where(
        User.id.in_(visible_user_ids(user).scalar_subquery()))))


def test_users_follow_the_stores_a_manager_sees_the_reps_of_the_region(seeded, db):
    manager = _user(db, "manager1")
    territories = set(db.session.scalars(
        select(Territory.id).where(Territory.region_id == manager.region_id)))
    reps = set(db.session.scalars(select(User.username).where(
        User.role == "rep", User.territory_id.in_(territories))))
    assert reps and reps <= _visible_users(db, manager)
    assert not {u for u in _visible_users(db, manager)
                if _user(db, u).territory_id not in territories}


def test_hq_sees_every_user_and_an_inactive_user_none(seeded, db):
    everyone = set(db.session.scalars(select(User.username)))
    assert _visible_users(db, _user(db, "hq")) == everyone
    rep = _user(db, "rep1")
    rep.active = False
    assert _visible_users(db, rep) == set()


def test_devices_follow_their_users(seeded, db):
    rep1, rep2 = _user(db, "rep1"), _user(db, "rep2")
    mine, _ = register_device(db.session, rep1, "rep1 phone")
    theirs, _ = register_device(db.session, rep2, "rep2 phone")
    seen = set(db.session.scalars(select(Device.id).where(device_filter(rep1))))
    assert mine.id in seen
    assert (theirs.id in seen) == (rep2.territory_id == rep1.territory_id)
    assert {mine.id, theirs.id} <= set(db.session.scalars(
        select(Device.id).where(device_filter(_user(db, "hq")))))
