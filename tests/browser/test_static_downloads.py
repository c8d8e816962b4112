"""Each static file crosses the wire once (issue 9, item 22: "the precache re-downloads
132 KB the page had just loaded"), in Debian's Chromium.

A phone signs in and opens today's round; the service worker installs and precaches the
app shell. Counted at the server: every static file's body is sent at most once, because
pages link content-hashed URLs the browser keeps a year (webapp/static_assets.py) and the
precache fetches those very URLs through the HTTP cache (`revision: null`). The pages
still come up with their styles and scripts from the worker's precache afterwards.
"""

import json
import re
import threading
from collections import Counter, defaultdict

import pytest
from browser_helpers import login, wait_until_async
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Every precache entry is in the worker's cache (the install finished, not just began).
PRECACHED = """async () => {
  const names = (await caches.keys()).filter((name) => name.includes('precache'));
  let count = 0;
  for (const name of names) count += (await (await caches.open(name)).keys()).length;
  return count;
}"""


class StaticLog:
    """Each GET /static/... the server answered, by path: its status codes."""

    def __init__(self):
        self.answers: dict[str, list[int]] = defaultdict(list)
        self.lock = threading.Lock()

    def wrap(self, inner):
        def wsgi(environ, start_response):
            path = environ["PATH_INFO"]
            if not path.startswith("/static/"):
                return inner(environ, start_response)

            def noting_start(status, headers, exc_info=None):
                with self.lock:
                    self.answers[path].append(int(status.split()[0]))
                return start_response(status, headers, exc_info)
            return inner(environ, noting_start)
        return wsgi

    def bodies(self) -> Counter:
        """How many times each file's body was sent (200 answers)."""
        with self.lock:
            return Counter({path: codes.count(200) for path, codes in self.answers.items()})


@pytest.fixture
def static_log(app, monkeypatch):
    log = StaticLog()
    monkeypatch.setattr(app, "wsgi_app", log.wrap(app.wsgi_app))
    return log


def _precache_urls(page) -> list[str]:
    body = page.evaluate("fetch('/sw.js', {cache: 'no-store'}).then((r) => r.text())")
    return [entry["url"] for entry in json.loads(
        re.search(r"(\[\s*\{.*?\}\s*\])\)?;", body, re.S).group(1))]


def test_each_static_file_crosses_the_wire_once_on_first_load_and_worker_install(
        seeded, password, phone_context, static_log):
    page = phone_context.new_page()
    login(page, "rep1", password)  # the login page, then today's round
    expect(page.locator("#round-list")).to_be_visible()
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    expected = len(_precache_urls(page))
    wait_until_async(page, f"async () => (await ({PRECACHED})()) >= {expected}")

    # today again, now through the worker: its styles and scripts come from the precache
    page.goto("/rep/today")
    expect(page.locator("#round-list")).to_be_visible()
    page.wait_for_load_state("networkidle")

    sent = static_log.bodies()
    assert sent, "no static file was counted"
    twice = {path: static_log.answers[path] for path, n in sent.items() if n > 1}
    assert not twice, f"sent more than once (path: statuses): {twice}"
    for path in ("/static/css/app.css", "/static/js/offline-ui.js", "/static/css/pwa.css"):
        assert sent[path] == 1, (path, dict(static_log.answers))


# Offline, a kept page from before an update asks for an older hash, or none: the
# precached current copy of the same file answers.
OLD_URLS = """async () => {
  const answers = [];
  for (const url of ['/static/css/app.css?v=0123456789abcdef0123', '/static/css/app.css',
                     '/static/js/outbox.js?v=0123456789abcdef0123']) {
    try { const r = await fetch(url); answers.push(r.status + ' ' + (await r.text()).length); }
    catch (e) { answers.push('failed'); }
  }
  return answers;
}"""


def test_offline_an_older_hash_gets_the_precached_current_file(seeded, password,
                                                               phone_context):
    page = phone_context.new_page()
    login(page, "rep1", password)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    expected = len(_precache_urls(page))
    wait_until_async(page, f"async () => (await ({PRECACHED})()) >= {expected}")
    phone_context.set_offline(True)
    answers = page.evaluate(OLD_URLS)
    assert all(a.startswith("200 ") and not a.endswith(" 0") for a in answers), answers
