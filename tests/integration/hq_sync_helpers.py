"""Helpers for the HQ sync page tests: users, another region, HQ edits and real conflicts."""

from sqlalchemy import select
from sync_helpers import hlc, push, record, register, rep_world

from webapp.models import Region, Store, SyncConflict, Territory, User

EDIT_FIELDS = ("phone", "owner_name", "address", "opening_hours", "business_type",
               "delivery_method")


def user(db, username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def english(web) -> None:
    """Switch the signed-in browser to English, so assertions can read the words."""
    web.post_form("/language", {"locale": "en", "next": "/hq/"}, page="/hq/")


def other_region_manager(db, password: str) -> User:
    """manager2, responsible for a new region that holds none of the seeded stores."""
    region = Region(code="R99", name="Other region")
    db.session.add(region)
    db.session.flush()
    db.session.add(Territory(code="T999", name="Other territory", region_id=region.id))
    manager = User(username="manager2", display_name="Other manager", role="market_manager",
                   region_id=region.id)
    manager.set_password(password)
    db.session.add(manager)
    db.session.commit()
    return manager


def edit_form(store: Store, **changes) -> dict:
    """The edit form as the page shows it for `store`, with `changes` typed in."""
    data = {name: getattr(store, name) for name in EDIT_FIELDS}
    data.update(changes, version=str(store.version))
    return data


def hq_edit(web, store: Store, **changes):
    """HQ saves the store edit page (web must be signed in as HQ staff)."""
    url = f"/hq/stores/{store.id}/edit"
    return web.post_form(url, edit_form(store, **changes), page=url)


def store_update(store_id: int, base_version: int, changes: dict, offset_ms: int = -60_000,
                 seq: int | None = 1) -> dict:
    """A store_update record captured offline `offset_ms` from now."""
    return record("store_update", {"store_id": store_id, "base_version": base_version,
                                   "changes": changes}, seq=seq, hlc=hlc(offset_ms=offset_ms))


def make_conflict(db, web, phone_client, password: str) -> tuple[Store, SyncConflict, dict]:
    """HQ edits rep1's store phone on the page while rep1's phone, offline with the old
    version, changed it too; the phone's push then meets HQ's edit as a conflict."""
    store = rep_world(db)["store"]
    base = store.version
    device = register(phone_client, "rep1", password)
    offline = store_update(store.id, base, {"phone": "13900001111"})
    web.login("hq")
    assert hq_edit(web, store, phone="13800002222").status_code == 303
    result = push(phone_client, device, [offline]).get_json()["results"][0]
    assert result["status"] == "conflict", result
    db.session.expire_all()
    conflict = db.session.scalar(select(SyncConflict).where(SyncConflict.store_id == store.id))
    return store, conflict, device
