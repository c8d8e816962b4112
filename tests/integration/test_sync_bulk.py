"""`services.bulk.insert_rows` writes exactly what Core's insert would (SQLite, PostgreSQL)."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sync_helpers import rep_world

from webapp import clock
from webapp.models import AuditLog, Visit
from webapp.services.bulk import insert_rows


def _visit_row(world, **overrides) -> dict:
    start = datetime(2026, 11, 20, 2, 0, 0, 123456, tzinfo=UTC)
    row = {"id": str(uuid.uuid4()), "store_id": world["store"].id,
           "rep_id": world["rep"].id, "device_id": None, "started_at": start,
           "ended_at": start + timedelta(minutes=25), "lat": 23.371234, "lng": 104.245678,
           "accuracy_m": 12.5, "purposes": ["routine", "training"], "notes": "陈列良好",
           "findings": {"display": {"ok": False, "note": "缺货"}}, "flags": [],
           "distance_m": None, "corrects_id": None, "hlc": "1763800000000:0:phone-1",
           "created_at": start}
    row.update(overrides)
    return row


def test_rows_read_back_as_written_with_times_json_and_nulls(seeded, db):
    world = rep_world(db)
    fast = [_visit_row(world), _visit_row(world, flags=["far_from_store"], ended_at=None)]
    core = [_visit_row(world), _visit_row(world, flags=["far_from_store"], ended_at=None)]
    insert_rows(db.session, Visit.__table__, fast)
    db.session.execute(Visit.__table__.insert(), core)
    db.session.commit()
    for mine, reference in zip(fast, core, strict=True):
        got = db.session.get(Visit, mine["id"])
        want = db.session.get(Visit, reference["id"])
        columns = [c.key for c in Visit.__table__.c if c.key != "id"]
        assert {c: getattr(got, c) for c in columns} == {c: getattr(want, c) for c in columns}
        assert got.started_at == mine["started_at"] and got.started_at.tzinfo is not None
        assert got.purposes == ["routine", "training"] and got.notes == "陈列良好"
    assert db.session.get(Visit, fast[1]["id"]).ended_at is None


def test_missing_columns_with_defaults_fall_back_to_core(seeded, db):
    world = rep_world(db)
    row = _visit_row(world)
    del row["flags"], row["created_at"]  # Python-side defaults: Core fills them in
    insert_rows(db.session, Visit.__table__, [row])
    db.session.commit()
    stored = db.session.get(Visit, row["id"])
    assert stored.flags == [] and stored.created_at is not None


def test_autoincrement_ids_are_left_to_the_database(seeded, db):
    now = clock.now()
    rows = [{"at": now, "user_id": None, "device_id": None, "action": "sync.applied",
             "entity_type": "visit", "entity_id": str(uuid.uuid4()), "client_hlc": "1:0:a",
             "server_hlc": "2:0:server", "details": {"seq": n, "flags": []}} for n in range(3)]
    insert_rows(db.session, AuditLog.__table__, rows)
    db.session.commit()
    stored = db.session.scalars(select(AuditLog).where(
        AuditLog.entity_id.in_([r["entity_id"] for r in rows])).order_by(AuditLog.id)).all()
    assert [a.details["seq"] for a in stored] == [0, 1, 2]
    assert len({a.id for a in stored}) == 3


def test_select_where_in_reads_in_chunks_and_converts_where_needed(seeded, db):
    from webapp.services.bulk import select_where_in

    world = rep_world(db)
    rows = [_visit_row(world) for _ in range(7)]
    insert_rows(db.session, Visit.__table__, rows)
    db.session.commit()
    ids = [r["id"] for r in rows] + [str(uuid.uuid4()) for _ in range(5)]  # 5 unknown
    # text and integer columns: at driver speed, 3 statements of at most 5 values
    found = select_where_in(db.session, Visit.__table__, ("id", "store_id"), "id", ids, chunk=5)
    assert sorted(found) == sorted((r["id"], world["store"].id) for r in rows)
    # a time column needs converting: Core does it, and aware UTC times come back
    times = dict(select_where_in(db.session, Visit.__table__, ("id", "started_at"), "id", ids,
                                 chunk=5))
    assert times == {r["id"]: r["started_at"] for r in rows}
    assert select_where_in(db.session, Visit.__table__, ("id",), "id", []) == []
