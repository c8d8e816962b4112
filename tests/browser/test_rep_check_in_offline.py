"""Checking in without a connection (issue 9, item 12), on a 360×740 phone.

The check-in button goes away once checked in; a second check-in never moves the
time; the visit page still works offline after the check-in, from the store page too.
"""

import pytest
from browser_helpers import HAS_DEVICE, go_offline, login, wait_until_async
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Store, User

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
