"""What starts a sync, each trigger on its own, in Debian's Chromium against the real server.

Records are queued straight into the outbox (RoundsOutbox.enqueue, no flush asked), so
nothing but the trigger under test can send them: the 30-second timer (the page's
clock fast-forwarded), the tab becoming visible again, the service worker starting,
a Background Sync event and a Periodic Background Sync event (both dispatched by
DevTools, as the browser would when the signal returns or the period comes). The app
also asks for persistent storage and keeps the answer.

No test sleeps and then claims "nothing happened": every flush announces its start and
reason on the `rounds-sync` BroadcastChannel (sync-client.js), a listening page logs
them, and each test checks that the record was sent by flushes of its trigger only.
"""

import time

import pytest
from browser_helpers import QUEUE, open_app_online, rep_world, visit_pairs, wait_until_async
from playwright.sync_api import expect

from webapp.models import Visit

pytestmark = pytest.mark.browser

PENDING = "async (uid) => (await RoundsOutbox.pending(uid)).length"


SET_VISIBILITY = """(state) => {
  Object.defineProperty(document, 'visibilityState', {value: state, configurable: true});
  document.dispatchEvent(new Event('visibilitychange'));
}"""
IDLE = """async () => {
  const {held, pending} = await navigator.locks.query();
  return !held.concat(pending).some((lock) => lock.name === 'outbox-flush');
}"""
# Log every flush started from now on (page or service worker), with its reason.
WATCH_FLUSHES = """() => {
  window.__flushes = [];
  window.__flushWatch = new BroadcastChannel('rounds-sync');
  window.__flushWatch.onmessage = (event) => {
    if (event.data && event.data.type === 'flush-start') window.__flushes.push(event.data.reason);
  };
}"""
FLUSHES = "() => window.__flushes"
# Queue only while no flush runs or waits, and forget the flushes seen before.
QUEUE_WHEN_IDLE = """async ([pairs, uid]) => {
  const idle = """ + IDLE + """;
  for (;;) {  // the opening syncs of page and worker are over: one succeeded, none runs
    const state = await RoundsOutbox.getMeta('sync:' + uid, null);
    if (state && state.last_ok_at && await idle()) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  window.__flushes.length = 0;
  const records = RoundsCapture.recordsFromEntries(pairs);
  return (await RoundsOutbox.enqueue(records, {userId: uid})).map((r) => r.id);
}"""


def _queue_quietly(page, store_id: int, rep_id: int, notes: str) -> str:
    """One visit into the outbox once the opening syncs (page and service worker) are over;
    from then on every flush start is logged (`_sent_by_its_trigger` reads the log)."""
    page.evaluate(WATCH_FLUSHES)
    [record_id] = page.evaluate(QUEUE_WHEN_IDLE, [visit_pairs(store_id, notes), rep_id])
    return record_id


def _sent_by_its_trigger(page, reasons: set[str]) -> None:
    """Every flush started since the record was queued came from the trigger under test:
    nothing else (a timer, the worker, the queueing itself) can have sent it."""
    seen = page.evaluate(FLUSHES)
    assert seen and set(seen) <= reasons, seen


def _arrived(db, push_log, record_id: str) -> None:
    """The record is stored (the server's transaction committed), having been sent once."""
    for _ in range(200):
        db.session.rollback()  # a fresh snapshot each time
        if db.session.get(Visit, record_id) is not None:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"visit {record_id} never reached the database")
    assert push_log.posts[record_id] == 1


def test_the_timer_sends_what_waits(seeded, db, password, phone_context, push_log, app_clock):
    rep, store, _ = rep_world(db)
    phone_context.clock.install(time=app_clock.now())  # the page's timers, under our control
    page = open_app_online(phone_context, password, store, rep)
    record_id = _queue_quietly(page, store.id, rep.id, "timer")
    assert not push_log.posts[record_id] and page.evaluate(FLUSHES) == []
    page.clock.fast_forward(31_000)  # past the 30-second timer
    _arrived(db, push_log, record_id)
    _sent_by_its_trigger(page, {"timer"})
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0", timeout=10000)


def test_coming_back_to_the_tab_sends_what_waits(seeded, db, password, phone_context,
                                                 push_log):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    record_id = _queue_quietly(page, store.id, rep.id, "visible again")
    # the browser reports the tab hidden (the rep switched apps), then visible again
    page.evaluate(SET_VISIBILITY, "hidden")
    page.evaluate(SET_VISIBILITY, "visible")
    _arrived(db, push_log, record_id)
    _sent_by_its_trigger(page, {"visible"})  # hiding started no flush


def _worker_registration(page, cdp, base_url: str) -> str:
    """The service worker registration id of the app's scope (DevTools)."""
    found: dict = {}
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: found.update({r["scopeURL"]: r["registrationId"]
                                       for r in event["registrations"] if not r["isDeleted"]}))
    cdp.send("ServiceWorker.enable")
    for _ in range(100):
        if f"{base_url}/" in found:
            return found[f"{base_url}/"]
        page.wait_for_timeout(50)  # lets Playwright deliver the DevTools events
    raise AssertionError(f"no service worker registration for {base_url}/: {found}")


def _leave_the_app(page, store_id: int, rep_id: int, notes: str) -> str:
    """Queue a visit, then leave the app's pages for a plain file of the site, where no app
    script runs: only the service worker is left. That page keeps logging flush starts."""
    record_id = _queue_quietly(page, store_id, rep_id, notes)
    page.goto("/manifest.webmanifest")
    page.evaluate(WATCH_FLUSHES)
    page.wait_for_function(IDLE)
    return record_id


@pytest.mark.parametrize("event", ["sync", "periodicsync"])
def test_the_service_worker_alone_sends_on_background_sync(seeded, db, password, base_url,
                                                          phone_context, push_log, event):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    cdp = phone_context.new_cdp_session(page)
    registration = _worker_registration(page, cdp, base_url)
    record_id = _leave_the_app(page, store.id, rep.id, event)
    assert not push_log.posts[record_id]
    if event == "sync":  # the signal came back: Chromium wakes the worker with this tag
        cdp.send("ServiceWorker.dispatchSyncEvent", {
            "origin": base_url, "registrationId": registration, "tag": "rounds-outbox",
            "lastChance": False})
    else:
        cdp.send("ServiceWorker.dispatchPeriodicSyncEvent", {
            "origin": base_url, "registrationId": registration, "tag": "rounds-periodic"})
    _arrived(db, push_log, record_id)
    _sent_by_its_trigger(page, {"background-sync" if event == "sync" else "periodic"})


def test_a_starting_service_worker_sends_what_waits(seeded, db, password, base_url,
                                                    phone_context, push_log):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    cdp = phone_context.new_cdp_session(page)
    _worker_registration(page, cdp, base_url)
    record_id = _leave_the_app(page, store.id, rep.id, "worker start")
    cdp.send("ServiceWorker.stopAllWorkers")
    assert not push_log.posts[record_id]
    cdp.send("ServiceWorker.startWorker", {"scopeURL": f"{base_url}/"})
    _arrived(db, push_log, record_id)
    _sent_by_its_trigger(page, {"sw-start"})


def test_a_failed_send_asks_for_background_sync(seeded, db, password, phone_context):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    phone_context.route("**/sync/push", lambda route: route.abort("connectionreset"))
    page.evaluate(QUEUE, [visit_pairs(store.id, "no signal"), rep.id, None])
    page.evaluate("RoundsSync.kick('test', true)")
    wait_until_async(page, """async () => {
      const registration = await navigator.serviceWorker.ready;
      return (await registration.sync.getTags()).includes('rounds-outbox');
    }""")
    assert page.evaluate(PENDING, rep.id) == 1, "a cut send keeps the record queued"


def test_the_app_asks_for_persistent_storage_and_keeps_the_answer(seeded, db, password,
                                                                 phone_context):
    rep, store, _ = rep_world(db)
    phone_context.add_init_script("""(() => {
      const storage = navigator.storage, ask = storage.persist.bind(storage);
      window.__persistAsked = 0;
      storage.persist = () => { window.__persistAsked += 1; return ask(); };
    })()""")
    page = open_app_online(phone_context, password, store, rep)
    wait_until_async(page, "async () => (await RoundsOutbox.getMeta('persisted', null)) !== null")
    granted = page.evaluate("navigator.storage.persisted()")
    assert page.evaluate("RoundsOutbox.getMeta('persisted', null)") is granted
    assert granted or page.evaluate("window.__persistAsked") >= 1
