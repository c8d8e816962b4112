"""Hostile input never breaks a page or a batch (issue 9, item 4; docs/sync-protocol.md
"Limits"): numbers and strings are bounded at parse time, undecodable text is rejected
per record, decode and depth errors answer 400 JSON, and the quarantine page renders
whatever it holds."""

import json

from sqlalchemy import select
from sync_helpers import price_data, push, record, register, rep_world, visit_data

from webapp.models import PriceCheck, QuarantinedRecord, Visit


def _bearer(device: dict) -> dict:
    return {"Authorization": f"Bearer {device['token']}"}


def _raw_push(client, device: dict, text: str):
    return client.post("/sync/push", data=text, content_type="application/json",
                       headers=_bearer(device))


def test_a_lone_surrogate_id_rejects_that_record_and_applies_the_others(
        seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    good = record("visit", visit_data(world["store"].id))
    bad = record("price_check", price_data(world["store"].id, world["product"].id))
    bad["id"] = "\ud800"
    also_good = record("price_check", price_data(world["store"].id, world["product"].id))
    response = push(client, device, [good, bad, also_good])
    assert response.status_code == 200, response.get_data(as_text=True)
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert db.session.get(Visit, good["id"]) and db.session.get(PriceCheck, also_good["id"])
    kept = db.session.scalars(select(QuarantinedRecord)).all()
    assert len(kept) == 1 and kept[0].record_id is None


def test_a_lone_surrogate_in_data_rejects_that_record_only(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    bad = record("visit", visit_data(world["store"].id, notes="ok\ud800"))
    bad["hlc"] = bad["hlc"].rsplit(":", 1)[0] + ":\udfff"
    good = record("visit", visit_data(world["store"].id))
    response = push(client, device, [bad, good])
    assert response.status_code == 200, response.get_data(as_text=True)
    assert [r["status"] for r in response.get_json()["results"]] == ["rejected", "applied"]


def test_a_huge_pending_count_is_no_server_error(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    for pending in (2**63, -(2**63) - 1, 10**30):
        good = record("visit", visit_data(world["store"].id))
        response = push(client, device, [good], pending=pending)
        assert response.status_code in (200, 400), response.get_data(as_text=True)
        assert response.is_json and response.status_code != 500


def test_deep_json_answers_400_json_on_push_and_device_registration(
        seeded, db, client, password):
    device = register(client, "rep1", password)
    deep = "[" * 100_000 + "]" * 100_000
    response = _raw_push(client, device, deep)
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
    nested = '{"device_id": "x", "schema_version": 1, "records": [' + deep + "]}"
    response = _raw_push(client, device, nested)
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"
    response = client.post("/api/devices", data=deep, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"


def test_a_lone_surrogate_in_device_registration_answers_400_json(seeded, client, password):
    for body in ({"username": "rep1\ud800", "password": password, "device_name": "p"},
                 {"username": "rep1", "password": password + "\udc00", "device_name": "p"},
                 {"username": "rep1", "password": password, "device_name": "phone\ud800"}):
        response = client.post("/api/devices", data=json.dumps(body),
                               content_type="application/json")
        assert response.status_code == 400, (body, response.get_data(as_text=True))
        assert response.get_json()["error"] == "bad_request"


def test_undecodable_bytes_answer_400_json(seeded, client, password):
    device = register(client, "rep1", password)
    response = _raw_push(client, device, "")
    assert response.status_code == 400
    response = client.post("/sync/push", data=b'{"a": "\xff\xfe"}',
                           content_type="application/json", headers=_bearer(device))
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"


def _odd_records(world) -> list:
    """Records HQ will find in quarantine: each breaks a bound in its own way."""
    store, product = world["store"].id, world["product"].id
    huge_store = record("ticket", {"store_id": 18446744073709551616, "category": "price",
                                   "description": "太贵"})
    surrogate_text = record("visit", visit_data(store, notes="坏\ud800字"))
    long_text = record("visit", visit_data(store, notes="长" * 100_000))
    surrogate_id = record("price_check", price_data(store, product, shelf_price="1,00"))
    surrogate_id["id"] = "\udfff-not-an-id\x00"
    surrogate_id["type"] = "visit\x00\ud800"
    odd_key = record("ticket", {"store_id": store, "category": "price", "description": "x",
                                "facts": {"\ud800": True, "big": 10**300}})
    in_region = record("price_check", price_data(store, product, shelf_price="23,50"))
    return [huge_store, surrogate_text, long_text, surrogate_id, odd_key, in_region,
            -(2**70), "\ud83d", [[[["deep enough"]]]], None]


def test_the_quarantine_page_renders_whatever_it_holds(seeded, db, web, make_web, client,
                                                      password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    odd = _odd_records(world)
    response = push(client, device, odd)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert {r["status"] for r in response.get_json()["results"]} == {"rejected"}
    items = db.session.scalars(select(QuarantinedRecord).order_by(QuarantinedRecord.id)).all()
    assert len(items) == len(odd)
    web.login("hq")
    listing = web.client.get("/hq/sync/quarantine")
    assert listing.status_code == 200
    for item in items:
        assert f'data-item-id="{item.id}"' in listing.get_data(as_text=True)
        page = web.client.get(f"/hq/sync/quarantine/{item.id}")
        assert page.status_code == 200, item.payload
    huge = web.client.get(f"/hq/sync/quarantine/{items[0].id}").get_data(as_text=True)
    assert "18446744073709551616" in huge
    assert "\\ud800" in web.client.get(f"/hq/sync/quarantine/{items[1].id}").get_data(
        as_text=True)  # shown as its JSON escape, so the text still parses to what was sent
    manager = make_web()
    manager.login("manager1")
    listing = manager.client.get("/hq/sync/quarantine")
    assert listing.status_code == 200
    shown = listing.get_data(as_text=True)
    # the manager sees the records naming a store of the region, and nothing without one
    in_scope = {items[i].id for i in (1, 2, 3, 4, 5)}
    for item in items:
        assert (f'data-item-id="{item.id}"' in shown) == (item.id in in_scope), item.payload
        expected = 200 if item.id in in_scope else 404
        assert manager.client.get(f"/hq/sync/quarantine/{item.id}").status_code == expected


def test_a_fixed_huge_id_is_refused_again_without_a_server_error(seeded, db, web, client,
                                                               password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    push(client, device, _odd_records(world)[:1])
    item = db.session.scalar(select(QuarantinedRecord))
    web.login("hq")
    url = f"/hq/sync/quarantine/{item.id}"
    deep = "[" * 20_000 + "]" * 20_000  # a form is smaller than a push; still too deep
    odd_text = {**item.payload, "data": {**item.payload["data"], "store_id": 1,
                                         "description": "\ud800", "facts": {"\udc00": True}}}
    for text in (deep, json.dumps(item.payload).replace("1844", "-1844"), "NaN",
                 json.dumps(odd_text)):
        response = web.post_form(f"{url}/reapply", {"payload": text}, page=url)
        assert response.status_code in (200, 400, 422), response.status_code
        assert "Traceback" not in response.get_data(as_text=True)
