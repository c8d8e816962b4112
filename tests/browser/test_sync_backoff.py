"""The retry backoff as a rep meets it (issue 9, item 11), in Debian's Chromium.

Being offline is not a failure of the server: tries made without signal do not push the
next try minutes away, the signal returning starts the count afresh, and the status chip
says when the next try is; tapping it uploads at once.
"""

import time

import pytest
from browser_helpers import (
    QUEUE,
    _no_signal,
    go_offline,
    open_app_online,
    rep_world,
    visit_pairs,
    wait_until_async,
)
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.models import Visit

pytestmark = pytest.mark.browser

PENDING = "async (uid) => (await RoundsOutbox.pending(uid)).length"
FAILURES = "async (uid) => ((await RoundsOutbox.getMeta('sync:' + uid, null)) || {}).failures || 0"


def _stored(db, ids) -> int:
    db.session.rollback()  # a fresh snapshot
    return db.session.scalar(select(func.count()).select_from(Visit).where(Visit.id.in_(ids)))


def _wait_stored(page, db, ids, deadline: float) -> float:
    """Poll the database until every visit is stored; the moment it was seen. (Waits
    through the page, so that Playwright keeps serving the test's routes meanwhile.)"""
    while time.monotonic() < deadline:
        if _stored(db, ids) == len(ids):
            return time.monotonic()
        page.wait_for_timeout(100)
    raise AssertionError(f"only {_stored(db, ids)} of {len(ids)} visits stored in time")


def test_everything_is_uploaded_within_10_s_of_the_signal_returning_even_if_an_answer_is_lost(
        seeded, db, password, phone_context, push_log):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    go_offline(phone_context)
    ids = []
    for n in range(8):  # eight captures in ten seconds of offline work, each asking to send
        ids += page.evaluate(QUEUE, [visit_pairs(store.id, f"offline {n}"), rep.id, None])
        page.evaluate("RoundsSync.kick('capture', true)")
    assert page.evaluate(PENDING, rep.id) == 8
    assert page.evaluate(FAILURES, rep.id) == 0, "tries without signal are not failures"

    # The connection returns: the page's first push after it reaches the server, but its
    # answer is lost. The service worker's pushes (Background Sync, whose timing is the
    # browser's and follows the machine's real connection) lose theirs too, so what
    # delivers is the page's own retry schedule.
    state = {"online": False, "lost": []}

    def lose_first_answer(route):
        sender = "worker" if route.request.service_worker else "page"
        if not state["online"]:
            route.abort("internetdisconnected")
        elif sender == "worker" or "page" not in state["lost"]:
            state["lost"].append(sender)
            route.fetch()  # the server stores the batch ...
            route.abort("connectionreset")  # ... but its answer never reaches the phone
        else:
            route.fallback()

    phone_context.route("**/sync/push", lose_first_answer)
    phone_context.unroute("**/sync/**", _no_signal)
    phone_context.unroute("**/api/devices", _no_signal)
    state["online"] = True
    back = time.monotonic()
    phone_context.set_offline(False)  # the 'online' event

    # what the rep sees: the outbox empty (each record answered for), within 10 s
    while page.evaluate(PENDING, rep.id) and time.monotonic() - back < 10:
        page.wait_for_timeout(100)  # (through the page: Playwright serves the route meanwhile)
    emptied = time.monotonic() - back
    assert "page" in state["lost"], "the page's first push after reconnecting lost its answer"
    assert page.evaluate(PENDING, rep.id) == 0 and emptied < 10, f"{emptied:.1f} s"
    assert _stored(db, ids) == 8  # exactly once each, though a batch was sent twice
    assert all(push_log.posts[i] >= 2 for i in ids)


def test_the_chip_says_when_the_next_try_is_and_a_tap_uploads_now(
        seeded, db, password, phone_context):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    phone_context.route("**/sync/push", lambda route: route.fulfill(
        status=503, content_type="application/json", body='{"error": "unavailable"}'))
    [visit_id] = page.evaluate(QUEUE, [visit_pairs(store.id, "server down"), rep.id, None])
    for expected in range(1, 7):  # the server fails six times: the next try is a minute off
        page.evaluate("RoundsSync.kick('test', true)")
        wait_until_async(page, f"async () => ({FAILURES})({rep.id}).then(n => n >= {expected})")
    chip = page.locator("#sync-status")
    page.evaluate("RoundsOfflineUI.render()")
    expect(chip).not_to_have_attribute("data-next-try", "")
    next_try = int(chip.get_attribute("data-next-try"))
    now = page.evaluate("Date.now()")
    assert next_try - now > 15_000, "six failures back off well beyond the tap"
    hint = page.evaluate("RoundsOfflineUI.t('status_next_try')").split("{time}")[0]
    expect(chip.locator("[data-sync-text]")).to_contain_text(hint)

    phone_context.unroute("**/sync/push")  # the server is back; the phone does not know yet
    tapped = page.evaluate("Date.now()")
    chip.locator("[data-sync-now]").click()
    _wait_stored(page, db, [visit_id], time.monotonic() + 15)
    expect(chip).to_have_attribute("data-pending", "0")
    assert page.evaluate("Date.now()") < next_try, "the tap sent it, not the timer"
    assert tapped < next_try
    expect(chip).to_have_attribute("data-next-try", "")
