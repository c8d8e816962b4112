"""The store the rep just opened is kept for offline use before the rest of the round
(issue 9, item 14: "today the store the rep opened may be cached last"), in Chromium.

The rep's first page is a store's page (signed in through its `next`): the page asks the
service worker to warm, naming itself; the worker fetches that page again (for its
cache) before today's list and the server's warm list. Order seen at the server.
"""

import threading

import pytest
from browser_helpers import rep_world, wait_until_async

pytestmark = pytest.mark.browser


class PageLog:
    """The path of every GET the server received, in order."""

    def __init__(self):
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def wrap(self, inner):
        def wsgi(environ, start_response):
            if environ["REQUEST_METHOD"] == "GET":
                with self.lock:
                    self.paths.append(environ["PATH_INFO"])
            return inner(environ, start_response)
        return wsgi

    def snapshot(self) -> list[str]:
        with self.lock:
            return list(self.paths)


@pytest.fixture
def page_log(app, monkeypatch):
    log = PageLog()
    monkeypatch.setattr(app, "wsgi_app", log.wrap(app.wsgi_app))
    return log


def test_the_store_page_opened_first_is_warmed_before_today(seeded, db, password,
                                                          phone_context, page_log):
    _rep, store, _products = rep_world(db)
    store_page = f"/rep/stores/{store.id}"
    page = phone_context.new_page()
    page.goto(store_page)  # → the login page, back to the store after signing in
    page.fill("input[name=username]", "rep1")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{store_page}")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    # the warm has reached today's list (the page itself never asks for it)
    wait_until_async(page, "async () => !!(await caches.match('/rep/today', {ignoreVary: true}))",
                     timeout=60000)
    paths = page_log.snapshot()
    # what came after the worker was installed: the worker's own fetches (pages, lists)
    after = paths[paths.index("/sw.js"):]
    shown = " ".join(path for path in after if not path.startswith("/static/"))
    assert store_page in after, f"the worker never fetched the opened store page: {shown}"
    assert "/rep/today" in after and "/pwa/warm" in after, shown
    assert after.index(store_page) < min(after.index("/rep/today"), after.index("/pwa/warm")), \
        shown
