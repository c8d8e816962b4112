"""Photo uploads (issue 9, items 6-8; docs/sync-protocol.md "Photos"): the owner record
and the caller's scope are checked before a byte is stored, unfinished uploads are
capped per phone, a photo's existence is told only to who may see it, store owners
attach only to their own tickets and orders, and image bombs are a clean 400."""

import struct
import uuid
import zlib
from pathlib import Path

import pytest
from capture_helpers import jpeg_bytes
from hq_sync_helpers import user
from sqlalchemy import select
from sync_helpers import push, record, register, visit_data

from webapp.models import Photo, Store, User, Visit


def png_header(width: int, height: int) -> bytes:
    """A few bytes of PNG that declare `width` × `height` pixels (no pixel data)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


@pytest.fixture
def owner_world(seeded, db, client, password):
    """owner1's store, the rep of its territory with a synced visit there, and both phones."""
    owner = user(db, "owner1")
    store = db.session.scalar(select(Store).where(Store.owner_id == owner.id)
                              .order_by(Store.id))
    rep = db.session.scalar(select(User).where(User.role == "rep",
                                               User.territory_id == store.territory_id))
    rep_phone = register(client, rep.username, password, "rep phone")
    visit = record("visit", visit_data(store.id), seq=1)
    assert push(client, rep_phone, [visit]).get_json()["results"][0]["status"] == "applied"
    owner_phone = register(client, "owner1", password, "owner phone")
    return {"store": store, "rep": rep, "visit_id": visit["id"], "rep_phone": rep_phone,
            "owner_phone": owner_phone}


def put_photo(client, device, photo_id, body, owner_type, owner_id, content_range=None):
    headers = {"Authorization": f"Bearer {device['token']}", "X-Owner-Type": owner_type,
               "X-Owner-Id": str(owner_id), "Content-Type": "image/jpeg"}
    if content_range:
        headers["Content-Range"] = content_range
    return client.put(f"/sync/photos/{photo_id}", data=body, headers=headers)


def get_photo(client, device, photo_id):
    return client.get(f"/sync/photos/{photo_id}",
                      headers={"Authorization": f"Bearer {device['token']}"}).get_json()


def stored_partial_bytes(app) -> int:
    partial = Path(app.config["UPLOAD_DIR"]) / "partial"
    return sum(p.stat().st_size for p in partial.rglob("*.part")) if partial.exists() else 0


def test_a_chunk_for_a_record_that_does_not_exist_stores_nothing(app, client, owner_world):
    before = stored_partial_bytes(app)
    for owner_type in ("ticket", "delivery_exception"):
        photo_id = str(uuid.uuid4())
        response = put_photo(client, owner_world["owner_phone"], photo_id, b"x" * 65536,
                             owner_type, uuid.uuid4() if owner_type == "ticket" else 99999,
                             "bytes 0-65535/8000000")
        assert response.status_code == 409 and "received" not in response.get_json()
        assert get_photo(client, owner_world["owner_phone"], photo_id)["received"] == 0
    assert stored_partial_bytes(app) == before


def test_a_store_owner_cannot_attach_a_photo_to_a_reps_visit(db, client, owner_world):
    for content_range in (None, "bytes 0-65535/8000000"):
        body = jpeg_bytes() if content_range is None else b"x" * 65536
        response = put_photo(client, owner_world["owner_phone"], str(uuid.uuid4()), body,
                             "visit", owner_world["visit_id"], content_range)
        assert response.status_code == 403, response.get_json()
        assert response.get_json()["message"]
    db.session.expire_all()
    # no photo on any visit (the seed's demo delivery photo is owner1's, on an order)
    assert db.session.scalars(select(Photo).where(Photo.owner_type == "visit")).all() == []
    assert "identical_photo" not in (db.session.get(Visit, owner_world["visit_id"]).flags or [])


def test_a_store_owner_attaches_photos_to_their_own_tickets(db, client, owner_world):
    ticket = record("ticket", {"store_id": owner_world["store"].id, "category": "expired",
                               "description": "过期商品"}, seq=1)
    pushed = push(client, owner_world["owner_phone"], [ticket])
    assert pushed.get_json()["results"][0]["status"] == "applied"
    photo_id = str(uuid.uuid4())
    response = put_photo(client, owner_world["owner_phone"], photo_id, jpeg_bytes(size=(64, 48)),
                         "ticket", ticket["id"])
    assert response.status_code == 201
    assert db.session.get(Photo, photo_id).owner_id == ticket["id"]


def test_whether_a_photo_exists_is_told_only_to_who_may_see_it(db, client, password,
                                                                owner_world):
    photo_id = str(uuid.uuid4())
    data = jpeg_bytes(size=(64, 48))
    stored = put_photo(client, owner_world["rep_phone"], photo_id, data, "visit",
                       owner_world["visit_id"])
    assert stored.status_code == 201
    assert get_photo(client, owner_world["rep_phone"], photo_id) == {
        "id": photo_id, "received": len(data), "complete": True}
    other_rep = db.session.scalar(select(User).where(
        User.role == "rep", User.territory_id != owner_world["rep"].territory_id))
    other_phone = register(client, other_rep.username, password, "another rep's phone")
    for phone in (owner_world["owner_phone"], other_phone):
        assert get_photo(client, phone, photo_id) == {"id": photo_id, "received": 0,
                                                      "complete": False}
        again = put_photo(client, phone, photo_id, data, "visit", owner_world["visit_id"])
        assert again.status_code in (403, 409) and "received" not in again.get_json()
    hq_phone = register(client, "hq", password, "hq laptop")
    assert get_photo(client, hq_phone, photo_id)["complete"] is True


def test_a_phone_resumes_its_own_chunked_upload(db, client, owner_world):
    data = jpeg_bytes(size=(640, 480))
    photo_id, half = str(uuid.uuid4()), len(data) // 2
    phone, visit_id = owner_world["rep_phone"], owner_world["visit_id"]
    first = put_photo(client, phone, photo_id, data[:half], "visit", visit_id,
                      f"bytes 0-{half - 1}/{len(data)}")
    assert first.status_code == 202 and first.get_json()["received"] == half
    assert get_photo(client, phone, photo_id) == {"id": photo_id, "received": half,
                                                  "complete": False}
    rest = put_photo(client, phone, photo_id, data[half:], "visit", visit_id,
                     f"bytes {half}-{len(data) - 1}/{len(data)}")
    assert rest.status_code == 201 and db.session.get(Photo, photo_id).size_bytes == len(data)


def test_unfinished_uploads_of_one_phone_are_capped(app, client, owner_world):
    phone, visit_id = owner_world["rep_phone"], owner_world["visit_id"]
    app.config["PHOTO_PENDING_BYTES_PER_DEVICE"] = 200_000
    try:
        answers = [put_photo(client, phone, str(uuid.uuid4()), b"x" * 65536, "visit", visit_id,
                             "bytes 0-65535/8000000") for _ in range(4)]
    finally:
        app.config["PHOTO_PENDING_BYTES_PER_DEVICE"] = 32 * 1024 * 1024
    assert [a.status_code for a in answers] == [202, 202, 202, 409]
    assert "received" not in answers[3].get_json()  # not a resume point: try later
    assert stored_partial_bytes(app) == 3 * 65536


@pytest.mark.parametrize(("width", "height"), [(100_000, 100_000), (6300, 6300)])
def test_an_image_bomb_is_refused_with_400_before_decoding(client, owner_world, width, height):
    response = put_photo(client, owner_world["rep_phone"], str(uuid.uuid4()),
                         png_header(width, height), "visit", owner_world["visit_id"])
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "photo_refused" and "24" in body["message"]
    assert "像素" in body["message"]  # in the rep's language (Chinese by default)
