"""A phone's counter jumping absurdly far is a device fault HQ sees, never work (issue 9,
§1.1; docs/sync-protocol.md "Record ids, clocks and counters").

Before: one record with `"seq": 2147483647` made the server build every number in
between as a gap (MemoryError: the push answered 500 and the phone's outbox stuck).
"""

import re

from hq_sync_helpers import english, user
from sqlalchemy import select
from sync_helpers import push, record, register

from webapp.models import Device, Store


def owners_store(db) -> Store:
    return db.session.scalar(select(Store).where(Store.owner_id == user(db, "owner1").id)
                             .order_by(Store.id))


def ticket(store: Store, seq: int) -> dict:
    return record("ticket", {"store_id": store.id, "category": "out_of_stock",
                             "description": "断货"}, seq=seq)


def test_a_seq_jump_to_2_31_is_stored_as_a_device_fault_not_as_lost_records(
        seeded, db, client, web, password):
    store = owners_store(db)
    device = register(client, "owner1", password, name="owner phone")  # any device
    response = push(client, device, [ticket(store, 1), ticket(store, 2147483647)])
    assert response.status_code == 200, response.get_data(as_text=True)
    assert [r["status"] for r in response.get_json()["results"]] == ["applied", "applied"]
    db.session.expire_all()
    phone = db.session.get(Device, device["device_id"])
    assert phone.last_seq == 1 and phone.missing_seqs == []
    assert phone.seq_fault["seq"] == 2147483647 and phone.seq_fault["after"] == 1
    assert phone.seq_fault["records"] == 1

    # the phone goes on counting normally: gaps are tracked again, the fault stays visible
    assert push(client, device, [ticket(store, 4)]).status_code == 200
    db.session.expire_all()
    phone = db.session.get(Device, device["device_id"])
    assert phone.last_seq == 4 and phone.missing_seqs == [[2, 3]]

    web.login("hq")
    english(web)
    page = web.client.get("/hq/sync/devices").get_data(as_text=True)
    row = re.search(rf'<tr id="device-{device["device_id"]}".*?</tr>', page, re.S).group(0)
    assert 'data-seq-fault="2147483647"' in row and 'data-missing="2-3"' in row
    assert "Counter fault" in row and "up to 2147483647 after 1" in row
