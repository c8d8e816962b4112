"""The offline page speaks the language the rep chose (issue 9 item 17): the worker keeps
one copy per language and shows the one the pages last came in, whatever language was
current when it was installed."""

import re

import pytest
from browser_helpers import go_offline, go_online, login
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def in_language(locale: str) -> re.Pattern:
    return re.compile(rf"^{locale}(-|$)")  # zh-CN, en


def switch_language(page, locale: str) -> None:
    page.click(f"button[name=locale][value={locale}]")
    expect(page.locator("html")).to_have_attribute("lang", in_language(locale))
    page.goto("/rep/today")  # a page through the worker, in the chosen language
    expect(page.locator("html")).to_have_attribute("lang", in_language(locale))


def expect_offline_page(context, heading: str, locale: str, screenshot=None, name=""):
    """Go offline, open a page never cached in a tab of its own, and check the offline
    page's heading and language; the tab is closed before the signal returns, so the
    rep's own page goes on undisturbed."""
    go_offline(context)
    stand_in = context.new_page()
    stand_in.goto("/hq/sync/devices")
    expect(stand_in.locator("[data-offline-page]")).to_be_visible()
    expect(stand_in.locator("[data-offline-page] h1")).to_have_text(heading)
    expect(stand_in.locator("html")).to_have_attribute("lang", in_language(locale))
    if screenshot:
        screenshot(stand_in, name)
    stand_in.close()


@pytest.mark.parametrize("installed_in", ["zh", "en"])
def test_the_offline_page_follows_a_switch_to_english_and_back(seeded, password, phone_context,
                                                               screenshot, installed_in):
    """Switch to English, back to Chinese, go offline, open an uncached page: Chinese.

    The worker installs (and precaches) on the first page after signing in, in the
    language of that moment: Chinese, or English when it was chosen on the login page.
    """
    page = phone_context.new_page()
    page.goto("/login")
    if installed_in == "en":
        page.click("button[name=locale][value=en]")
        expect(page.locator("html")).to_have_attribute("lang", in_language("en"))
    login(page, "rep1", password)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    switch_language(page, "en")
    expect_offline_page(phone_context, "You are offline", "en")
    go_online(phone_context)
    page.goto("/rep/today")
    switch_language(page, "zh")
    expect_offline_page(phone_context, "当前离线", "zh", screenshot,
                        f"offline-page-zh-after-switching-back-installed-{installed_in}")
