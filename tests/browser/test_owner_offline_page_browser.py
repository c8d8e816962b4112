"""owner1 on a phone without signal opens a page the phone never kept (the catalogue):
the service worker shows the owner's offline page, which leads back to the orders kept
on the phone, not the rep's round (found by QA)."""

import pytest
from browser_helpers import go_offline, login
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_owner_offline_gets_the_owner_offline_page(seeded, password, phone_context):
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/orders")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)
    page.reload()  # the list through the worker, which keeps the copy
    go_offline(phone_context)
    page.goto("/store/catalogue")
    expect(page.locator("[data-offline-page]")).to_be_visible()
    expect(page.locator("[data-offline-page]")).not_to_contain_text("今日巡店")
    page.locator("[data-offline-page] a.button").click()
    expect(page.locator("[data-as-of][data-from-cache]")).to_be_visible()
    assert page.url.endswith("/store/orders")


def test_a_tap_in_the_owner_nav_offline_gets_the_offline_page_not_nothing(
        seeded, password, phone_context):
    """Found by QA: without signal, a tap on "购物车" (or any section the phone did not
    keep) in the bottom bar did nothing at all: htmx's request failed in silence and the
    owner stayed on the page, not told why."""
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/orders")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)
    page.reload()
    go_offline(phone_context)
    page.click(".bottom-nav a[href='/store/tickets']")
    expect(page.locator("[data-offline-page]")).to_be_visible()
    page.locator("[data-offline-page] a.button").click()
    expect(page.locator("[data-as-of][data-from-cache]")).to_be_visible()
