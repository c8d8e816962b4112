"""No page of a signed-out rep comes back from any cache, and online a rep sees the
server's own copy of a page, with what was just saved (QA findings 6 and 7), in Chromium
at 360×740.
"""

import pytest
from browser_helpers import open_app_online, rep_world, wait_until_async
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KEPT = """async () => !!(await caches.match('{url}', {{ignoreVary: true}}))"""


def test_back_after_signing_out_shows_no_page_of_the_rep(seeded, db, password, phone_context):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    url = f"/rep/stores/{store.id}"
    wait_until_async(page, KEPT.format(url=url))  # the worker keeps the store page
    # today's list, then the store page by a tap (htmx boosts the link), as a rep does
    page.goto("/rep/today")
    page.locator(f"a[href='{url}']").first.click()
    page.wait_for_url(f"**{url}")
    expect(page.locator("h1").first).to_have_text(store.name)

    page.locator("form[data-logout] button").click()
    page.wait_for_url("**/login**")
    expect(page.locator("input[name=password]")).to_be_visible()

    page.go_back()
    expect(page.locator("input[name=password]")).to_be_visible()
    body = page.locator("body")
    expect(body).not_to_contain_text(store.name)
    expect(page.locator("#sync-status, [data-as-of]")).to_have_count(0)
    # ... and the worker kept nothing of the rep's pages
    assert page.evaluate(f"async () => !(await caches.match('{url}', {{ignoreVary: true}}))")


def test_online_a_saved_change_shows_on_the_store_page_from_the_network(
        seeded, db, password, phone_context):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    url = f"/rep/stores/{store.id}"
    wait_until_async(page, KEPT.format(url=url))  # an older copy waits in the cache
    phone = "13912345678" if store.phone != "13912345678" else "13987654321"

    page.goto(f"{url}/info")
    page.fill("#f-phone", phone)
    page.locator("form[data-capture] button[type=submit]").click()
    page.wait_for_url(f"**{url}")
    as_of = page.locator("[data-as-of]")
    expect(as_of).not_to_have_attribute("data-from-cache", "")  # the server's copy
    expect(page.locator("#store-contact")).to_contain_text(phone)
    expect(as_of).to_be_hidden()

    # later, online, the page is the network's again (no "as of … copy" line)
    page.goto("/rep/today")
    page.goto(url)
    expect(page.locator("#store-contact")).to_contain_text(phone)
    expect(as_of).not_to_have_attribute("data-from-cache", "")
    expect(as_of).to_be_hidden()
