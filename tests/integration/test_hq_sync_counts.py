"""What HQ sees of phones (issue 9 item 16): the count still waiting on a phone, a
quarantined record's number, and which of a rep's phones wrote a conflicting value
(docs/sync-protocol.md "Push")."""

import re

from hq_sync_helpers import store_update, user
from sqlalchemy import select
from sync_helpers import price_data, push, record, register, rep_world, visit_data

from webapp.models import Device, SyncConflict


def device_row(html: str, device_id: str) -> str:
    return re.search(rf'<tr id="device-{device_id}".*?</tr>', html, re.S).group(0)


def test_waiting_on_the_phone_falls_to_zero_once_everything_arrived(seeded, db, web, client,
                                                                     password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    store_id, product_id = world["store"].id, world["product"].id
    first = [record("visit", visit_data(store_id), seq=1),
             record("price_check", price_data(store_id, product_id), seq=2)]
    last = [record("price_check", price_data(store_id, product_id), seq=3)]
    push(client, device, first, pending=3)  # the phone's outbox: these 2 and one more
    db.session.expire_all()
    assert db.session.get(Device, device["device_id"]).pending_reported == 1
    push(client, device, last, pending=1)  # the last one: nothing is left after it
    db.session.expire_all()
    assert db.session.get(Device, device["device_id"]).pending_reported == 0
    web.login("hq")
    row = device_row(web.client.get("/hq/sync/devices").get_data(as_text=True),
                     device["device_id"])
    assert 'data-pending="0"' in row
    freshness = web.client.get("/hq/sync/freshness").get_data(as_text=True)
    line = re.search(r'<tr data-rep="rep1">.*?</tr>', freshness, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', line)[0] == "0"


def test_a_quarantined_records_number_is_received_not_lost(seeded, db, web, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    store_id = world["store"].id
    broken = record("restock_request", {"store_id": store_id, "reason": "wedding",
                                        "wanted_by": "2030-01-01",
                                        "lines": [{"quantity": 5}]}, seq=2)
    results = push(client, device, [record("visit", visit_data(store_id), seq=1), broken,
                                    record("visit", visit_data(store_id), seq=3)]).get_json()
    assert [r["status"] for r in results["results"]] == ["applied", "rejected", "applied"]
    db.session.expire_all()
    phone = db.session.get(Device, device["device_id"])
    assert phone.last_seq == 3 and phone.missing_seqs == []
    web.login("hq")
    row = device_row(web.client.get("/hq/sync/devices").get_data(as_text=True),
                     device["device_id"])
    assert 'data-missing=""' in row


def test_a_conflict_row_tells_two_phones_of_one_rep_apart(seeded, db, web, make_web,
                                                          password):
    store = rep_world(db)["store"]
    base = store.version
    same_name = "rep1 · Android Chrome"  # what the PWA names both of them
    phones = [(make_web().client, None), (make_web().client, None)]
    phones = [(c, register(c, "rep1", password, name=same_name)) for c, _ in phones]
    for (client, device), (value, offset) in zip(phones, (("13900001111", -120_000),
                                                          ("13700003333", -60_000)), strict=True):
        result = push(client, device, [store_update(store.id, base, {"phone": value},
                                                    offset_ms=offset)]).get_json()
        assert result["results"][0]["status"] in ("applied", "conflict"), result
    db.session.expire_all()
    conflict = db.session.scalar(select(SyncConflict).where(SyncConflict.store_id == store.id))
    assert conflict is not None
    web.login("hq")
    html = web.client.get("/hq/sync/conflicts").get_data(as_text=True)
    row = re.search(rf'<tr id="conflict-{conflict.id}".*?</tr>', html, re.S).group(0)
    devices = {d["device_id"]: d for _, d in phones}
    tags = {i: i.replace("-", "")[:6] for i in devices}
    assert all(f"{same_name} #{tag}" in row for tag in tags.values()), row
    devices_page = web.client.get("/hq/sync/devices").get_data(as_text=True)
    for device_id, tag in tags.items():
        assert f"#{tag}" in device_row(devices_page, device_id)
    assert user(db, "rep1").display_name in row
