"""Each demo role signs in in a real browser and sees its own home page, in both languages."""

import pytest
from browser_helpers import login
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("username", "path", "zh", "en", "kind"), [
    ("rep1", "/rep/today", "今日巡店", "Today's round", "phone"),
    ("owner1", "/store/", "我的店铺", "My stores", "phone"),
    ("manager1", "/hq/", "总览", "Dashboard", "desktop"),
    ("hq", "/hq/", "总览", "Dashboard", "desktop"),
])
def test_role_home_in_chinese_then_english(seeded, password, phone_context, desktop_context,
                                           screenshot, username, path, zh, en, kind):
    context = phone_context if kind == "phone" else desktop_context
    page = context.new_page()
    login(page, username, password)
    assert page.url.endswith(path)
    expect(page.locator("h1").first).to_have_text(zh)
    screenshot(page, f"home-{username}-zh")
    page.click("button[name=locale][value=en]")
    # hx-boost swaps the page in after the redirect: wait for the English heading
    expect(page.locator("h1").first).to_have_text(en)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    screenshot(page, f"home-{username}-en")
    if kind == "phone":
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, "the phone layout must not scroll sideways at 360 px"
