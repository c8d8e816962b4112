"""Real-browser fixtures: the app served on 127.0.0.1 and Debian's Chromium via Playwright.

Chromium missing: the browser tests skip with a loud reason locally, and fail in
CI (ROUNDS_REQUIRE_BROWSER=1), where `.ci/run` installs it.
"""

import os
import shutil

import pytest
from browser_helpers import PushLog
from js_clock import SHIFT_DATE_JS, ServiceWorkerPrelude, shift_ms
from playwright.sync_api import expect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# How long an `expect` waits for the page to get there: 10 s, not Playwright's 5. The
# suite shares two CPUs with a second database's pass in CI; a page that gets there
# later than 5 s under that load is slow, not wrong (a failing check waits longer).
expect.set_options(timeout=10_000)
SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-results", "screens")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("ROUNDS_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"Chromium is required for the browser tests ({CHROMIUM})")
    skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM}: "
                                   "apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use Debian's Chromium (Playwright's own download is unreachable here)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-base-url's fixture, pointed at the live server."""
    return live_server


@pytest.fixture
def js_clock(app, app_clock, monkeypatch) -> str:
    """Chromium's `Date` on the app's pinned clock: the init script for pages, and the same
    shift prepended to /sw.js for the service worker (see js_clock.py)."""
    script = SHIFT_DATE_JS % shift_ms(app_clock)
    monkeypatch.setattr(app, "wsgi_app", ServiceWorkerPrelude(app.wsgi_app, script))
    return script


@pytest.fixture
def phone_context(browser, base_url, js_clock):
    """A browser context the size of a phone (360×740, touch), its clock the app's."""
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True, locale="zh-CN",
                                  device_scale_factor=2)
    context.add_init_script(js_clock)
    yield context
    context.close()


@pytest.fixture
def desktop_context(browser, base_url, js_clock):
    """A desktop browser context (1366×900), its clock the app's."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1366, "height": 900})
    context.add_init_script(js_clock)
    yield context
    context.close()


@pytest.fixture
def screenshot():
    """Save a screenshot under test-results/screens/<name>.png for people to look at."""
    os.makedirs(SCREENSHOTS, exist_ok=True)

    def take(page, name: str) -> str:
        path = os.path.abspath(os.path.join(SCREENSHOTS, f"{name}.png"))
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def push_log(app, monkeypatch):
    """Counts, at the server, every record id POSTed to /sync/push (see PushLog)."""
    log = PushLog()
    monkeypatch.setattr(app, "wsgi_app", log.wrap(app.wsgi_app))
    return log
