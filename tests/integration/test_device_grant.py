"""Registering the phone right after a password sign-in (issue 9, QA regression: "uploads
stop right after a normal sign-in"; docs/sync-protocol.md, "Registering a device").

The page and a second tab (or a retry after a lost answer) register at the same
moment: both get the SAME device and token, never a 401; a phone that still holds a
valid token for the user gets that device back instead of a new one.
"""

import http.client
import json
import threading
from urllib.parse import urlsplit

from hq_sync_helpers import user
from sqlalchemy import func, select
from test_sessions import register_from_page, sign_in

from webapp.models import Device


def _register(base_url: str, cookie: str, token: str, start: threading.Barrier, answers: list):
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    body = json.dumps({"device_name": "rep1 · Linux Chrome"})
    start.wait()
    conn.request("POST", "/api/devices", body, {"Content-Type": "application/json",
                                                "X-CSRFToken": token,
                                                "Cookie": f"session={cookie}"})
    response = conn.getresponse()
    answers.append((response.status, json.loads(response.read())))
    conn.close()


def _devices_of(db, username: str) -> int:
    db.session.rollback()
    rep = user(db, username)
    return db.session.scalar(select(func.count()).select_from(Device)
                             .where(Device.user_id == rep.id))


def test_two_registrations_at_once_from_a_fresh_sign_in_get_one_device(
        seeded, db, web, password, live_server):
    before = _devices_of(db, "rep1")
    sign_in(web, "rep1", password)
    token = web.csrf_from("/rep/today")
    cookie = web.client.get_cookie("session").value
    start, answers = threading.Barrier(3), []
    threads = [threading.Thread(target=_register, args=(live_server, cookie, token, start,
                                                         answers)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _ in answers] == [201, 201, 201], answers
    assert len({(body["device_id"], body["token"]) for _, body in answers}) == 1
    # later requests of the same sign-in (a reload, the answer of the first one lost)
    # still get that device
    again = register_from_page(web.client, token)
    assert again.status_code == 201 and again.get_json() == answers[0][1]
    assert _devices_of(db, "rep1") == before + 1
    pushed = web.client.get("/sync/pull", headers={
        "Authorization": f"Bearer {answers[0][1]['token']}"})
    assert pushed.status_code == 200


def test_a_phone_holding_a_valid_token_keeps_its_device_at_the_next_sign_in(
        seeded, db, web, make_web, password):
    sign_in(web, "rep1", password)
    first = register_from_page(web.client, web.csrf_from("/rep/today")).get_json()
    web.post_form("/logout", {}, page="/rep/today")
    sign_in(web, "rep1", password)
    token = web.csrf_from("/rep/today")
    kept = register_from_page(web.client, token, device_token=first["token"])
    assert kept.status_code == 201 and kept.get_json() == first
    # another user's token (or a made-up one) is no way around the rules: a new device
    other = make_web()
    sign_in(other, "rep2", password)
    theirs = register_from_page(other.client, other.csrf_from("/rep/today"),
                                device_token=first["token"])
    assert theirs.status_code == 201 and theirs.get_json()["device_id"] != first["device_id"]
