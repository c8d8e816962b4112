"""The date-sensitive checks pass on any day: the app's clock is set to far-apart days
(a Monday, the price-check deadline day after hours, the Friday after it, a public
holiday, a 调休 make-up Sunday, a year ahead) while time-machine moves the machine's own
clock to yet another day, so a reading of the machine's clock anywhere in the app would
show. Each day gets a fresh seed whose history ends at that day's now."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from rep_page_helpers import forget_visits, stops
from sqlalchemy import select
from sync_helpers import price_data, push, record, register, rep_world
from time_helpers import ago_iso, move_clock_to, suite_now, today

from webapp import clock
from webapp.models import CalendarDay, PriceCheck, RestockRequest, Store, Ticket, User
from webapp.rep.queries.today import today_round
from webapp.request_context import service_settings, work_calendar
from webapp.rules.cadence import iso_week_of, price_check_deadline
from webapp.seed import SeedSpec, seed_database
from webapp.services.change_feed import touch_tickets

# HQ's calendar rows the days below rely on: National Day 2025 (1–8 October off,
# Sunday 28 September and Saturday 11 October worked) and 2027 (1–7 October off).
HOLIDAYS = [date(2025, 10, d) for d in range(1, 9)] + [date(2027, 10, d) for d in range(1, 8)]
MAKEUP_DAYS = [date(2025, 9, 28), date(2025, 10, 11), date(2027, 9, 26), date(2027, 10, 9)]

DAYS = {  # UTC instants; Shanghai is 8 hours ahead
    "monday": datetime(2027, 3, 1, 1, 30, tzinfo=UTC),  # Monday 09:30
    "deadline_thursday_evening": datetime(2026, 12, 10, 11, 0, tzinfo=UTC),  # Thu 19:00
    "friday_after_deadline": datetime(2027, 5, 14, 6, 0, tzinfo=UTC),  # Friday 14:00
    "national_day": datetime(2027, 10, 1, 2, 0, tzinfo=UTC),  # Friday, a public holiday
    "makeup_sunday": datetime(2025, 9, 28, 3, 0, tzinfo=UTC),  # Sunday worked (调休)
    "a_year_ahead": suite_now() + timedelta(days=365),
}
MACHINE_ELSEWHERE = datetime(2031, 2, 17, 20, 45, tzinfo=UTC)  # what the machine says


@pytest.fixture(params=list(DAYS), ids=list(DAYS))
def day_world(request, app, db, password_hash):
    """The app's clock on the day under test, HQ's holidays stored, a fresh seed; the
    machine's clock far away meanwhile."""
    with time_machine.travel(MACHINE_ELSEWHERE, tick=True):
        move_clock_to(DAYS[request.param])
        db.session.add_all([CalendarDay(day=d, kind="holiday") for d in HOLIDAYS]
                           + [CalendarDay(day=d, kind="workday") for d in MAKEUP_DAYS])
        seed_database(db.session, SeedSpec(stores=12, reps=3, days=21, seed=5,
                                           password_hash=password_hash))
        yield request.param


def _calendar_today():
    settings = service_settings()
    calendar = work_calendar(settings)
    return settings, calendar, calendar.local_date(clock.now())


def test_the_day_is_the_clocks_and_the_seed_ends_there(day_world, db):
    settings, calendar, day = _calendar_today()
    assert day == today() == DAYS[day_world].astimezone(calendar.zone).date()
    assert datetime.now(UTC).date() == MACHINE_ELSEWHERE.date()  # the machine is elsewhere
    working = {"national_day": False, "makeup_sunday": True}
    assert calendar.is_working_day(day) is working.get(day_world, day.weekday() < 5)
    newest = db.session.scalar(select(PriceCheck.observed_at).order_by(
        PriceCheck.observed_at.desc()))
    assert newest is not None and newest <= clock.now()
    assert calendar.local_date(newest) >= day - timedelta(days=7)


def test_todays_round_and_the_price_check_state_follow_the_clock(day_world, db, web, password):
    settings, calendar, day = _calendar_today()
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    sample = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                               .order_by(Store.id))
    sample.is_sample = True
    for check in db.session.scalars(select(PriceCheck).where(PriceCheck.store_id == sample.id)):
        db.session.delete(check)
    db.session.commit()
    web.login("rep1", password)
    page = web.client.get("/rep/today").get_data(as_text=True)
    listed = stops(page)
    expected = today_round(db.session, rep, day, clock.now(), settings, calendar)
    assert expected.day == day and expected.week == iso_week_of(clock.now(), settings.timezone)
    assert [s["store_id"] for s in listed] == [s.store.id for s in expected.stops]
    # [000 每周四前完成]: due until Thursday of the week (Thursday counts), late after it
    assert expected.price_deadline == price_check_deadline(day, settings)
    state = "due" if day.isoweekday() <= 4 else "late"
    assert {s["store_id"]: s["price_check"] for s in listed}[sample.id] == state
    # the week's deadline line says so once it has passed (Friday on)
    passed = day > expected.price_deadline
    assert f'data-price-deadline="{"passed" if passed else "ahead"}"' in page


def test_the_warm_list_names_the_stores_due_from_the_clocks_today(day_world, db, web, password):
    settings, calendar, day = _calendar_today()
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    never = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    forget_visits(db, never)  # never visited: due, whatever the seed did that day
    db.session.commit()
    web.login("rep1", password)
    body = web.client.get("/pwa/warm").get_json()
    wanted: list[int] = []
    for ahead in range(3):
        for stop in today_round(db.session, rep, day + timedelta(days=ahead), clock.now(),
                                settings, calendar).stops:
            if stop.store.id not in wanted:
                wanted.append(stop.store.id)
    assert body["stores"] == wanted
    assert body["urls"][0] == "/rep/today"
    assert never.id in wanted and f"/rep/stores/{never.id}/prices" in body["urls"]


def test_a_pull_carries_the_latest_check_and_drops_a_closed_ticket(day_world, db, client,
                                                                  password):
    world = rep_world(db)
    store, product = world["store"], world["product"]
    device = register(client, "rep1", password)
    newest = record("price_check", price_data(store.id, product.id, observed_at=ago_iso()))
    older = record("price_check", price_data(store.id, product.id, observed_at=ago_iso(days=1)))
    ticket = record("ticket", {"store_id": store.id, "category": "expired",
                               "description": "过期商品"})
    results = push(client, device, [newest, older, ticket]).get_json()["results"]
    assert [r["status"] for r in results] == ["applied"] * 3, results
    stored = db.session.get(PriceCheck, newest["id"])
    assert stored.iso_week == iso_week_of(clock.now(), "Asia/Shanghai")
    pulled = client.get("/sync/pull?cursor=", headers={
        "Authorization": f"Bearer {device['token']}"}).get_json()
    mine = [c["id"] for c in pulled["changes"] if c["type"] == "price_check"
            and c["data"]["store_id"] == store.id and c["data"]["product_id"] == product.id]
    assert mine == [newest["id"]]
    assert ticket["id"] in {c["id"] for c in pulled["changes"] if c["type"] == "ticket"}
    row = db.session.get(Ticket, ticket["id"])
    assert row.number.startswith(f"TK{today():%Y%m%d}")
    row.status = "closed"
    touch_tickets(db.session, [row])
    db.session.commit()
    later = client.get(f"/sync/pull?cursor={pulled['cursor']}", headers={
        "Authorization": f"Bearer {device['token']}"}).get_json()
    assert {"type": "ticket", "id": ticket["id"], "deleted": True, "data": None} in (
        later["changes"])


def test_restock_requests_are_dated_and_decided_on_the_clocks_day(day_world, db, web, client,
                                                                   password):
    world = rep_world(db)
    store, product = world["store"], world["product"]
    web.login("rep1", password)
    form = web.client.get(f"/rep/stores/{store.id}/restock").get_data(as_text=True)
    assert today().isoformat() in form  # the earliest wanted-by date
    device = register(client, "rep1", password)
    made = record("restock_request", {
        "store_id": store.id, "reason": "wedding", "wanted_by": today(2).isoformat(),
        "lines": [{"product_id": product.id, "quantity": 5}]})
    results = push(client, device, [made]).get_json()["results"]
    assert results[0]["status"] == "applied", results
    request = db.session.get(RestockRequest, made["id"])
    assert abs(request.requested_at - clock.now()) < timedelta(minutes=1)
    web.login("manager1", password)
    before = web.client.get("/hq/restock?status=decided").get_data(as_text=True).count(
        "data-restock-id=")
    web.post_form(f"/hq/restock/{request.id}/approve", {}, page="/hq/restock")
    db.session.expire_all()
    assert request.status == "approved"
    assert abs(request.decided_at - clock.now()) < timedelta(minutes=1)
    after = web.client.get("/hq/restock?status=decided").get_data(as_text=True)
    assert after.count("data-restock-id=") == before + 1
