"""Offline, the bottom bar's boosted links open the pages the phone keeps, even when the
browser itself asks to bypass caches (DevTools' "Disable cache", or Playwright once a
route is set: htmx's requests then reach the worker with `cache: 'reload'`).

Regression: the worker sent every non-navigation rep request with cache 'no-store' or
'reload' to the network only (meant for offline-ui.js refreshing a page's parts), so
offline a boosted navigation got /offline instead of the kept page.
"""

import pytest
from browser_helpers import go_offline, login
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# What htmx sends for a boosted link, with the cache mode the browser may give it.
BOOSTED_FETCH = """async (url) => {
  const headers = {'HX-Request': 'true', 'HX-Boosted': 'true'};
  const r = await fetch(url, {cache: 'reload', headers});
  return {status: r.status, url: r.url, html: await r.text()};
}"""


def test_a_boosted_link_offline_opens_the_page_the_warmer_kept(seeded, password, phone_context):
    page = phone_context.new_page()
    login(page, "rep1", password)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto("/rep/today")
    ready = page.locator("[data-offline-ready]")
    expect(ready).to_have_attribute("data-state", "ready", timeout=60000)
    # /rep/outbox was never opened: only the warmer put it in the cache
    go_offline(phone_context)
    kept = page.evaluate(BOOSTED_FETCH, "/rep/outbox")
    assert kept["status"] == 200 and kept["url"].endswith("/rep/outbox"), kept["url"]
    assert "data-outbox-list" in kept["html"] and "data-from-cache" in kept["html"]

    page.click(".bottom-nav a[href='/rep/outbox']")
    page.wait_for_url("**/rep/outbox")
    expect(page.locator("[data-outbox-list]")).to_be_attached()
    page.click(".bottom-nav a[href='/rep/stores']")
    page.wait_for_url("**/rep/stores")
    expect(page.locator("[data-store-search]")).to_be_visible()
    page.click(".bottom-nav a[href='/rep/today']")
    page.wait_for_url("**/rep/today")
    assert "/offline" not in page.url
