"""POST /sync/push: one result per record, idempotent, never sunk by a bad record."""

from sqlalchemy import func, select
from sync_helpers import price_data, push, record, register, rep_world, visit_data

from webapp.models import AuditLog, Device, PriceCheck, QuarantinedRecord, SyncReceipt, Visit


def _count(db, model, **where):
    stmt = select(func.count()).select_from(model)
    for key, value in where.items():
        stmt = stmt.where(getattr(model, key) == value)
    return db.session.scalar(stmt)


def test_register_device_and_push_a_visit(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    rec = record("visit", visit_data(world["store"].id), seq=1)
    response = push(client, device, [rec])
    assert response.status_code == 200
    assert response.get_json()["results"] == [
        {"id": rec["id"], "status": "applied", "flags": ["no_location"]}]
    visit = db.session.get(Visit, rec["id"])
    assert visit.store_id == world["store"].id and visit.rep_id == world["rep"].id
    assert visit.device_id == device["device_id"]


def test_replaying_a_push_answers_duplicate_and_changes_nothing(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    records = [record("visit", visit_data(world["store"].id), seq=1),
               record("price_check", price_data(world["store"].id, world["product"].id), seq=2)]
    push(client, device, records)
    before = (_count(db, Visit), _count(db, PriceCheck), _count(db, SyncReceipt),
              _count(db, AuditLog))
    again = push(client, device, records).get_json()["results"]
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["id"] for r in again] == [r["id"] for r in records]
    assert (_count(db, Visit), _count(db, PriceCheck), _count(db, SyncReceipt),
            _count(db, AuditLog)) == before


def test_an_id_reused_for_other_content_is_quarantined_not_dropped(seeded, db, client,
                                                                   password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    first = record("visit", visit_data(world["store"].id))
    other = {**record("price_check", price_data(world["store"].id, world["product"].id)),
             "id": first["id"]}
    results = push(client, device, [first, other]).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected"]
    assert results[1]["error"] == "id already used by a different record"
    kept = db.session.scalars(select(QuarantinedRecord)).one()
    assert kept.payload == other and kept.record_id == first["id"]
    # a later push of the same clash is answered the same way and kept only once
    assert push(client, device, [other]).get_json()["results"][0]["status"] == "rejected"
    assert _count(db, QuarantinedRecord) == 1 and db.session.get(PriceCheck, first["id"]) is None


def test_a_bad_record_never_sinks_the_batch(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    good = record("visit", visit_data(world["store"].id))
    negative = record("price_check", price_data(world["store"].id, world["product"].id,
                                                stock_units=-3))
    foreign = record("visit", visit_data(world["foreign"].id))
    missing_product = record("price_check", price_data(world["store"].id, 999999))
    garbage = {"id": "not-a-uuid", "type": "visit"}
    results = push(client, device, [good, negative, foreign, missing_product, garbage]
                   ).get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected", "rejected",
                                              "rejected"]
    assert [r["id"] for r in results[:4]] == [good["id"], negative["id"], foreign["id"],
                                              missing_product["id"]]
    assert "stock_units" in results[1]["error"]
    assert "not in your territory" in results[2]["error"]
    assert "product 999999" in results[3]["error"]
    assert db.session.get(Visit, good["id"]) is not None
    assert db.session.get(Visit, foreign["id"]) is None
    quarantined = {q.record_id: q for q in db.session.scalars(select(QuarantinedRecord))}
    assert quarantined[negative["id"]].payload == negative  # raw payload kept for HQ
    assert quarantined[foreign["id"]].error == results[2]["error"]
    # replaying rejected records does not fill the quarantine twice
    push(client, device, [negative, foreign])
    assert _count(db, QuarantinedRecord) == 4


def test_malformed_envelopes_get_400_json(seeded, db, client, password):
    device = register(client, "rep1", password)
    headers = {"Authorization": f"Bearer {device['token']}"}
    not_json = client.post("/sync/push", data="{oops", headers=headers,
                           content_type="application/json")
    assert not_json.status_code == 400 and "JSON" in not_json.get_json()["message"]
    not_list = client.post("/sync/push", json={"device_id": device["device_id"],
                                               "schema_version": 1, "records": {}},
                           headers=headers)
    assert not_list.status_code == 400 and "records" in not_list.get_json()["message"]
    no_version = client.post("/sync/push", json={"device_id": device["device_id"],
                                                 "records": []}, headers=headers)
    assert no_version.status_code == 400
    assert "schema_version" in no_version.get_json()["message"]


def test_too_large_batches_get_413(seeded, db, client, password):
    device = register(client, "rep1", password)
    records = [{"id": "x"}] * 5001
    response = push(client, device, records)
    assert response.status_code == 413
    assert "5000" in response.get_json()["message"]


def test_bad_or_revoked_tokens_get_401_json_not_a_redirect(seeded, db, client, password):
    device = register(client, "rep1", password)
    wrong = push(client, {**device, "token": "nope"}, [])
    assert wrong.status_code == 401 and wrong.get_json()["error"] == "unauthorized"
    assert "Location" not in wrong.headers
    from webapp.models import User
    from webapp.services.devices import revoke_device

    hq = db.session.scalar(select(User).where(User.username == "hq"))
    revoke_device(db.session.get(Device, device["device_id"]), hq)
    db.session.commit()
    revoked = push(client, device, [])
    assert revoked.status_code == 401 and revoked.is_json


def test_registering_with_a_wrong_password_is_refused(seeded, client):
    response = client.post("/api/devices", json={"username": "rep1", "password": "x",
                                                 "device_name": "p"})
    assert response.status_code == 401 and response.is_json


def test_seq_gaps_reveal_records_lost_on_the_phone(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    records = [record("visit", visit_data(world["store"].id), seq=n) for n in (1, 2, 5)]
    push(client, device, records, pending=10)  # the outbox, these 3 included
    db.session.expire_all()
    stored = db.session.get(Device, device["device_id"])
    assert stored.last_seq == 5 and stored.missing_seqs == [[3, 4]]
    assert stored.pending_reported == 7 and stored.last_sync_at is not None
    push(client, device, [record("visit", visit_data(world["store"].id), seq=4)])
    db.session.expire_all()
    assert db.session.get(Device, device["device_id"]).missing_seqs == [[3, 3]]


def test_every_applied_record_is_audited_with_both_clocks(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    rec = record("visit", visit_data(world["store"].id))
    push(client, device, [rec])
    entry = db.session.scalar(select(AuditLog).where(AuditLog.entity_id == rec["id"]))
    assert entry.user_id == world["rep"].id and entry.device_id == device["device_id"]
    assert entry.client_hlc == rec["hlc"] and entry.server_hlc.endswith(":server")


def test_a_phone_clock_hours_ahead_is_clamped_and_recorded(seeded, db, client, password):
    from sync_helpers import hlc

    world = rep_world(db)
    device = register(client, "rep1", password)
    three_hours = 3 * 3600 * 1000
    rec = record("price_check", price_data(world["store"].id, world["product"].id,
                                           observed_at="2099-01-01T10:00:00+08:00"),
                 hlc=hlc(offset_ms=three_hours))
    result = push(client, device, [rec]).get_json()["results"][0]
    assert result["status"] == "applied" and "clock_skew" in result["flags"]
    db.session.expire_all()
    check = db.session.get(PriceCheck, rec["id"])
    assert check.observed_at.year == check.created_at.year  # not stored in the future
    assert db.session.get(Device, device["device_id"]).clock_skew_ms > three_hours - 60_000
    receipt = db.session.get(SyncReceipt, rec["id"])
    assert int(receipt.server_hlc.split(":")[0]) < int(rec["hlc"].split(":")[0])


def test_pwa_session_push_needs_the_csrf_header(seeded, db, web, password):
    world = rep_world(db)
    web.login("rep1")
    token = web.csrf_from("/rep/today")
    created = web.client.post("/api/devices", json={"device_name": "pwa"},
                              headers={"X-CSRFToken": token})
    assert created.status_code == 201
    device_id = created.get_json()["device_id"]
    body = {"device_id": device_id, "schema_version": 1,
            "records": [record("visit", visit_data(world["store"].id))]}
    assert web.client.post("/sync/push", json=body).status_code == 403
    ok = web.client.post("/sync/push", json=body, headers={"X-CSRFToken": token})
    assert ok.status_code == 200 and ok.get_json()["results"][0]["status"] == "applied"


def test_coordinates_reused_exactly_are_flagged_a_shared_latitude_is_not(seeded, db, client,
                                                                        password):
    world = rep_world(db)
    store = world["store"]
    device = register(client, "rep1", password)
    at = {"lat": store.lat + 0.0001, "lng": store.lng + 0.0001, "accuracy_m": 10}
    first = record("visit", visit_data(store.id, **at), seq=1)
    assert push(client, device, [first]).get_json()["results"][0]["status"] == "applied"
    same = record("visit", visit_data(store.id, **at), seq=2)
    same_lat = record("visit", visit_data(store.id, **{**at, "lng": store.lng + 0.0002}), seq=3)
    results = push(client, device, [same, same_lat]).get_json()["results"]
    assert "repeated_coordinates" in results[0]["flags"]
    assert "repeated_coordinates" not in results[1].get("flags", [])
    assert "repeated_coordinates" in db.session.get(Visit, same["id"]).flags
