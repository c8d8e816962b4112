"""HQ devices and per-rep freshness: last sync, the pending count a phone reports, its
clock skew, the records its counter shows as lost (seq gaps), and revoking a lost phone
(issue: devices; docs/sync-protocol.md "Record ids, clocks and counters")."""

import re

from hq_sync_helpers import english, other_region_manager, user
from sqlalchemy import select
from sync_helpers import hlc, price_data, push, record, register, rep_world

from webapp.models import AuditLog, Device


def synced_phone(db, client, password, username="rep1"):
    """A phone that pushed seq 1 and 4 (2 and 3 lost), 7 records still queued after them."""
    world = rep_world(db, username)
    device = register(client, username, password, name=f"{username} phone")
    records = [record("price_check", price_data(world["store"].id, world["product"].id),
                      seq=seq) for seq in (1, 4)]
    records[1]["hlc"] = hlc(offset_ms=20 * 60 * 1000)  # the phone's clock runs 20 min ahead
    response = push(client, device, records, pending=9)  # its outbox, this batch included
    assert [r["status"] for r in response.get_json()["results"]] == ["applied", "applied"]
    return device


def device_row(html: str, device_id: str) -> str:
    return re.search(rf'<tr id="device-{device_id}".*?</tr>', html, re.S).group(0)


def test_devices_page_shows_sync_pending_gaps_and_skew(seeded, db, web, client, password):
    device = synced_phone(db, client, password)
    web.login("hq")
    english(web)
    row = device_row(web.client.get("/hq/sync/devices").get_data(as_text=True),
                     device["device_id"])
    assert 'data-pending="7"' in row and 'data-missing="2-3"' in row
    assert "numbers 2–3" in row and "rep1 phone" in row and "ahead" in row
    assert 'data-revoked="no"' in row


def test_revoked_phone_gets_401_json_and_the_revoke_is_audited(seeded, db, web, client,
                                                                  password):
    device = synced_phone(db, client, password)
    web.login("hq")
    response = web.post_form(f"/hq/sync/devices/{device['device_id']}/revoke", {},
                             page="/hq/sync/devices")
    assert response.status_code == 303
    refused = push(client, device, [])
    assert refused.status_code == 401 and refused.is_json
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    pull = client.get("/sync/pull?cursor=", headers={"Authorization":
                                                     f"Bearer {device['token']}"})
    assert pull.status_code == 401 and pull.get_json()["error"]
    phone = db.session.get(Device, device["device_id"])
    db.session.refresh(phone)
    assert phone.revoked_by_id == user(db, "hq").id
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "hq.device_revoked"))
    assert audit.entity_id == device["device_id"] and audit.user_id == user(db, "hq").id


def test_htmx_revoke_answers_with_the_row_only(seeded, db, web, client, password):
    device = synced_phone(db, client, password)
    web.login("hq")
    token = web.csrf_from("/hq/sync/devices")
    response = web.client.post(f"/hq/sync/devices/{device['device_id']}/revoke",
                               data={"csrf_token": token}, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith("<tr")
    assert 'data-revoked="yes"' in body and "<html" not in body


def test_revoke_without_csrf_is_refused(seeded, db, web, client, password):
    device = synced_phone(db, client, password)
    web.login("hq")
    response = web.client.post(f"/hq/sync/devices/{device['device_id']}/revoke")
    assert response.status_code == 400
    assert push(client, device, []).status_code == 200


def test_manager_sees_and_revokes_only_phones_of_the_region(seeded, db, web, make_web, client,
                                                            password):
    device = synced_phone(db, client, password)
    manager = make_web()
    manager.login("manager1")
    assert device["device_id"] in manager.client.get("/hq/sync/devices").get_data(as_text=True)
    other_region_manager(db, password)
    web.login("manager2")
    assert device["device_id"] not in web.client.get("/hq/sync/devices").get_data(as_text=True)
    token = web.csrf_from("/hq/sync/devices")
    response = web.client.post(f"/hq/sync/devices/{device['device_id']}/revoke",
                               data={"csrf_token": token})
    assert response.status_code == 404
    assert push(client, device, []).status_code == 200


def test_freshness_lists_each_rep_with_their_phones(seeded, db, web, client, password):
    synced_phone(db, client, password)
    web.login("hq")
    english(web)
    html = web.client.get("/hq/sync/freshness").get_data(as_text=True)
    reps = re.findall(r'<tr data-rep="([^"]+)"', html)
    assert sorted(reps) == ["rep1", "rep2", "rep3"]
    row = re.search(r'<tr data-rep="rep1".*?</tr>', html, re.S).group(0)
    assert "rep1 phone" in row and ">7<" in row.replace(" ", "")
    assert "from number 2" in row
    assert "No phone" in re.search(r'<tr data-rep="rep2".*?</tr>', html, re.S).group(0)


def test_manager_of_another_region_sees_no_reps(seeded, db, web, password):
    other_region_manager(db, password)
    web.login("manager2")
    english(web)
    html = web.client.get("/hq/sync/freshness").get_data(as_text=True)
    assert "data-rep=" not in html and "No reps in your scope" in html


def test_reps_and_owners_cannot_open_device_pages(seeded, make_web):
    for username in ("rep1", "owner1"):
        web = make_web()
        web.login(username)
        for url in ("/hq/sync/devices", "/hq/sync/freshness"):
            assert web.client.get(url).status_code == 403


def test_a_phone_that_only_pulled_has_synced(seeded, db, web, client, password):
    """QA: a phone that pulled but had nothing to push showed "Never" on the devices page
    and "a phone never synced" on freshness; a successful pull is a sync too."""
    device = register(client, "rep1", password, name="rep1 puller")
    web.login("hq")
    english(web)
    row = device_row(web.client.get("/hq/sync/devices").get_data(as_text=True),
                     device["device_id"])
    assert "Never" in row  # registered, not yet synced
    pulled = client.get(f"/sync/pull?cursor=&device_id={device['device_id']}",
                        headers={"Authorization": f"Bearer {device['token']}"})
    assert pulled.status_code == 200 and pulled.get_json()["changes"]
    row = device_row(web.client.get("/hq/sync/devices").get_data(as_text=True),
                     device["device_id"])
    assert "Never" not in row and "ago" in row
    freshness = web.client.get("/hq/sync/freshness").get_data(as_text=True)
    rep = re.search(r'<tr data-rep="rep1".*?</tr>', freshness, re.S).group(0)
    assert "never synced" not in rep and "Never" not in rep
    assert db.session.get(Device, device["device_id"]).last_sync_at is not None
