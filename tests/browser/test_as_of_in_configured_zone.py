"""A page read from the phone's copy says when it was made, in the configured zone
(Asia/Shanghai), whatever zone the phone itself is set to (style habit 9: times are shown
in the configured zone). Found by QA: a phone set to London read the 08:20 order page
"as of 00:20"."""

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from browser_helpers import go_offline, login
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from order_helpers import make_world  # noqa: E402
from receipt_helpers import delivered  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def london_phone(browser, base_url, js_clock):
    """A phone whose own zone is London (UTC in winter), eight hours behind Shanghai."""
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True, locale="zh-CN",
                                  timezone_id="Europe/London")
    context.add_init_script(js_clock)
    yield context
    context.close()


def test_the_owner_copy_says_as_of_in_shanghai_time(seeded, db, app, password, london_phone):
    order = delivered(db, make_world(db))
    page = london_phone.new_page()
    login(page, "owner1", password)
    page.goto(f"/store/orders/{order.id}")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)
    page.reload()  # now through the worker, which keeps the copy
    go_offline(london_phone)
    page.reload()
    line = page.locator("[data-as-of][data-from-cache]")
    expect(line).to_be_visible()
    made = datetime.fromisoformat(line.get_attribute("data-as-of"))
    zone = ZoneInfo(app.config["TIMEZONE"])
    assert made.astimezone(zone).strftime("%H:%M") in line.inner_text()
    assert made.astimezone(ZoneInfo("Europe/London")).strftime("%H:%M") not in line.inner_text()
