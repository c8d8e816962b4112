"""The phone side of offline sync, in a real browser against the real server.

rep1 opens the app online (so today's list, the store page and its forms are cached),
loses the signal, records a visit, price checks and a store update, sees them waiting,
gets the signal back, and the server holds each record exactly once, also when the
connection is cut after the server committed but before the phone read the answer.
Records are queued through the client's public API (RoundsCapture + RoundsOutbox, the
same calls the capture forms' submit handler makes) with fields in the forms' grammar.
"""

import uuid

import pytest
from browser_helpers import (
    HAS_DEVICE,
    QUEUE,
    go_offline,
    go_online,
    login,
    open_app_online,
    rep_world,
    visit_pairs,
    wait_until_async,
)
from playwright.sync_api import expect
from sqlalchemy import delete, func, select
from time_helpers import local_iso, today

from webapp.models import (
    Device,
    PriceCheck,
    Store,
    SyncConflict,
    SyncReceipt,
    User,
    Visit,
)

pytestmark = pytest.mark.browser

def _price_checks(store_id, product_ids):
    pairs = []
    for i, product_id in enumerate(product_ids):
        pairs += [(f"r{i}.id", str(uuid.uuid4())), (f"r{i}.type", "price_check"),
                  (f"r{i}.optional", "shelf_price,stock_units"),
                  (f"r{i}.data.store_id:int", str(store_id)),
                  (f"r{i}.data.product_id:int", str(product_id)),
                  (f"r{i}.data.observed_at", local_iso(-4, 10, 5)),
                  (f"r{i}.data.shelf_price", f"{20 + i}.50"),
                  (f"r{i}.data.stock_units:int", str(3 + i)),
                  (f"r{i}.data.out_of_stock_days:int", "0")]
    # an untouched row of the list: dropped, as the server drops it
    pairs += [("r9.id", str(uuid.uuid4())), ("r9.type", "price_check"),
              ("r9.optional", "shelf_price,stock_units"), ("r9.data.store_id:int", str(store_id)),
              ("r9.data.product_id:int", str(product_ids[0])), ("r9.data.shelf_price", ""),
              ("r9.data.stock_units:int", "")]
    return pairs


def _store_update(store, **changes):
    pairs = [("r0.id", str(uuid.uuid4())), ("r0.type", "store_update"),
             ("r0.data.store_id:int", str(store.id)),
             ("r0.data.base_version:int", str(store.version))]
    return pairs + [(f"r0.data.changes.{k}", v) for k, v in changes.items()]


def _count(db, model, ids):
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model).where(model.id.in_(ids)))


def test_offline_round_reaches_the_server_exactly_once(seeded, db, password, phone_context,
                                                       screenshot, push_log):
    rep, store, products = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    chip = page.locator("#sync-status")

    go_offline(phone_context)
    page.reload()  # from the service worker's cache
    expect(page.locator("h1").first).to_have_text(store.name)
    expect(chip).to_have_attribute("data-state", "offline")

    visit_ids = page.evaluate(QUEUE, [visit_pairs(store.id, "货架整齐, offline"), rep.id, None])
    price_ids = page.evaluate(QUEUE, [_price_checks(store.id, products[:2]), rep.id, None])
    update_ids = page.evaluate(QUEUE, [_store_update(store, opening_hours="8:00-21:00"),
                                       rep.id, None])
    ids = visit_ids + price_ids + update_ids
    assert len(ids) == 4, "the untouched price-check row must not be queued"
    expect(chip).to_have_attribute("data-pending", "4")
    expect(chip.locator("[data-sync-text]")).to_contain_text("4")
    pending = page.locator("#pending-records")
    expect(pending.locator("li[data-record-id]")).to_have_count(4)
    expect(pending.locator("li .badge")).to_have_count(4)
    for record_id in ids:
        expect(pending.locator(f'li[data-record-id="{record_id}"]')).to_be_visible()
    screenshot(page, "offline-round-waiting-zh")

    # a page never opened before: the offline page, not the browser's error
    page.goto("/hq/")
    expect(page.locator("[data-offline-page]")).to_be_visible()
    screenshot(page, "offline-page-zh")
    page.goto(f"/rep/stores/{store.id}")
    expect(pending.locator("li[data-record-id]")).to_have_count(4)
    assert not push_log.posts, "nothing may reach the server while offline"

    go_online(phone_context)  # the 'online' event drains the outbox
    expect(chip).to_have_attribute("data-pending", "0", timeout=30000)
    expect(chip).to_have_attribute("data-state", "ok")
    expect(pending.locator("li[data-record-id]")).to_have_count(0)
    # what left the "waiting" list shows where it now belongs, without a reload
    expect(page.locator("#visits")).to_contain_text("货架整齐, offline")
    expect(page.locator("#store-contact")).to_contain_text("8:00-21:00")
    screenshot(page, "offline-round-synced-zh")

    assert {record_id: push_log.posts[record_id] for record_id in ids} == dict.fromkeys(ids, 1)
    assert _count(db, Visit, visit_ids) == 1 and _count(db, PriceCheck, price_ids) == 2
    receipts = db.session.scalars(select(SyncReceipt).where(SyncReceipt.record_id.in_(ids))).all()
    assert len(receipts) == 4
    db.session.refresh(store)
    assert store.opening_hours == "8:00-21:00"
    # each record carries the device's counter (+1 per record) and the schema version
    sent = [r for env in push_log.envelopes for r in env["records"] if r["id"] in ids]
    assert sorted(r["seq"] for r in sent) == list(range(1, 5))
    assert all(env["schema_version"] == 1 for env in push_log.envelopes)
    device = db.session.scalar(select(Device).where(Device.user_id == rep.id))
    assert {env["device_id"] for env in push_log.envelopes} == {device.id}
    assert device.last_seq == 4 and device.missing_seqs == []


def test_a_5xx_and_a_cut_after_the_commit_are_retried_and_stored_once(
        seeded, db, password, phone_context, push_log):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    answers = []

    def cut_first_answer(route):
        if not answers:  # a proxy's 503: the server never saw it
            answers.append(("503", None))
            route.fulfill(status=503, content_type="application/json",
                          body='{"error": "unavailable"}')
            return
        response = route.fetch()  # the server receives the push and commits
        if len(answers) == 1:
            answers.append(("cut", response.status))
            route.abort("connectionreset")  # ... but the phone never reads the answer
            return
        answers.append(("answered", response.json()))
        route.fulfill(response=response)

    phone_context.route("**/sync/push", cut_first_answer)
    [visit_id] = page.evaluate(QUEUE, [visit_pairs(store.id, "cut"), rep.id, None])
    page.evaluate("RoundsSync.kick('test', true)")
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0", timeout=20000)

    assert answers[:2] == [("503", None), ("cut", 200)]
    retried = [a[1]["results"] for a in answers[2:] if a[0] == "answered"]
    assert [r["status"] for results in retried for r in results if r["id"] == visit_id] \
        == ["duplicate"]
    assert push_log.posts[visit_id] == 2
    assert _count(db, Visit, [visit_id]) == 1


def test_an_hq_edit_meets_the_offline_change_as_a_conflict(
        seeded, db, password, phone_context, desktop_context, screenshot, push_log):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    go_offline(phone_context)
    [update_id] = page.evaluate(QUEUE, [_store_update(store, phone="13900001111"), rep.id, None])

    hq = desktop_context.new_page()
    login(hq, "hq", password)
    hq.goto(f"/hq/stores/{store.id}/edit")
    hq.fill("input[name=phone]", "13800002222")
    hq.click("form.stack button.primary")
    expect(hq.locator("#store-version")).to_have_attribute("data-version", str(store.version + 1))

    go_online(phone_context)
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0", timeout=15000)
    attention = page.locator(f'[data-attention-id="{update_id}"]')
    expect(attention).to_have_attribute("data-status", "conflict")
    expect(attention).to_contain_text("13800002222")  # the value that stands
    screenshot(page, "offline-conflict-phone-zh")

    db.session.rollback()
    conflict = db.session.scalar(select(SyncConflict).where(SyncConflict.record_id == update_id))
    assert conflict.field == "phone" and conflict.status == "open"
    assert {conflict.winning_value, conflict.losing_value} == {"13800002222", "13900001111"}
    hq.goto("/hq/sync/conflicts")
    row = hq.locator(f"#conflict-{conflict.id}")
    expect(row).to_contain_text("13900001111")
    expect(row).to_contain_text("13800002222")
    screenshot(hq, "offline-conflict-hq")
    assert push_log.posts[update_id] == 1


def test_records_waiting_over_a_day_warn_the_rep(seeded, db, password, phone_context):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    go_offline(phone_context)
    stale = page.locator("[data-sync-stale]")
    page.evaluate(QUEUE, [visit_pairs(store.id, "yesterday"), rep.id, None])
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "1")
    expect(stale).to_be_hidden()
    two_days_ago = "Date.now() - 2 * 24 * 3600 * 1000"
    page.evaluate(f"""async ([pairs, uid]) => {{
      await RoundsOutbox.enqueue(RoundsCapture.recordsFromEntries(pairs),
                                 {{userId: uid, now: {two_days_ago}}});
      await RoundsOfflineUI.render();
    }}""", [visit_pairs(store.id, "two days ago"), rep.id])
    expect(stale).to_be_visible()
    go_online(phone_context)
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0", timeout=15000)
    expect(stale).to_be_hidden()


def _noise_jpeg(path, size=900):
    """A photo-like JPEG of random pixels: big enough to upload in several chunks."""
    import random

    from PIL import Image

    rng = random.Random(5)
    image = Image.frombytes("RGB", (size, size), bytes(rng.getrandbits(8)
                                                        for _ in range(size * size * 3)))
    image.save(path, "JPEG", quality=95)
    return path


def test_the_real_capture_forms_work_offline_with_a_resumable_photo(
        seeded, db, password, phone_context, screenshot, push_log, tmp_path):
    from webapp.models import Photo

    rep, store, products = rep_world(db)
    if store.lat is not None:
        phone_context.grant_permissions(["geolocation"])
        phone_context.set_geolocation({"latitude": store.lat, "longitude": store.lng,
                                       "accuracy": 15})
    page = open_app_online(phone_context, password, store, rep)
    chip = page.locator("#sync-status")
    base = f"/rep/stores/{store.id}"
    page.goto(f"{base}/visit")
    page.click("form[data-checkin] button[type=submit]")
    expect(page.locator("[data-checked-in]")).to_be_visible()
    for path in ("/prices", "/info"):  # opened once online: on the phone from now on
        page.goto(base + path)
        expect(page.locator("form[data-capture]")).to_be_visible()

    go_offline(phone_context)
    page.goto(f"{base}/visit")
    visit_form = page.locator("form[data-capture=visit]")
    visit_id = visit_form.locator("input[name='r0.id']").input_value()
    visit_form.locator("textarea[name='r0.data.notes']").fill("离线拜访:陈列整齐")
    visit_form.locator("input[type=file][data-kind=shelf]").set_input_files(
        _noise_jpeg(tmp_path / "shelf.jpg"))
    visit_form.locator("[data-checkout]").click()
    page.wait_for_url(f"**{base}")  # offline, the store page (on the phone) comes next
    expect(page.locator(f'#pending-records li[data-record-id="{visit_id}"]')).to_be_visible()

    page.goto(f"{base}/prices")
    rows = page.locator("form[data-capture=price_check] li.price-row")
    price_ids = []
    # the price warning is worked out on the phone (price-warning.js): no request at all
    rows.nth(0).locator("input[name$='.shelf_price']").fill("30.50")
    expect(page.locator("[data-offline-page]")).to_have_count(0)
    for i in range(2):
        rows.nth(i).locator("input[name$='.shelf_price']").fill(f"{30 + i}.50")
        rows.nth(i).locator("input[name$='.stock_units:int']").fill(str(5 + i))
        price_ids.append(rows.nth(i).locator("input[name$='.id']").input_value())
    page.click("form[data-capture=price_check] button[type=submit]")
    page.wait_for_url(f"**{base}")

    page.goto(f"{base}/info")
    info = page.locator("form[data-capture=store_update]")
    update_id = info.locator("input[name='r0.id']").input_value()
    info.locator("input[name='r0.data.changes.opening_hours']").fill("07:00-22:00")
    info.locator("button[type=submit]").click()
    page.wait_for_url(f"**{base}")

    ids = [visit_id, *price_ids, update_id]
    expect(chip).to_have_attribute("data-pending", "4")
    expect(chip).to_have_attribute("data-photos", "1")
    expect(chip).to_have_attribute("data-photo-progress", "0%")
    pending = page.locator("#pending-records")
    for record_id in ids:
        expect(pending.locator(f'li[data-record-id="{record_id}"] .badge')).to_be_visible()
    expect(pending.locator(f'[data-photo-progress="{visit_id}"]')).to_be_visible()
    screenshot(page, "offline-forms-waiting-zh")
    assert not push_log.posts

    # back online, but the photo's upload is cut after its first chunk
    chunks = {"ok": 0, "cut": 0, "allow": False}

    def cut_photo(route):
        if route.request.method == "PUT" and not chunks["allow"] and chunks["ok"] >= 1:
            chunks["cut"] += 1
            route.abort("connectionreset")
            return
        if route.request.method == "PUT":
            chunks["ok"] += 1
        route.continue_()

    phone_context.route("**/sync/photos/*", cut_photo)
    go_online(phone_context)
    expect(chip).to_have_attribute("data-pending", "0", timeout=15000)
    expect(chip).to_have_attribute("data-photos", "1")
    expect(chip).not_to_have_attribute("data-photo-progress", "0%")  # part of it is up
    progress = chip.get_attribute("data-photo-progress")
    screenshot(page, "offline-forms-photo-half-zh")
    assert chunks["cut"] >= 1 and chunks["ok"] >= 1

    chunks["allow"] = True  # the signal is good again: the upload resumes where it stopped
    page.evaluate("RoundsSync.kick('test', true)")
    expect(chip).to_have_attribute("data-photos", "0", timeout=20000)
    expect(chip).to_have_attribute("data-state", "ok")
    print(f"photo: {chunks['ok']} chunks sent, {chunks['cut']} cut, paused at {progress}")

    assert {i: push_log.posts[i] for i in ids} == dict.fromkeys(ids, 1)
    db.session.rollback()
    visit = db.session.get(Visit, visit_id)
    assert visit.notes == "离线拜访:陈列整齐" and visit.ended_at is not None
    assert _count(db, PriceCheck, price_ids) == 2
    assert db.session.get(PriceCheck, price_ids[0]).shelf_price_fen == 3050
    db.session.refresh(store)
    assert store.opening_hours == "07:00-22:00"
    photos = db.session.scalars(select(Photo).where(Photo.owner_id == visit_id)).all()
    assert len(photos) == 1 and photos[0].kind == "shelf"


def test_records_queued_by_the_first_app_version_survive_the_update(
        seeded, db, password, phone_context, push_log):
    """The outbox database of app version 1 is upgraded in place: its records are sent."""
    rep, store, _ = rep_world(db)
    page = phone_context.new_page()
    page.goto("/login")  # no app scripts here: build the old database by hand
    page.add_script_tag(url="/static/vendor/idb-8.0.4.umd.js")
    page.add_script_tag(url="/static/js/hlc.js")
    page.add_script_tag(url="/static/js/outbox.js")
    old_id = str(uuid.uuid4())
    page.evaluate("""async ([id, uid, sid, started]) => {
      const db = await idb.openDB('rounds', 1, {
        upgrade(db, oldVersion, newVersion, tx) { RoundsOutbox.DB_STEPS[0](db, tx); }});
      // an entry as the first version wrote it: no tries / next_at fields yet
      await db.put('outbox', {id, type: 'visit', hlc: Date.now() + ':0:pold0001', seq: 1,
        schema_version: 1, user_id: uid, store_id: sid, created_at: Date.now() - 3600000,
        data: {store_id: sid, started_at: started,
               purposes: ['routine'], notes: 'queued by app v1'}});
      await db.put('meta', {key: 'seq:' + uid, value: 1});
      db.close();
    }""", [old_id, rep.id, store.id, local_iso(-4, 9)])

    login(page, "rep1", password)  # the new app opens: upgrade, register, send
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "ok", timeout=15000)
    info = page.evaluate("""async () => {
      const db = await RoundsOutbox.open();
      return {version: db.version, indexes: [...db.transaction('photos').store.indexNames]};
    }""")
    assert info == {"version": 2, "indexes": ["by_record", "by_user"]}
    assert push_log.posts[old_id] == 1
    db.session.rollback()
    assert db.session.get(Visit, old_id).notes == "queued by app v1"


def test_the_next_user_of_the_phone_does_not_see_the_last_users_pages_offline(
        seeded, db, password, phone_context):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    [waiting] = page.evaluate(QUEUE, [visit_pairs(store.id, "rep1's"), rep.id, None])
    go_offline(phone_context)
    page.goto(f"/rep/stores/{store.id}")  # rep1's page is on the phone now
    expect(page.locator("h1").first).to_have_text(store.name)
    go_online(phone_context)
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0", timeout=15000)
    page.click("form[action='/logout'] button")
    page.wait_for_url("**/login**")  # signing out is a whole page now, not htmx's request
    login(page, "rep2", password)
    rep2 = db.session.scalar(select(User).where(User.username == "rep2"))
    wait_until_async(page, HAS_DEVICE, rep2.id)
    go_offline(phone_context)
    page.goto(f"/rep/stores/{store.id}")
    expect(page.locator("[data-offline-page]")).to_be_visible()
    expect(page.locator("h1").first).not_to_have_text(store.name)
    assert _count(db, Visit, [waiting]) == 1


def test_pages_of_stores_due_soon_are_on_the_phone_before_the_rep_opens_them(
        seeded, db, password, phone_context):
    rep, store, _ = rep_world(db)
    # a store never visited is due at any hour (late in the day the seeded round is done)
    never = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id.desc()))
    db.session.execute(delete(Visit).where(Visit.store_id == never.id))
    db.session.commit()
    page = open_app_online(phone_context, password, store, rep)
    result = page.evaluate("""() => new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('message', (event) => {
        if (event.data.type === 'warm:done') resolve(event.data.result);
      });
      navigator.serviceWorker.controller.postMessage({type: 'warm', force: true, reply: true});
    })""")
    listed = page.evaluate("fetch('/pwa/warm').then(r => r.json())")
    assert result["fetched"] >= len(listed["urls"]) > 0
    go_offline(phone_context)
    last = listed["stores"][-1]  # due in the coming days, never opened on this phone
    for path in ("", "/prices", "/info"):
        page.goto(f"/rep/stores/{last}{path}")
        expect(page.locator("[data-offline-page]")).to_have_count(0)
        expect(page.locator("#sync-status")).to_have_attribute("data-state", "offline")
    expect(page.locator("form[data-capture=store_update]")).to_be_visible()


def test_a_ticket_with_a_photo_and_a_restock_request_wait_offline_and_arrive_once(
        seeded, db, password, phone_context, push_log, tmp_path):
    from webapp.models import Photo, RestockRequest, Ticket

    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    base = f"/rep/stores/{store.id}"
    for path in ("/ticket", "/restock"):
        page.goto(base + path)
        expect(page.locator("form[data-capture]")).to_be_visible()

    go_offline(phone_context)
    page.goto(f"{base}/ticket")
    ticket = page.locator("form[data-capture=ticket]")
    ticket_id = ticket.locator("input[name='r0.id']").input_value()
    ticket.locator("select[name='r0.data.category']").select_option(index=1)
    ticket.locator("textarea[name='r0.data.description']").fill("包装破损,店主要求换货")
    ticket.locator("input[type=file][name=photos]").first.set_input_files(
        _noise_jpeg(tmp_path / "evidence.jpg", size=300))
    ticket.locator("button[type=submit]").click()
    page.wait_for_url(f"**{base}")

    page.goto(f"{base}/restock")
    restock = page.locator("form[data-capture=restock_request]")
    restock_id = restock.locator("input[name='r0.id']").input_value()
    restock.locator("select[name='r0.data.reason']").select_option(index=1)
    restock.locator("select[name='r0.data.lines.0.product_id:int']").select_option(index=1)
    restock.locator("input[name='r0.data.lines.0.quantity:int']").fill("3")
    restock.locator("input[name='r0.data.wanted_by']").fill(
        today(2).isoformat())
    restock.locator("button[type=submit]").click()
    page.wait_for_url(f"**{base}")

    chip = page.locator("#sync-status")
    expect(chip).to_have_attribute("data-pending", "2")
    expect(chip).to_have_attribute("data-photos", "1")
    for record_id in (ticket_id, restock_id):
        expect(page.locator(f'#pending-records li[data-record-id="{record_id}"] .badge')) \
            .to_be_visible()
    go_online(phone_context)
    expect(chip).to_have_attribute("data-pending", "0", timeout=15000)
    expect(chip).to_have_attribute("data-photos", "0", timeout=15000)
    expect(page.locator("[data-sync-attention]")).to_be_hidden()  # nothing refused

    assert push_log.posts[ticket_id] == 1 and push_log.posts[restock_id] == 1
    db.session.rollback()
    assert db.session.get(Ticket, ticket_id).description == "包装破损,店主要求换货"
    assert len(db.session.get(RestockRequest, restock_id).lines) == 1
    photos = db.session.scalars(select(Photo).where(Photo.owner_id == ticket_id)).all()
    assert [p.owner_type for p in photos] == ["ticket"]


def test_a_page_of_the_old_app_keeps_working_after_a_newer_one_upgraded_the_outbox(
        seeded, db, password, phone_context, push_log):
    rep, store, _ = rep_world(db)
    page = phone_context.new_page()
    page.goto("/login")
    for script in ("vendor/idb-8.0.4.umd.js", "js/hlc.js", "js/outbox.js"):
        page.add_script_tag(url=f"/static/{script}")
    page.evaluate("""async () => {
      const next = RoundsOutbox.DB_VERSION + 1;  // what a later app version will do
      const db = await idb.openDB('rounds', next, {upgrade(db, oldVersion, newVersion, tx) {
        for (let v = oldVersion; v < RoundsOutbox.DB_VERSION; v++) RoundsOutbox.DB_STEPS[v](db, tx);
        db.createObjectStore('drafts', {keyPath: 'id'});
      }});
      db.close();
    }""")
    login(page, "rep1", password)
    wait_until_async(page, HAS_DEVICE, rep.id)
    [record_id] = page.evaluate(
        QUEUE, [visit_pairs(store.id, "old page, new database"), rep.id, None])
    page.evaluate("RoundsSync.kick('test', true)")
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0", timeout=15000)
    state = page.evaluate("RoundsOutbox.open().then(db => [db.version, RoundsOutbox.outdated])")
    assert state == [3, True]
    assert push_log.posts[record_id] == 1 and _count(db, Visit, [record_id]) == 1


def test_the_rep_keeps_working_while_an_upload_hangs(seeded, db, password, phone_context,
                                                     push_log):
    rep, store, _ = rep_world(db)
    page = open_app_online(phone_context, password, store, rep)
    base = f"/rep/stores/{store.id}"
    held = []

    released = False

    def hold(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    phone_context.route("**/sync/push", hold)  # the server does not answer (yet)
    [first] = page.evaluate(QUEUE, [visit_pairs(store.id, "slow network"), rep.id, None])
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'flush'})")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the worker should be uploading"

    page.goto(f"{base}/info")  # meanwhile the rep goes on with the next form
    form = page.locator("form[data-capture=store_update]")
    second = form.locator("input[name='r0.id']").input_value()
    form.locator("input[name='r0.data.changes.owner_name']").fill("王老板")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{base}")
    chip = page.locator("#sync-status")
    expect(chip).to_have_attribute("data-pending", "2")
    expect(page.locator(f'#pending-records li[data-record-id="{second}"]')).to_be_visible()

    released = True
    for route in held:
        route.continue_()
    expect(chip).to_have_attribute("data-pending", "0", timeout=15000)
    assert push_log.posts[first] == 1 and push_log.posts[second] == 1
