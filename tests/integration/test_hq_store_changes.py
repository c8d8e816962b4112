"""HQ store info: reported changes of HQ-maintained fields wait for approval, and HQ's own
edit goes through the field-level merge, so it meets a phone's offline edit as a conflict
(issue: store-info changes; docs/sync-protocol.md "Store updates merge field by field")."""

import re

from hq_sync_helpers import english, hq_edit, other_region_manager, store_update, user
from sqlalchemy import select
from sync_helpers import push, register, rep_world

from webapp.models import AuditLog, StoreChange, SyncConflict


def reported_address(db, client, password):
    """rep1's phone reports a new address: it waits for HQ (pending_hq)."""
    store = rep_world(db)["store"]
    device = register(client, "rep1", password)
    update = store_update(store.id, store.version, {"address": "新华路 88 号"})
    result = push(client, device, [update]).get_json()["results"][0]
    assert result["fields"]["address"]["outcome"] == "pending_hq", result
    return store, db.session.get(StoreChange, update["id"])


def change_row(html: str, change_id: str) -> str:
    return re.search(rf'<tr id="change-{change_id}".*?</tr>', html, re.S).group(0)


def test_waiting_change_is_listed_with_old_and_new_value(seeded, db, web, client, password):
    store, change = reported_address(db, client, password)
    web.login("hq")
    row = change_row(web.client.get("/hq/store-changes").get_data(as_text=True), change.id)
    assert "新华路 88 号" in row and store.address in row and 'data-status="pending"' in row


def test_approving_applies_the_reported_value(seeded, db, web, client, password):
    store, change = reported_address(db, client, password)
    web.login("hq")
    response = web.post_form(f"/hq/store-changes/{change.id}/approve", {},
                             page="/hq/store-changes")
    assert response.status_code == 303
    db.session.expire_all()
    assert store.address == "新华路 88 号" and change.status == "applied"
    assert change.decided_by_id == user(db, "hq").id
    assert db.session.scalar(select(AuditLog).where(
        AuditLog.action == "hq.store_change_approved", AuditLog.entity_id == change.id))


def test_rejecting_needs_a_reason_and_keeps_the_store(seeded, db, web, client, password):
    store, change = reported_address(db, client, password)
    address = store.address
    web.login("hq")
    english(web)
    token = web.csrf_from("/hq/store-changes")
    empty = web.client.post(f"/hq/store-changes/{change.id}/reject",
                            data={"csrf_token": token, "reason": " "},
                            headers={"HX-Request": "true"})
    assert "Give a reason" in empty.get_data(as_text=True)
    db.session.expire_all()
    assert change.status == "pending"
    done = web.client.post(f"/hq/store-changes/{change.id}/reject",
                           data={"csrf_token": token, "reason": "the shop did not move"},
                           headers={"HX-Request": "true"})
    row = done.get_data(as_text=True)
    assert row.lstrip().startswith("<tr") and 'data-status="rejected"' in row
    db.session.expire_all()
    assert change.status == "rejected" and store.address == address
    assert change.decision_note == "the shop did not move"
    assert db.session.scalar(select(AuditLog).where(
        AuditLog.action == "hq.store_change_rejected"))


def test_manager_of_another_region_cannot_decide(seeded, db, web, client, password):
    _, change = reported_address(db, client, password)
    other_region_manager(db, password)
    web.login("manager2")
    assert change.id not in web.client.get("/hq/store-changes").get_data(as_text=True)
    response = web.post_form(f"/hq/store-changes/{change.id}/approve", {},
                             page="/hq/store-changes")
    assert response.status_code == 404


def test_manager_of_the_region_approves(seeded, db, web, client, password):
    store, change = reported_address(db, client, password)
    web.login("manager1")
    assert web.post_form(f"/hq/store-changes/{change.id}/approve", {},
                         page="/hq/store-changes").status_code == 303
    db.session.expire_all()
    assert store.address == "新华路 88 号"


def test_hq_edit_saves_only_changed_fields_and_is_audited(seeded, db, web):
    store = rep_world(db)["store"]
    version = store.version
    web.login("hq")
    assert hq_edit(web, store, owner_name="王老板").status_code == 303
    db.session.expire_all()
    assert store.owner_name == "王老板" and store.version == version + 1
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "hq.store_edit"))
    assert list(audit.details["changes"]) == ["owner_name"]


def test_hq_edit_with_a_bad_phone_keeps_what_was_typed(seeded, db, web):
    store = rep_world(db)["store"]
    phone = store.phone
    web.login("hq")
    english(web)
    response = hq_edit(web, store, phone="12345", owner_name="王老板")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Enter a mobile number" in page
    assert 'value="王老板"' in page
    db.session.expire_all()
    assert store.phone == phone and store.owner_name != "王老板"


def test_stale_edit_form_shows_the_new_values_instead_of_undoing_them(seeded, db, web):
    store = rep_world(db)["store"]
    web.login("hq")
    english(web)
    stale = {"phone": store.phone, "owner_name": store.owner_name, "address": store.address,
             "opening_hours": store.opening_hours or "", "business_type": store.business_type,
             "delivery_method": store.delivery_method, "version": str(store.version)}
    assert hq_edit(web, store, owner_name="李老板").status_code == 303
    url = f"/hq/stores/{store.id}/edit"
    response = web.post_form(url, {**stale, "address": "另一条路 1 号"}, page=url)
    assert response.status_code == 422
    assert "changed while you were editing" in response.get_data(as_text=True)
    db.session.expire_all()
    assert store.owner_name == "李老板" and store.address != "另一条路 1 号"


def test_hq_edit_meets_a_phone_edit_as_a_conflict(seeded, db, web, client, password):
    store = rep_world(db)["store"]
    device = register(client, "rep1", password)
    offline = store_update(store.id, store.version, {"owner_name": "张三"})
    web.login("hq")
    hq_edit(web, store, owner_name="李四")
    assert push(client, device, [offline]).get_json()["results"][0]["status"] == "conflict"
    conflict = db.session.scalar(select(SyncConflict).where(SyncConflict.store_id == store.id))
    assert {conflict.winning_value, conflict.losing_value} == {"张三", "李四"}


def test_edit_page_is_scoped(seeded, db, web, password):
    store = rep_world(db)["store"]
    other_region_manager(db, password)
    web.login("manager2")
    assert web.client.get(f"/hq/stores/{store.id}/edit").status_code == 404


def test_reps_and_owners_cannot_open_store_pages(seeded, make_web, db):
    store = rep_world(db)["store"]
    for username in ("rep1", "owner1"):
        web = make_web()
        web.login(username)
        for url in ("/hq/store-changes", f"/hq/stores/{store.id}/edit"):
            assert web.client.get(url).status_code == 403


def test_store_forms_without_csrf_change_nothing(seeded, db, web, client, password):
    store, change = reported_address(db, client, password)
    phone = store.phone
    web.login("hq")
    assert web.client.post(f"/hq/store-changes/{change.id}/approve").status_code == 400
    edit = {"phone": "13700000000", "owner_name": store.owner_name, "address": store.address,
            "opening_hours": "", "business_type": store.business_type,
            "delivery_method": store.delivery_method, "version": str(store.version)}
    assert web.client.post(f"/hq/stores/{store.id}/edit", data=edit).status_code == 400
    db.session.expire_all()
    assert change.status == "pending" and store.phone == phone
