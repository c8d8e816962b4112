"""A connection cut after the server committed but before the phone got the answer."""

import json
import socket
import time
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sync_helpers import push, record, register, rep_world, visit_data

from webapp.models import SyncReceipt, Visit


def _send_and_hang_up(base_url: str, path: str, body: dict, token: str, until) -> None:
    """Send a POST over a raw socket, wait until `until()` is true, close without reading."""
    parts = urlsplit(base_url)
    payload = json.dumps(body).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Content-Type: application/json\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(head + payload)
        deadline = time.time() + 10
        while not until() and time.time() < deadline:
            time.sleep(0.05)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    # leaving the block closes (resets) the connection: the phone never saw the answer


def test_retry_after_a_cut_stores_each_record_exactly_once(seeded, db, client, password,
                                                           live_server):
    world = rep_world(db)
    device = register(client, "rep1", password)
    records = [record("visit", visit_data(world["store"].id), seq=n) for n in (1, 2, 3)]
    body = {"device_id": device["device_id"], "schema_version": 1, "records": records}
    ids = [r["id"] for r in records]

    def committed() -> bool:
        db.session.rollback()
        return db.session.scalar(select(func.count()).select_from(SyncReceipt).where(
            SyncReceipt.record_id.in_(ids))) == 3

    _send_and_hang_up(live_server, "/sync/push", body, device["token"], committed)
    assert committed(), "the server should have committed before the cut"
    # the phone did not get an answer, so it sends the same batch again
    results = push(client, device, records).get_json()["results"]
    assert [r["status"] for r in results] == ["duplicate"] * 3
    db.session.rollback()
    for record_id in ids:
        assert db.session.scalar(select(func.count()).select_from(Visit)
                                 .where(Visit.id == record_id)) == 1
