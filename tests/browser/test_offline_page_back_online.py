"""The offline stand-in opens the page itself once the signal is back. Found by QA
(qaloop): a rep who opened a page the phone had not kept saw "当前离线"; when the
connection returned the chip turned to "已全部上传" but the page kept saying "当前离线"
until the rep found the way back by hand."""

import pytest
from browser_helpers import go_offline, go_online, rep_world, signed_in_phone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_offline_page_opens_the_asked_page_when_the_signal_returns(seeded, password,
                                                                        phone_context, db,
                                                                        screenshot):
    rep, store, _products = rep_world(db)
    page = signed_in_phone(phone_context, password, rep)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    go_offline(phone_context)
    url = f"/rep/stores/{store.id}?never-kept=1"
    page.goto(url)
    expect(page.locator("[data-offline-page]")).to_be_visible()
    go_online(phone_context)
    expect(page.locator("[data-offline-page]")).to_have_count(0, timeout=10000)
    expect(page.locator("h1").first).to_have_text(store.name)
    assert page.url.endswith(url)
    screenshot(page, "offline-page-back-online-zh")
