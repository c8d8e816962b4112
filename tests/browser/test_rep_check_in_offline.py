"""Checking in without a connection (issue 9, item 12), on a 360×740 phone.

The check-in button goes away once checked in; a second check-in never moves the
time; the visit page still works offline after the check-in, from the store page too;
a ticket taken offline during the visit names it (issue 12 item 2).
"""

import time

import pytest
from browser_helpers import HAS_DEVICE, go_offline, go_online, login, wait_until_async
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Store, Ticket, User

pytestmark = pytest.mark.browser

FORM = "[data-offline-visit] form[data-capture=visit]"


def _phone_at_store(page, db, password):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    login(page, "rep1", password)
    wait_until_async(page, HAS_DEVICE, rep.id)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(f"/rep/stores/{store.id}")  # online once: the worker keeps these pages
    page.goto(f"/rep/stores/{store.id}/visit")
    expect(page.locator("form[data-checkin]")).to_be_visible()
    return store


def test_offline_check_in_hides_the_button_and_a_second_one_keeps_the_time(
        seeded, password, phone_context, db):
    page = phone_context.new_page()
    store = _phone_at_store(page, db, password)
    go_offline(phone_context)
    page.click("form[data-checkin] button[type=submit]")
    expect(page.locator(f"{FORM} [name='r0.data.notes']")).to_be_visible()
    expect(page.locator("form[data-checkin] button[type=submit]")).to_be_hidden()
    started = page.input_value(f"{FORM} [name='r0.data.started_at']")
    visit_id = page.input_value(f"{FORM} [name='r0.id']")
    # an old copy of the page, a second tap: check in again a moment later
    page.wait_for_function(f"Date.now() > Date.parse({started!r}) + 1100")
    page.evaluate("document.querySelector('form[data-checkin]').requestSubmit()")
    page.goto(f"/rep/stores/{store.id}/visit")
    expect(page.locator(f"{FORM} [name='r0.data.notes']")).to_be_visible()
    assert page.input_value(f"{FORM} [name='r0.data.started_at']") == started
    assert page.input_value(f"{FORM} [name='r0.id']") == visit_id


def test_the_visit_page_works_offline_after_checking_in(seeded, password, phone_context, db):
    page = phone_context.new_page()
    store = _phone_at_store(page, db, password)
    page.click("form[data-checkin] button[type=submit]")  # online: the server checks in
    page.wait_for_url("**/visit?open=*")
    visit_id = page.input_value("form[data-capture=visit] [name='r0.id']")
    page.goto(f"/rep/stores/{store.id}")
    go_offline(phone_context)
    page.click(f"a[href='/rep/stores/{store.id}/visit']")
    page.wait_for_url(f"**/rep/stores/{store.id}/visit")
    form = page.locator("form[data-capture=visit]:visible")
    expect(form.locator("[name='r0.data.notes']")).to_be_visible()
    assert form.locator("[name='r0.id']").input_value() == visit_id
    expect(page.locator("form[data-checkin] button[type=submit]")).to_be_hidden()
    form.locator("[name='r0.data.notes']").fill("离线也能填写")
    form.locator("button[data-checkout]").click()
    page.wait_for_url(f"**/rep/stores/{store.id}")
    expect(page.locator("#pending-records")).to_contain_text("拜访")


def test_a_ticket_taken_offline_during_the_visit_names_it(
        seeded, password, phone_context, desktop_context, db):
    """Issue 12 item 2: checked in without a connection, the rep takes a ticket from the
    visit's links and checks out; once the phone is back online the ticket reaches the
    server linked to the visit, and HQ's ticket page shows the visit."""
    page = phone_context.new_page()
    store = _phone_at_store(page, db, password)
    page.goto(f"/rep/stores/{store.id}/ticket")  # online once: the worker keeps it
    page.goto(f"/rep/stores/{store.id}/visit")
    go_offline(phone_context)
    page.click("form[data-checkin] button[type=submit]")
    visit_id = page.input_value(f"{FORM} [name='r0.id']")
    page.click(f"[data-offline-visit] nav a[href='/rep/stores/{store.id}/ticket']")
    page.wait_for_url(f"**/rep/stores/{store.id}/ticket")
    ticket_form = page.locator("form[data-capture=ticket]")
    # visit.js fills it in from the phone's open check-in (a boosted page: once swapped in)
    expect(ticket_form.locator("[data-visit-id]")).to_have_value(visit_id)
    expect(ticket_form.locator("[data-visit-note]")).to_be_visible()
    ticket_id = ticket_form.locator("[name='r0.id']").input_value()
    page.select_option("#t-category", "expired")
    page.fill("#t-description", "顾客反映货架上有过期牛奶")
    page.click("form[data-capture=ticket] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}/visit")  # back to the visit
    form = page.locator(FORM)
    expect(form.locator("[name='r0.data.notes']")).to_be_visible()
    form.locator("[name='r0.data.notes']").fill("处理了过期牛奶的投诉")
    form.locator("button[data-checkout]").click()
    page.wait_for_url(f"**/rep/stores/{store.id}")
    db.session.rollback()
    assert db.session.get(Ticket, ticket_id) is None  # both still on the phone

    go_online(phone_context)
    page.wait_for_function("typeof RoundsSync !== 'undefined'")
    page.evaluate("RoundsSync.kick('test', true)")
    deadline = time.monotonic() + 20
    while True:
        db.session.rollback()
        ticket = db.session.get(Ticket, ticket_id)
        if (ticket and ticket.visit_id) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert ticket is not None and ticket.visit_id == visit_id

    hq = desktop_context.new_page()
    login(hq, "hq", password)
    hq.goto(f"/hq/tickets/{ticket_id}")
    section = hq.locator(f"#ticket-visit[data-visit='{visit_id}']")
    expect(section).to_contain_text("拜访时受理")
    expect(section).to_contain_text("处理了过期牛奶的投诉")
    hq.screenshot(path="/tmp/ticketvisit-browser-hq.png", full_page=True)


def test_two_offline_visits_from_one_kept_page_are_two_visits(
        seeded, password, phone_context, db):
    """The worker's copy of the visit page serves every offline check-in at the store: each
    check-in takes a fresh id, so the second visit is neither a duplicate of the first nor
    a ticket's link to the wrong one; both reach the server."""
    from webapp.models import Visit

    page = phone_context.new_page()
    store = _phone_at_store(page, db, password)
    rendered = page.input_value(f"{FORM} [name='r0.id']")
    go_offline(phone_context)
    ids = []
    for note in ("第一次离线拜访", "第二次离线拜访"):
        page.goto(f"/rep/stores/{store.id}/visit")  # the kept copy, the same rendered id
        page.click("form[data-checkin] button[type=submit]")
        form = page.locator(FORM)
        expect(form.locator("[name='r0.data.notes']")).to_be_visible()
        ids.append(form.locator("[name='r0.id']").input_value())
        form.locator("[name='r0.data.notes']").fill(note)
        form.locator("button[data-checkout]").click()
        page.wait_for_url(f"**/rep/stores/{store.id}")
    assert len(set(ids)) == 2 and rendered not in ids
    go_online(phone_context)
    page.wait_for_function("typeof RoundsSync !== 'undefined'")
    page.evaluate("RoundsSync.kick('test', true)")
    deadline = time.monotonic() + 20
    while True:
        db.session.rollback()
        found = db.session.scalars(select(Visit.notes).where(Visit.id.in_(ids))).all()
        if len(found) == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert sorted(found) == ["第一次离线拜访", "第二次离线拜访"]
