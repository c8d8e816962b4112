"""A push that cannot get its write lock in time answers 503 with Retry-After, never 500
(issue 9, §1.3; docs/sync-protocol.md "Concurrency and busy").

Another connection holds what the push needs, longer than the push may wait (a short
SYNC_LOCK_TIMEOUT_MS here): on SQLite the database's write lock, on PostgreSQL the
pusher's row. Nothing of the refused push is kept; the same records sent again once
the lock is free are applied.
"""

import sqlite3
from contextlib import contextmanager

import pytest
from capture_helpers import check_in, fill, post, sign_in_rep
from sqlalchemy import func, select
from sync_helpers import push, record, register, rep_world, visit_data

from webapp.models import AuditLog, QuarantinedRecord, SyncReceipt, User


@contextmanager
def lock_held_elsewhere(db, username: str):
    """Another connection holds the lock a push of `username` needs, until the block ends."""
    if db.engine.dialect.name == "sqlite":
        other = sqlite3.connect(db.engine.url.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    with db.engine.connect() as other:
        other.execute(select(User.id).where(User.username == username).with_for_update())
        try:
            yield
        finally:
            other.rollback()


@pytest.fixture
def short_lock_wait(app, monkeypatch):
    monkeypatch.setitem(app.config, "SYNC_LOCK_TIMEOUT_MS", 200)


def kept(db, model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_push_that_cannot_get_its_lock_answers_503_json_with_retry_after(
        seeded, db, client, password, short_lock_wait):
    world = rep_world(db)
    device = register(client, "rep1", password)
    records = [record("visit", visit_data(world["store"].id), seq=1)]
    with lock_held_elsewhere(db, "rep1"):
        busy = push(client, device, records)
    assert busy.status_code == 503, busy.get_data(as_text=True)
    assert busy.is_json and busy.get_json()["error"] == "busy"
    assert busy.get_json()["message"] and int(busy.headers["Retry-After"]) >= 1
    assert kept(db, SyncReceipt) == kept(db, QuarantinedRecord) == kept(db, AuditLog) == 0
    retried = push(client, device, records)  # the phone, after Retry-After
    assert retried.status_code == 200
    assert [r["status"] for r in retried.get_json()["results"]] == ["applied"]


def test_a_form_posted_while_the_lock_is_held_gets_a_busy_page_not_an_error(
        seeded, db, web, short_lock_wait):
    store = sign_in_rep(web, db)
    typed = fill(check_in(web, store), {"r0.data.notes": "ok"}, extra=[("checkout", "1")])
    with lock_held_elsewhere(db, "rep1"):
        busy = post(web, f"/rep/stores/{store.id}/visit", typed)
    assert busy.status_code == 503 and busy.headers["Retry-After"].isdigit()
    assert "The server is busy" in busy.get_data(as_text=True)
    assert post(web, f"/rep/stores/{store.id}/visit", typed).status_code == 303
