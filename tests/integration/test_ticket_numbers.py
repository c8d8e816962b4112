"""Ticket numbers never collide (issue 9, item 5): TK + local day + that day's next
number from a counter, whatever the tickets' ids; numbers given before stay valid."""

import json
import re
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sync_helpers import push, record, register, rep_world

from webapp.models import QuarantinedRecord, Ticket, TicketNumberCounter


def _ticket(store_id: int, received_at: str, category: str = "price") -> dict:
    return {"store_id": store_id, "category": category, "description": "价格不对",
            "received_at": received_at}


def _id_starting(prefix: str) -> str:
    return prefix + str(uuid.uuid4())[8:]


def test_two_same_day_tickets_whose_ids_start_alike_are_both_stored(seeded, db, client,
                                                                     password):
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    first = record("ticket", _ticket(store, "2026-11-13T09:00:00+08:00"))
    second = record("ticket", _ticket(store, "2026-11-13T15:00:00+08:00", "quality"))
    first["id"], second["id"] = _id_starting("abcdef12"), _id_starting("abcdef12")
    assert push(client, device, [first]).get_json()["results"][0]["status"] == "applied"
    result = push(client, device, [second]).get_json()["results"][0]
    assert result["status"] == "applied", result
    numbers = [db.session.get(Ticket, r["id"]).number for r in (first, second)]
    assert numbers == ["TK20261113-000001", "TK20261113-000002"]
    assert db.session.scalar(select(QuarantinedRecord)) is None


def test_numbers_follow_each_local_day_within_a_batch_and_across_pushes(seeded, db, client,
                                                                       password):
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    # 23:30 on the 13th UTC is the 14th in China: the local day names the number
    days = ["2026-11-14T07:30:00+08:00", "2026-11-13T23:30:00+00:00",
            "2026-11-13T10:00:00+08:00", "2026-11-14T08:00:00+08:00"]
    tickets = [record("ticket", _ticket(store, at, category))
               for at, category in zip(days, ["price", "quality", "expired", "defect"],
                                       strict=True)]
    results = push(client, device, tickets).get_json()["results"]
    assert {r["status"] for r in results} == {"applied"}
    numbers = [db.session.get(Ticket, t["id"]).number for t in tickets]
    assert numbers == ["TK20261114-000001", "TK20261114-000002", "TK20261113-000001",
                       "TK20261114-000003"]
    later = record("ticket", _ticket(store, "2026-11-14T18:00:00+08:00", "mislabel"))
    push(client, device, [later])
    assert db.session.get(Ticket, later["id"]).number == "TK20261114-000004"
    counters = dict(db.session.execute(select(TicketNumberCounter.day,
                                              TicketNumberCounter.last)).all())
    # (the seed leaves counters of its own days: tickets.seed's numbers are live ones)
    assert (counters[date(2026, 11, 13)], counters[date(2026, 11, 14)]) == (1, 4)


def test_numbers_given_before_stay_valid_and_never_meet_new_ones(seeded, db, client, password):
    old = db.session.scalars(select(Ticket.number)).all()
    assert old, "the seed holds tickets"
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    fresh = record("ticket", _ticket(store, "2026-11-13T09:00:00+08:00"))
    push(client, device, [fresh])
    number = db.session.get(Ticket, fresh["id"]).number
    assert re.fullmatch(r"TK20261113-[0-9]{6}", number) and number not in old
    assert set(db.session.scalars(select(Ticket.number))) >= set(old)


def test_phones_pushing_tickets_at_once_get_distinct_numbers(seeded, db, client, password,
                                                            live_server):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL (SQLite has one writer at a time)")
    store = rep_world(db)["store"].id
    devices = [register(client, "rep1", password, name=f"phone {n}") for n in range(4)]
    categories = ["price", "quality", "expired", "defect", "mislabel"]
    batches = [[record("ticket", _ticket(store, f"2026-11-13T1{n}:0{k}:00+08:00", category))
                for k, category in enumerate(categories)] for n in range(len(devices))]
    db.session.commit()

    def send(device, batch):
        body = json.dumps({"device_id": device["device_id"], "schema_version": 1,
                           "records": batch}).encode()
        request = urllib.request.Request(
            f"{live_server}/sync/push", body, method="POST",
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {device['token']}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())["results"]

    with ThreadPoolExecutor(len(devices)) as pool:
        answers = list(pool.map(send, devices, batches))
    assert {r["status"] for results in answers for r in results} == {"applied"}
    db.session.rollback()
    numbers = db.session.scalars(select(Ticket.number).where(
        Ticket.number.like("TK20261113-%"))).all()
    assert sorted(numbers) == [f"TK20261113-{n:06d}" for n in range(1, 21)]


LIVE_NUMBER = r"TK(\d{8})-\d{6,}"


def test_seeded_tickets_have_live_numbers_and_new_ones_never_meet_them(seeded, db, app,
                                                                       client, password):
    """QA: seeded tickets were numbered TK20261127000003, new ones TK20261128-000001, in
    the same lists. The seed numbers as the service does and advances the day counters."""
    zone = ZoneInfo(app.config["TIMEZONE"])
    seeded_tickets = db.session.execute(select(Ticket.number, Ticket.received_at)).all()
    assert seeded_tickets
    per_day: dict[str, list[int]] = {}
    for number, received in seeded_tickets:
        match = re.fullmatch(LIVE_NUMBER, number)
        assert match, number
        local_day = received.replace(tzinfo=received.tzinfo or ZoneInfo("UTC")).astimezone(zone)
        assert match.group(1) == f"{local_day:%Y%m%d}", number
        per_day.setdefault(match.group(1), []).append(int(number.split("-")[1]))
    for serials in per_day.values():  # each day numbered 1, 2, 3, ... as the counter would
        assert sorted(serials) == list(range(1, len(serials) + 1))
    busiest = max(per_day, key=lambda day: len(per_day[day]))
    store = rep_world(db)["store"].id
    device = register(client, "rep1", password)
    noon = datetime(int(busiest[:4]), int(busiest[4:6]), int(busiest[6:]), 12, tzinfo=zone)
    fresh = record("ticket", _ticket(store, noon.isoformat(), "mislabel"))
    assert push(client, device, [fresh]).get_json()["results"][0]["status"] == "applied"
    number = db.session.get(Ticket, fresh["id"]).number
    assert re.fullmatch(LIVE_NUMBER, number)
    assert number == f"TK{busiest}-{len(per_day[busiest]) + 1:06d}"
    assert number not in {row[0] for row in seeded_tickets}
