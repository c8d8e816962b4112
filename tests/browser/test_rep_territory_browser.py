"""A store not due today can be reached, and what waits on the phone is listed
(issue 9, item 14), on a 360×740 phone, online and offline."""

import pytest
from browser_helpers import QUEUE, go_offline, login, rep_world, signed_in_phone, visit_pairs
from playwright.sync_api import expect

pytestmark = pytest.mark.browser



def test_store_list_from_the_bottom_bar_searches_and_opens_offline(
        seeded, password, phone_context, db):
    rep, store, _products = rep_world(db)
    page = phone_context.new_page()
    login(page, "rep1", password)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto("/rep/today")
    ready = page.locator("[data-offline-ready]")
    expect(ready).to_have_attribute("data-state", "ready", timeout=60000)
    expect(ready).to_contain_text("离线")
    page.click(".bottom-nav a[href='/rep/stores']")
    page.wait_for_url("**/rep/stores")
    item = page.locator(f"li[data-store-id='{store.id}']")
    expect(item).to_contain_text(store.name)
    expect(item.locator(".badge")).to_have_text(store.grade)
    expect(item.locator(".last-visit")).to_be_visible()
    go_offline(phone_context)
    page.goto("/rep/today")
    page.click(".bottom-nav a[href='/rep/stores']")
    page.wait_for_url("**/rep/stores")
    expect(item).to_be_visible()  # the cached list, no signal
    page.fill("[data-store-search]", store.customer_code)
    expect(page.locator("li[data-store-id]:visible")).to_have_count(1)
    expect(item).to_be_visible()
    page.fill("[data-store-search]", "没有这样的店zzz")
    expect(page.locator("[data-store-none]")).to_be_visible()


def test_the_waiting_page_lists_records_queued_on_the_phone(seeded, password, phone_context, db):
    rep, store, _products = rep_world(db)
    page = signed_in_phone(phone_context, password, rep)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto("/rep/outbox")
    expect(page.locator("[data-outbox-empty]")).to_be_visible()
    # the round's pages are on the phone before the signal goes (today's list included)
    expect(page.locator("[data-offline-ready]")).to_have_attribute("data-state", "ready",
                                                                    timeout=60000)
    go_offline(phone_context)
    ids = page.evaluate(QUEUE, [visit_pairs(store.id, "离线拜访"), rep.id, None])
    page.click(".bottom-nav a[href='/rep/today']")
    page.wait_for_url("**/rep/today")
    page.click(".bottom-nav a[href='/rep/outbox']")
    page.wait_for_url("**/rep/outbox")
    row = page.locator(f"[data-outbox-list] li[data-record-id='{ids[0]}']")
    expect(row).to_contain_text("拜访")
    expect(row).to_contain_text(store.name)
