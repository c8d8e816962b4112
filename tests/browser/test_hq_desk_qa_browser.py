"""What an HQ desk user saw in the browser and tripped over (QA pass of the desktop
pages at 1366×900), each pinned by one test."""

import pytest

pytestmark = pytest.mark.browser


def _login(page, username, password):
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def _weights(page) -> dict[str, int]:
    """Each tab's text and its font weight as drawn."""
    return page.eval_on_selector_all(
        "nav.tabs a", "els => Object.fromEntries(els.map(e => "
        "[e.textContent.trim(), parseInt(getComputedStyle(e).fontWeight)]))")


def test_the_chosen_quarter_and_status_tab_stand_out(seeded, browser, base_url, password):
    """On the surveys page every quarter looked the same after a click, so the figures
    carried no visible period; the restock tabs kept the first tab marked after another
    was opened. The chosen tab is now drawn apart, and follows the click."""
    desk = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900},
                               locale="zh-CN")
    page = desk.new_page()
    _login(page, "hq", password)
    page.goto("/hq/surveys")
    second = page.locator("nav.tabs a").nth(1)
    chosen = second.inner_text().strip()
    second.click()
    page.wait_for_url("**period=*")
    weights = _weights(page)
    assert weights[chosen] >= 700, weights
    assert all(w < 700 for text, w in weights.items() if text != chosen), weights

    page.goto("/hq/restock")
    page.locator("nav.tabs a").nth(3).click()  # 全部
    page.wait_for_url("**status=all")
    page.wait_for_load_state("networkidle")
    weights = _weights(page)
    assert weights["全部"] >= 700, weights
    assert all(w < 700 for text, w in weights.items() if text != "全部"), weights
    desk.close()
