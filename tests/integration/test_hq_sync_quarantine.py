"""HQ quarantine: a refused record is fixed and re-applied through the same `apply_batch`
as a phone upload, as its original sender and device, or discarded with a reason
(issue: quarantine; docs/sync-protocol.md "Rejected records")."""

import json

import pytest
from hq_sync_helpers import english, other_region_manager, user
from markupsafe import escape
from sqlalchemy import func, select
from sync_helpers import price_data, push, record, register, rep_world

from webapp.models import AuditLog, Device, PriceCheck, QuarantinedRecord, SyncReceipt


def refused_price_check(db, client, password, seq=3):
    """rep1's phone pushes a price check with an unreadable price: it is quarantined."""
    world = rep_world(db)
    device = register(client, "rep1", password)
    bad = record("price_check", price_data(world["store"].id, world["product"].id,
                                           shelf_price="23,50"), seq=seq)
    result = push(client, device, [bad]).get_json()["results"][0]
    assert result["status"] == "rejected", result
    item = db.session.scalar(select(QuarantinedRecord).where(
        QuarantinedRecord.record_id == bad["id"]))
    return world, device, bad, item


def fixed_text(bad: dict, **data) -> str:
    fixed = json.loads(json.dumps(bad))
    fixed["data"].update(data)
    return json.dumps(fixed)


def test_quarantined_record_is_listed_and_shown_as_received(seeded, db, web, client, password):
    world, _, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    listing = web.client.get("/hq/sync/quarantine").get_data(as_text=True)
    assert f'data-item-id="{item.id}"' in listing and world["store"].name in listing
    page = web.client.get(f"/hq/sync/quarantine/{item.id}").get_data(as_text=True)
    assert "23,50" in page and bad["id"] in page and 'name="csrf_token"' in page


def test_fixed_record_goes_through_apply_batch_as_its_sender(seeded, db, web, client, password):
    world, device, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    url = f"/hq/sync/quarantine/{item.id}"
    response = web.post_form(f"{url}/reapply", {"payload": fixed_text(bad, shelf_price="23.50")},
                             page=url)
    assert response.status_code == 303
    db.session.expire_all()
    check = db.session.get(PriceCheck, bad["id"])
    assert check.shelf_price_fen == 2350 and check.device_id == device["device_id"]
    assert check.rep_id == user(db, "rep1").id
    receipt = db.session.get(SyncReceipt, bad["id"])
    assert receipt.user_id == user(db, "rep1").id and receipt.device_id == device["device_id"]
    assert item.status == "reapplied" and item.resolved_by_id == user(db, "hq").id
    assert item.payload["data"]["shelf_price"] == "23,50"  # as received, never changed
    audit = db.session.scalar(select(AuditLog).where(
        AuditLog.action == "hq.quarantine_reapplied"))
    assert audit.user_id == user(db, "hq").id and audit.device_id == device["device_id"]
    applied = db.session.scalar(select(AuditLog).where(AuditLog.action == "sync.applied",
                                                       AuditLog.entity_id == bad["id"]))
    assert applied.user_id == user(db, "rep1").id  # the original context is recorded


def test_reapply_fills_the_seq_gap_of_the_refused_record(seeded, db, web, client, password):
    _, device, bad, item = refused_price_check(db, client, password, seq=1)
    phone = db.session.get(Device, device["device_id"])
    synced = phone.last_sync_at
    web.login("hq")
    url = f"/hq/sync/quarantine/{item.id}"
    web.post_form(f"{url}/reapply", {"payload": fixed_text(bad, shelf_price="9.90")}, page=url)
    db.session.expire_all()
    assert phone.last_seq == 1 and not phone.missing_seqs
    assert phone.last_sync_at == synced  # HQ's re-apply is not the phone syncing


def test_bad_json_keeps_the_text_and_says_where(seeded, db, web, client, password):
    _, _, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    english(web)
    url = f"/hq/sync/quarantine/{item.id}"
    broken = fixed_text(bad, shelf_price="23.50")[:-1]
    response = web.post_form(f"{url}/reapply", {"payload": broken}, page=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "not valid JSON" in page
    assert str(escape(broken)) in page  # what HQ typed stays in the form
    db.session.expire_all()
    assert item.status == "open" and db.session.get(PriceCheck, bad["id"]) is None


def test_still_refused_stays_open_with_one_row(seeded, db, web, client, password):
    _, _, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    english(web)
    url = f"/hq/sync/quarantine/{item.id}"
    still_bad = fixed_text(bad, shelf_price="2.00", stock_units=-1)
    response = web.post_form(f"{url}/reapply", {"payload": still_bad}, page=url)
    assert response.status_code == 422 and "Still refused" in response.get_data(as_text=True)
    db.session.expire_all()
    assert item.status == "open" and "stock_units" in item.error
    count = db.session.scalar(select(func.count()).select_from(QuarantinedRecord).where(
        QuarantinedRecord.record_id == bad["id"]))
    assert count == 1
    assert db.session.scalar(select(AuditLog).where(
        AuditLog.action == "hq.quarantine_retry_failed"))


def test_changing_the_record_id_is_refused(seeded, db, web, client, password):
    _, _, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    english(web)
    url = f"/hq/sync/quarantine/{item.id}"
    fixed = json.loads(fixed_text(bad, shelf_price="1.00"))
    fixed["id"] = "0b6f5d1e-6c2e-4c1a-9a55-3f1f4f6d2a10"
    response = web.post_form(f"{url}/reapply", {"payload": json.dumps(fixed)}, page=url)
    assert response.status_code == 422 and "Do not change the record" in response.get_data(
        as_text=True)


def test_discard_needs_a_reason_and_keeps_it(seeded, db, web, client, password):
    _, _, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    english(web)
    url = f"/hq/sync/quarantine/{item.id}"
    empty = web.post_form(f"{url}/discard", {"reason": "  "}, page=url)
    assert empty.status_code == 422 and "Give a reason" in empty.get_data(as_text=True)
    db.session.expire_all()
    assert item.status == "open"
    done = web.post_form(f"{url}/discard", {"reason": "test record from training"}, page=url)
    assert done.status_code == 303
    db.session.expire_all()
    assert item.status == "discarded" and item.resolution_note == "test record from training"
    audit = db.session.scalar(select(AuditLog).where(
        AuditLog.action == "hq.quarantine_discarded"))
    assert audit.details["reason"] == "test record from training"
    again = web.post_form(f"{url}/reapply", {"payload": fixed_text(bad, shelf_price="1.00")},
                          page="/hq/sync/quarantine?status=all")
    assert again.status_code == 422 and "already dealt with" in again.get_data(as_text=True)


def test_forms_without_csrf_are_refused(seeded, db, web, client, password):
    _, _, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    response = web.client.post(f"/hq/sync/quarantine/{item.id}/discard", data={"reason": "x"})
    assert response.status_code == 400
    db.session.expire_all()
    assert item.status == "open"


def test_manager_sees_only_records_of_the_region(seeded, db, web, make_web, client, password):
    _, _, _, item = refused_price_check(db, client, password)
    manager = make_web()
    manager.login("manager1")
    assert f'data-item-id="{item.id}"' in manager.client.get(
        "/hq/sync/quarantine").get_data(as_text=True)
    assert manager.client.get(f"/hq/sync/quarantine/{item.id}").status_code == 200
    other_region_manager(db, password)
    web.login("manager2")
    assert f'data-item-id="{item.id}"' not in web.client.get(
        "/hq/sync/quarantine").get_data(as_text=True)
    assert web.client.get(f"/hq/sync/quarantine/{item.id}").status_code == 404


def test_reps_and_owners_cannot_open_the_quarantine(seeded, make_web):
    for username in ("rep1", "owner1"):
        web = make_web()
        web.login(username)
        assert web.client.get("/hq/sync/quarantine").status_code == 403


def test_a_record_whose_id_was_taken_may_get_a_new_id(seeded, db, web, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    first = record("price_check", price_data(world["store"].id, world["product"].id), seq=1)
    clash = {**record("price_check", price_data(world["store"].id, world["product"].id,
                                                shelf_price="30.00"), seq=2), "id": first["id"]}
    results = push(client, device, [first, clash]).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected"]
    item = db.session.scalar(select(QuarantinedRecord).where(
        QuarantinedRecord.record_id == first["id"]))
    fixed = {**clash, "id": "0b6f5d1e-6c2e-4c1a-9a55-3f1f4f6d2a10"}
    web.login("hq")
    url = f"/hq/sync/quarantine/{item.id}"
    assert web.post_form(f"{url}/reapply", {"payload": json.dumps(fixed)},
                         page=url).status_code == 303
    db.session.expire_all()
    assert db.session.get(PriceCheck, fixed["id"]).shelf_price_fen == 3000
    assert db.session.get(PriceCheck, first["id"]).shelf_price_fen == 2350
    assert item.status == "reapplied" and item.record_id == fixed["id"]


WORDS = {  # language -> (re-applied, where the JSON breaks)
    "zh": ("记录已写入。", "这不是有效的 JSON:第 1 行第 2 列,应为双引号括起的名称。"),
    "en": ("The record was applied.", "This is not valid JSON at line 1, column 2: a name "
                                      "in double quotes was expected."),
}


@pytest.mark.parametrize("language", sorted(WORDS))
def test_reapply_and_bad_json_speak_the_readers_language(seeded, db, web, client, password,
                                                         language):
    """No push status ("applied") in a sentence, no Python JSON English on a page."""
    _, _, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    web.post_form("/language", {"locale": language, "next": "/hq/"}, page="/hq/")
    applied, where = WORDS[language]
    url = f"/hq/sync/quarantine/{item.id}"
    broken = web.post_form(f"{url}/reapply", {"payload": "{a: 1}"}, page=url)
    text = broken.get_data(as_text=True)
    assert broken.status_code == 422 and where in text
    assert "Expecting" not in text
    response = web.post_form(f"{url}/reapply", {"payload": fixed_text(bad, shelf_price="23.50")},
                             page=url)
    assert response.status_code == 303
    listing = web.client.get(response.headers["Location"]).get_data(as_text=True)
    assert applied in listing and "(applied)" not in listing


@pytest.mark.parametrize(("language", "words"), [("zh", "仍被拒收:数值超出范围"),
                                                 ("en", "Still refused: ")])
def test_still_refused_says_why_in_words_with_the_detail_apart(seeded, db, web, client,
                                                               password, language, words):
    _, _, bad, item = refused_price_check(db, client, password)
    web.login("hq")
    web.post_form("/language", {"locale": language, "next": "/hq/"}, page="/hq/")
    url = f"/hq/sync/quarantine/{item.id}"
    response = web.post_form(f"{url}/reapply", {
        "payload": fixed_text(bad, shelf_price="2.00", stock_units=-1)}, page=url)
    text = response.get_data(as_text=True)
    banner = text.split('id="form-error">', 1)[1].split("<", 1)[0]
    assert response.status_code == 422 and banner.startswith(words)
    assert "stock_units" not in banner  # the parser's English: the support detail only
    assert "stock_units" in text.split('id="record-error">', 1)[1]
