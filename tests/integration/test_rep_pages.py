"""The rep's Today page: due stores from the cadence, price checks, tickets, route order."""

import re
from datetime import timedelta

import pytest
from flask import template_rendered
from rep_page_helpers import (
    add_price_check,
    add_restock,
    add_ticket,
    add_visit,
    blank_round,
    forget_visits,
    in_english,
    stops,
    user,
)
from sqlalchemy import event

from webapp.models import utcnow
from webapp.request_context import service_settings, work_calendar
from webapp.rules.cadence import next_visit_due


@pytest.fixture
def rep1(seeded, db, web, password):
    """rep1 signed in (English), with a blank territory of at least four stores."""
    rep = user(db, "rep1")
    stores = blank_round(db, rep)
    assert len(stores) >= 4
    web.login("rep1", password)
    in_english(web)
    return rep, stores


def _today(web, query: str = "", **headers) -> str:
    response = web.client.get(f"/rep/today{query}", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_cadence_overdue_stores_first_with_days_late_then_due(rep1, db, web):
    """[003 每15天] [003 每30天]: a store past its cadence is overdue, listed first."""
    rep, stores = rep1
    d_late, c_late, never, fresh = stores[:4]
    d_late.grade, c_late.grade, never.grade, fresh.grade = "D", "C", "B", "A"
    for store, days in ((d_late, 45), (c_late, 20)):
        forget_visits(db, store)
        add_visit(db, store, rep, days_ago=days)
    forget_visits(db, never)
    db.session.commit()

    html = _today(web)
    listed = stops(html)
    by_id = {s["store_id"]: s for s in listed}
    calendar = work_calendar(service_settings())
    today = calendar.local_date(utcnow())
    for store, days in ((d_late, 45), (c_late, 20)):
        visited = calendar.local_date(utcnow() - timedelta(days=days))
        due = next_visit_due(store.grade, visited, calendar=calendar)
        assert by_id[store.id]["visit"] == "overdue"
        assert by_id[store.id]["days_overdue"] == (today - due).days
        assert f"Overdue {(today - due).days} d" in html
    assert by_id[never.id]["visit"] == "due" and "Never visited" in html
    # overdue stops come before the due ones; stores not due are not on the round
    states = [s["visit"] for s in listed]
    assert states.index("due") > max(i for i, s in enumerate(states) if s == "overdue")
    assert all(s.id not in by_id for s in stores[4:])
    # grade A visited yesterday: due today (or later, when today is not a working day)
    a_due = next_visit_due("A", calendar.local_date(utcnow() - timedelta(days=1)),
                           calendar=calendar)
    assert (fresh.id in by_id) == (a_due <= today)


def test_sample_store_without_this_weeks_price_check_is_listed(rep1, db, web):
    """[000 每周四前完成]: a sample store's price check is due each ISO week."""
    rep, stores = rep1
    missing, done = stores[0], stores[1]
    missing.is_sample = done.is_sample = True
    add_price_check(db, done, rep, 2300, 2300)
    db.session.commit()
    by_id = {s["store_id"]: s for s in stops(_today(web))}
    assert by_id[missing.id]["price_check"] in ("due", "late")
    assert by_id[missing.id]["visit"] == "none"
    assert done.id not in by_id


def test_open_tickets_show_time_left_or_overdue(rep1, db, web):
    """[000 不能当场解答的须明确答复时间]: the next deadline and the time to it."""
    rep, stores = rep1
    now = utcnow()
    add_ticket(db, stores[0], "T-LEFT", first_answered_at=now - timedelta(hours=1),
               resolve_due_at=now + timedelta(hours=2, minutes=10))
    add_ticket(db, stores[1], "T-LATE", first_answer_due_at=now - timedelta(hours=3, minutes=5),
               resolve_due_at=now + timedelta(days=3))
    add_ticket(db, stores[2], "T-CLOSED", status="closed", resolve_due_at=now)
    db.session.commit()
    html = _today(web)
    left = html[html.index('data-ticket="T-LEFT"'):]
    late = html[html.index('data-ticket="T-LATE"'):]
    # working time, as the HQ desk counts it: Tuesday 10:00 to 12:10 is all working time;
    # 06:55 (first answer due) to 10:00 holds one working hour (from 09:00)
    assert re.search(r"2 h (09|10) min working time left", left[:left.index("</li>")])
    assert re.search(r"overdue by 1 h 0\d min working time", late[:late.index("</li>")])
    assert html.index('data-ticket="T-LATE"') < html.index('data-ticket="T-LEFT"')
    assert 'data-ticket="T-CLOSED"' not in html


def test_restock_requests_awaiting_a_decision(rep1, db, web):
    rep, stores = rep1
    waiting = add_restock(db, stores[0], rep)
    decided = add_restock(db, stores[1], rep, status="approved")
    other_rep = user(db, "rep2")
    other = blank_round(db, other_rep)[0]
    elsewhere = add_restock(db, other, other_rep)
    db.session.commit()
    html = _today(web)
    assert f'data-restock="{waiting.id}"' in html
    assert f'data-restock="{decided.id}"' not in html
    assert f'data-restock="{elsewhere.id}"' not in html


def _never_visited_line(db, stores):
    """Three never-visited stores on an east-west line, in territory order (all due)."""
    line = stores[:3]
    for i, store in enumerate(line):
        store.lat, store.lng = 30.0, 120.0 + 0.01 * i
        forget_visits(db, store)
    db.session.commit()
    return line


def test_route_nearest_next_from_the_phone_position(rep1, db, web):
    """With ?lat=&lng= the route starts where the rep stands; without, territory order."""
    _, stores = rep1
    west, middle, east = _never_visited_line(db, stores)
    plain = [s["store_id"] for s in stops(_today(web))]
    assert plain == [west.id, middle.id, east.id]
    located = [s["store_id"] for s in stops(_today(web, "?lat=30.0&lng=120.025"))]
    assert located == [east.id, middle.id, west.id]
    # a position that is not one falls back to the stable order
    assert [s["store_id"] for s in stops(_today(web, "?lat=abc&lng=500"))] == plain


@pytest.fixture
def rendered(app):
    """The names of the templates rendered during a test, in order."""
    names = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def test_fragment_for_htmx_full_page_otherwise(rep1, db, web, rendered):
    _never_visited_line(db, rep1[1])
    fragment = _today(web, "?lat=30&lng=120", **{"HX-Request": "true"})
    assert rendered[0] == "rep/partial/round_list.html"
    assert "<html" not in fragment
    assert 'id="round-list"' in fragment and 'data-located="yes"' in fragment
    for headers in ({}, {"HX-Request": "true", "HX-Boosted": "true"},
                    {"HX-Request": "true", "HX-History-Restore-Request": "true"}):
        rendered.clear()
        page = _today(web, "?lat=30&lng=120", **headers)
        assert rendered[0] == "rep/today.html", headers
        assert "<html" in page and 'id="round-list"' in page


def test_page_works_without_javascript(rep1, db, web):
    """Plain links to every stop, a GET form, the sync chip and the bottom nav."""
    _, stores = rep1
    _never_visited_line(db, stores)
    html = _today(web)
    for stop in stops(html):
        assert f'href="/rep/stores/{stop["store_id"]}"' in html
    assert 'id="sync-status"' in html
    assert 'class="bottom-nav"' in html and 'aria-current="page"' in html


def test_today_reads_with_a_fixed_number_of_queries(rep1, db, web):
    """No N+1: more stores due, tickets and restocks do not mean more queries."""
    rep, stores = rep1
    engine = db.engine
    counted = []

    def count(conn, cursor, statement, *args):
        if "FROM user_account" not in statement:  # the signed-in user, cached or not
            counted.append(statement[:60])

    _today(web)  # warm up (login user load, settings)
    event.listen(engine, "before_cursor_execute", count)
    try:
        _today(web)
        few = list(counted)
        for i, store in enumerate(stores):
            store.grade = "A"
            add_ticket(db, store, f"T-{i}", resolve_due_at=utcnow() + timedelta(days=1))
            add_restock(db, store, rep)
        db.session.commit()
        counted.clear()
        html = _today(web)
        assert len(stops(html)) + html.count("data-ticket=") > 4
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(counted) == len(few) <= 12, (counted, few)
