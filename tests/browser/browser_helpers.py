"""Steps shared by the browser tests."""

import io
import json
import threading
import time
import uuid
from collections import Counter

from playwright.sync_api import expect
from sqlalchemy import select
from time_helpers import hlc_ms, local_iso

from webapp.models import Store, StoreProduct, User


def login(page, username: str, password: str) -> None:
    """Sign in through the login form and wait for the landing page."""
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    page.wait_for_load_state("networkidle")


def wait_until_async(page, predicate: str, arg=None, timeout: float = 30000) -> None:
    """Wait until an async JS predicate (`async (arg) => bool`) resolves true.

    `page.wait_for_function` does not wait for a promise's answer: an async predicate's
    promise counts as truthy, so it returns at once whatever the predicate resolves to.
    This polls the predicate in the page and waits on its answer.
    """
    page.evaluate("""([source, arg]) => {
      window.__roundsUntil = false;
      const predicate = (0, eval)(source);
      (async function poll() {
        let ok = false;
        try { ok = !!(await predicate(arg)); } catch (e) { ok = false; }
        if (ok) window.__roundsUntil = true; else setTimeout(poll, 100);
      })();
    }""", [predicate, arg])
    page.wait_for_function("window.__roundsUntil === true", timeout=timeout)


QUEUE = """async ([pairs, uid, extra]) => {
  const records = RoundsCapture.recordsFromEntries(pairs);
  const queued = await RoundsOutbox.enqueue(records, Object.assign({userId: uid}, extra || {}));
  await RoundsOfflineUI.render();
  return queued.map(r => r.id);
}"""
HAS_DEVICE = "async (uid) => !!(await RoundsOutbox.getDevice(uid))"


class PushLog:
    """Every record id the server received in a POST /sync/push (counted at the server)."""

    def __init__(self):
        self.posts: Counter = Counter()
        self.envelopes: list[dict] = []
        self.lock = threading.Lock()

    def wrap(self, inner):
        def wsgi(environ, start_response):
            if environ["PATH_INFO"] == "/sync/push" and environ["REQUEST_METHOD"] == "POST":
                body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
                environ["wsgi.input"] = io.BytesIO(body)
                envelope = json.loads(body)
                with self.lock:
                    self.envelopes.append(envelope)
                    self.posts.update(r["id"] for r in envelope.get("records", []))
            return inner(environ, start_response)
        return wsgi


def wait_for(db, probe, timeout: float = 20.0):
    """Poll the server's database (fresh reads) until `probe()` is truthy; its last value."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        value = probe()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def rep_world(db, username="rep1"):
    """The rep, their first store and its product ids."""
    rep = db.session.scalar(select(User).where(User.username == username))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    products = db.session.scalars(select(StoreProduct.product_id)
                                  .where(StoreProduct.store_id == store.id)
                                  .order_by(StoreProduct.product_id)).all()
    return rep, store, products


def visit_pairs(store_id, notes):
    """A visit as the capture form's fields (name, value pairs)."""
    return [("r0.id", str(uuid.uuid4())), ("r0.type", "visit"),
            ("r0.data.store_id:int", str(store_id)),
            ("r0.data.started_at", local_iso(-4, 10, 0)),
            ("r0.data.ended_at", local_iso(-4, 10, 25)),
            ("r0.data.purposes[]", "routine"), ("r0.data.purposes[]", "training"),
            ("r0.data.notes", notes)]


def signed_in_phone(context, password, rep, username: str = "rep1"):
    """A new page of the phone, signed in as `username`, once its device is registered."""
    page = context.new_page()
    login(page, username, password)
    wait_until_async(page, HAS_DEVICE, rep.id)
    return page


def open_app_online(context, password, store, rep):
    """Sign in, let the service worker take control and cache today and the store page."""
    page = context.new_page()
    login(page, "rep1", password)
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")
    page.goto("/rep/today")  # now through the worker: kept in its cache
    page.goto(f"/rep/stores/{store.id}")
    expect(page.locator("h1").first).to_have_text(store.name)
    wait_until_async(page, HAS_DEVICE, rep.id)
    return page


def _no_signal(route) -> None:
    route.abort("internetdisconnected")


def go_offline(context) -> None:
    """Take the phone off the network.

    `set_offline` emulates it for pages and the service worker's fetches, but Chromium's
    Background Sync follows the machine's real connection and may wake the worker at
    once; the sync endpoints are therefore cut as well, as they would be without signal.
    """
    context.set_offline(True)
    context.route("**/sync/**", _no_signal)
    context.route("**/api/devices", _no_signal)


def go_online(context) -> None:
    """Give the phone its connection back (the 'online' event drains the outbox)."""
    context.unroute("**/sync/**", _no_signal)
    context.unroute("**/api/devices", _no_signal)
    context.set_offline(False)


def phone_pushes_a_ticket(playwright, base_url, db, password, description: str,
                          category: str = "price") -> str:
    """rep1's phone registers and pushes one ticket for their first store over HTTP (the
    same /sync/push the offline client uses); returns the ticket's id."""
    api = playwright.request.new_context(base_url=base_url)
    device = api.post("/api/devices", data={"username": "rep1", "password": password,
                                            "device_name": "rep1 手机"}).json()
    _rep, store, _products = rep_world(db)
    ticket_id = str(uuid.uuid4())
    body = {"device_id": device["device_id"], "schema_version": 1, "records": [{
        "id": ticket_id, "type": "ticket", "seq": 1, "hlc": f"{hlc_ms(-60_000)}:0:phone-1",
        "data": {"store_id": store.id, "category": category, "description": description}}]}
    answer = api.post("/sync/push", data=body,
                      headers={"Authorization": f"Bearer {device['token']}"})
    assert answer.json()["results"][0]["status"] == "applied"
    api.dispose()
    return ticket_id
