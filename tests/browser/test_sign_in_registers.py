"""A rep who just signed in with the password gets the phone registered once and the
record uploads (issue 9, QA regression: "uploads stop right after a normal sign-in";
docs/sync-protocol.md, "Registering a device").

Five fresh phones sign in and open a store at once. On each, the answer to the landing
page's registration is lost on the way back (the server registered the phone and its
session cookie reached the phone, but the page never read the device): the store page
registers again. Every time, the ticket is stored once, no sign-in banner shows,
and the phone holds the one device the server made for that sign-in.

A phone HQ revoked shows the sign-in banner; signing in again from it uploads what
waited straight away, from a new device.
"""

import time

import pytest
from browser_helpers import QUEUE, open_app_online, rep_world, visit_pairs
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.models import Device, Ticket, User, Visit
from webapp.services.devices import revoke_device

pytestmark = pytest.mark.browser

DEVICE = "async (uid) => (await RoundsOutbox.getDevice(uid)) || null"


def _devices(db, rep) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Device)
                             .where(Device.user_id == rep.id))


def _arrived(page, db, description: str, timeout: float = 20.0):
    """The ticket once the server stored it (fresh reads), or None after `timeout`.

    It waits with `page.wait_for_timeout`, not `time.sleep`: Playwright's sync API runs
    route handlers (`_losing_the_first_answer`) only while the test is inside one of its
    calls, so a bare sleep would hold the phone's registration until the deadline.
    """
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        ticket = db.session.scalar(select(Ticket).where(Ticket.description == description))
        if ticket is not None or time.monotonic() > deadline:
            return ticket
        page.wait_for_timeout(100)


def _losing_the_first_answer(registrations: list):
    """A route handler: the first registration reaches the server (which registers the
    phone, and its session cookie reaches the phone), but the page never reads the
    answer; later ones pass. Each answer's status goes into `registrations`."""
    def handle(route):
        response = route.fetch()
        registrations.append(response.status)
        if len(registrations) == 1:
            route.abort("connectionreset")
            return
        route.fulfill(response=response)
    return handle


def _sign_in_and_open_the_store(context, password, store):
    """Sign in through the form and open the store straight away (no waiting)."""
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=username]", "rep1")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"/rep/stores/{store.id}")
    return page


def test_each_fresh_sign_in_registers_once_and_the_ticket_uploads(
        seeded, db, browser, base_url, js_clock, password, push_log):
    rep, store, _ = rep_world(db)
    for attempt in range(5):
        before = _devices(db, rep)
        context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740},
                                      is_mobile=True, has_touch=True, locale="zh-CN")
        context.add_init_script(js_clock)
        registrations = []
        context.route("**/api/devices", _losing_the_first_answer(registrations))
        page = _sign_in_and_open_the_store(context, password, store)
        description = f"包装破损 {attempt}"
        page.goto(f"/rep/stores/{store.id}/ticket")
        page.select_option("select[name='r0.data.category']", "quality")
        page.fill("textarea[name='r0.data.description']", description)
        page.fill("input[name='r0.data.goods_value']", "56")
        page.click("form[data-capture] button[type=submit]")
        ticket = _arrived(page, db, description)
        assert ticket is not None, attempt
        chip = page.locator("#sync-status")
        expect(chip).to_have_attribute("data-pending", "0", timeout=20000)
        expect(chip).not_to_have_attribute("data-state", "signin")
        expect(page.locator("[data-sync-signin]")).to_be_hidden()
        stored = db.session.scalar(select(func.count()).select_from(Ticket)
                                   .where(Ticket.description == description))
        assert stored == 1 and push_log.posts[ticket.id] >= 1, attempt
        senders = {e["device_id"] for e in push_log.envelopes
                   if any(r["id"] == ticket.id for r in e["records"])}
        assert len(registrations) >= 2 and set(registrations) == {201}, (attempt, registrations)
        device = page.evaluate(DEVICE, rep.id)
        assert device and not device["needs_signin"]
        assert _devices(db, rep) == before + 1, attempt  # one device per sign-in
        assert senders == {device["device_id"]}, attempt
        assert db.session.get(Device, device["device_id"]).last_sync_at is not None
        context.close()


def test_signing_in_again_from_the_banner_uploads_what_waited(
        seeded, db, password, phone_context, push_log):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    old = page.evaluate(DEVICE, rep.id)
    hq = db.session.scalar(select(User).where(User.username == "hq"))
    revoke_device(db.session.get(Device, old["device_id"]), hq)  # as HQ's devices page does
    db.session.commit()
    [visit_id] = page.evaluate(QUEUE, [visit_pairs(store.id, "等待重新登录"), rep.id, None])
    page.evaluate("RoundsSync.kick('test', true)")
    banner = page.locator("[data-sync-signin]")
    expect(banner).to_be_visible(timeout=15000)

    banner.locator("a").click()
    page.fill("input[name=username]", "rep1")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    # no reload, no wait for a timer: the page opened after signing in uploads at once
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0", timeout=15000)
    expect(page.locator("[data-sync-signin]")).to_be_hidden()
    db.session.rollback()
    assert db.session.get(Visit, visit_id) is not None
    new = page.evaluate(DEVICE, rep.id)
    assert new["device_id"] != old["device_id"] and not new["needs_signin"]
    # sent once from the new device; before that, at most one try from the revoked one
    # (refused with 401) — none if a pull met the 401 first and raised the banner
    senders = [e["device_id"] for e in push_log.envelopes
               if any(r["id"] == visit_id for r in e["records"])]
    assert senders[-1] == new["device_id"] and senders.count(new["device_id"]) == 1
    assert senders[:-1] in ([], [old["device_id"]]), senders
