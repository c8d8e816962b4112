"""Chromium's clock is the app's pinned clock, in the page and in the service worker: what
a phone stamps (visit times, price-check times, HLC clocks) agrees with the server's
"now" on whatever day the suite runs (issue 9 §0)."""

import pytest
from browser_helpers import open_app_online, rep_world

pytestmark = pytest.mark.browser

WORKER_NOW = """() => new Promise((resolve) => {
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data.type === 'warm:done') resolve(RoundsOutbox.getMeta('warm_at', null));
  });
  navigator.serviceWorker.controller.postMessage({type: 'warm', force: true, reply: true});
})"""


def test_page_and_service_worker_read_the_apps_clock(seeded, db, password, phone_context,
                                                     app_clock):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    before = app_clock.now_ms()
    in_page = page.evaluate("[Date.now(), new Date().getTime(), new Date(0).getTime()]")
    in_worker = page.evaluate(WORKER_NOW)  # the worker stamps warm_at with its Date.now()
    after = app_clock.now_ms()
    assert before - 1000 <= in_page[0] <= in_page[1] <= after + 1000
    assert in_page[2] == 0  # explicit dates are untouched
    assert before - 1000 <= in_worker <= after + 1000
    assert page.evaluate("new Date() instanceof Date && typeof Date() === 'string'")
