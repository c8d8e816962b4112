"""`services.check_ins`: the arrival is fixed by the first check-in; a lapsed one, or
one whose visit reached the server from the phone, is ended (issue 9 item 12; the
service never commits)."""

from datetime import timedelta

from sqlalchemy import select
from sync_helpers import rep_world

from webapp import clock
from webapp.models import OpenCheckIn
from webapp.services.check_ins import (
    OPEN_VISIT_HOURS,
    Arrival,
    check_in,
    end_check_in,
    open_check_in,
)


def _open_rows(db, rep) -> list[OpenCheckIn]:
    return db.session.scalars(select(OpenCheckIn).where(OpenCheckIn.rep_id == rep.id)).all()


def test_a_second_check_in_keeps_the_first_arrival(seeded, db):
    world = rep_world(db)
    rep, store = world["rep"], world["store"]
    now = clock.now()
    first = check_in(db.session, rep, store.id, "11111111-1111-4111-8111-111111111111",
                     Arrival(started_at=now, lat=31.2, lng=121.5, accuracy_m=8), now)
    later = now + timedelta(minutes=5)
    again = check_in(db.session, rep, store.id, "22222222-2222-4222-8222-222222222222",
                     Arrival(started_at=later), later)
    assert again.id == first.id and again.started_at == now and again.lat == 31.2
    assert len(_open_rows(db, rep)) == 1


def test_a_check_in_left_open_longer_than_a_working_day_lapses(seeded, db):
    world = rep_world(db)
    rep, store = world["rep"], world["store"]
    now = clock.now()
    check_in(db.session, rep, store.id, "33333333-3333-4333-8333-333333333333",
             Arrival(started_at=now), now)
    assert open_check_in(db.session, rep, store.id, now + timedelta(hours=1)) is not None
    late = now + timedelta(hours=OPEN_VISIT_HOURS, minutes=1)
    assert open_check_in(db.session, rep, store.id, late) is None
    assert _open_rows(db, rep) == []


def test_ending_names_the_check_in_it_ends(seeded, db):
    world = rep_world(db)
    rep, store = world["rep"], world["store"]
    now = clock.now()
    row = check_in(db.session, rep, store.id, "44444444-4444-4444-8444-444444444444",
                   Arrival(started_at=now), now)
    end_check_in(db.session, rep, store.id, "55555555-5555-4555-8555-555555555555")
    assert _open_rows(db, rep) == [row]  # another visit's id ends nothing
    end_check_in(db.session, rep, store.id, row.id)
    assert _open_rows(db, rep) == []
