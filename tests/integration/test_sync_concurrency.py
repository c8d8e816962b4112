"""Pushes at the same moment, over real HTTP (issue 9, §1.2 and §1.3; docs/sync-protocol.md,
"Push" and "Concurrency and busy").

A phone whose slow batch passed its timeout sends it again while the first is still
being applied: the records were stored once, so the second answer is `duplicate`,
never `rejected`, and nothing goes to quarantine. Twenty phones pushing at once to
gunicorn -w 2 --threads 4 get no error; a 503 (with Retry-After) is allowed only if
the phone's retry then succeeds. Runs on SQLite, and on PostgreSQL with
TEST_DATABASE_URL.
"""

import http.client
import json
import random
import threading
from urllib.parse import urlsplit

from fleet_helpers import rep_records, seed_reps
from sqlalchemy import func, select
from sync_helpers import price_data, record, register, rep_world, visit_data
from werkzeug.security import generate_password_hash

from bench.phone_fleet import register_phones, run_fleet
from webapp.models import QuarantinedRecord, SyncReceipt


def _post(base_url: str, token: str, body: bytes, start: threading.Barrier, answers: list):
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    start.wait()
    conn.request("POST", "/sync/push", body, {"Content-Type": "application/json",
                                              "Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    answers.append((response.status, json.loads(response.read())))
    conn.close()


def test_a_retry_overlapping_its_original_answers_duplicate_and_quarantines_nothing(
        seeded, db, client, password, live_server):
    world = rep_world(db)
    store, product = world["store"].id, world["product"].id
    for pair in range(4):
        device = register(client, "rep1", password, name=f"phone {pair}")
        records = [record("visit", visit_data(store), seq=n) if n % 2 else
                   record("price_check", price_data(store, product), seq=n)
                   for n in range(1, 61)]
        body = json.dumps({"device_id": device["device_id"], "schema_version": 1,
                           "records": records}).encode()
        start, answers = threading.Barrier(2), []
        threads = [threading.Thread(target=_post, args=(live_server, device["token"], body,
                                                        start, answers)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [status for status, _ in answers] == [200, 200]
        for index, rec in enumerate(records):
            told = sorted(answer["results"][index]["status"] for _, answer in answers)
            assert told == ["applied", "duplicate"], (pair, rec["type"], told)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(QuarantinedRecord)) == 0
    assert db.session.scalar(select(func.count()).select_from(SyncReceipt)) == 4 * 60


def test_twenty_phones_at_once_on_gunicorn_get_no_error_and_store_every_record_once(
        app, db, password, tmp_path):
    # a cheap hash: twenty sign-ins need not cost twenty slow hashes
    usernames = seed_reps(db, generate_password_hash(password, "pbkdf2:sha256:1000"))
    rng = random.Random(9)
    devices = register_phones(app, usernames, password)
    pushes = [(device, rep_records(db, name, 100, rng))
              for device, name in zip(devices, usernames, strict=True)]
    fleet, stored, total = run_fleet(app, app.config["SQLALCHEMY_DATABASE_URI"], tmp_path,
                                     pushes, batch=50)
    # the figure: 20 phones, 2,000 records (+ 20 overlapping retries of 50), 0 errors
    assert total == 2000 and len(pushes) == 20
    assert fleet.errors == [] and fleet.unanswered == 0, fleet.errors[:5]
    assert set(fleet.http_codes) <= {200, 503}, fleet.http_codes
    assert fleet.statuses["rejected"] == 0
    assert fleet.statuses["applied"] + fleet.statuses["conflict"] == total
    assert fleet.statuses["duplicate"] == 20 * 50
    assert stored == {"missing": 0, "doubled": 0, "quarantined": 0}

