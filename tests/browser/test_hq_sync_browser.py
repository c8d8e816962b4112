"""HQ's sync pages in a real desktop browser against the live server: a conflict made by a
real push is settled, quarantined records are fixed or discarded, a phone is revoked and
its token then gets 401, per-rep freshness and emergency restock decisions (issue: HQ side
of offline sync). Phones push over real HTTP with Playwright's request API."""

import uuid

import pytest
from browser_helpers import login
from playwright.sync_api import expect
from sqlalchemy import select
from time_helpers import hlc_ms, local_iso, today

from webapp.models import PriceCheck, QuarantinedRecord, RestockRequest, Store, StoreProduct, User

pytestmark = pytest.mark.browser


class Phone:
    """A rep's phone talking to /api/devices and /sync/push over HTTP."""

    def __init__(self, playwright, base_url: str, username: str, password: str) -> None:
        self.api = playwright.request.new_context(base_url=base_url)
        answer = self.api.post("/api/devices", data={"username": username, "password": password,
                                                     "device_name": f"{username} 手机"})
        assert answer.status == 201, answer.text()
        self.device = answer.json()
        self.seq = 0

    def record(self, kind: str, data: dict, offset_ms: int = -60_000, seq: int | None = None):
        self.seq = seq or self.seq + 1
        return {"id": str(uuid.uuid4()), "type": kind, "seq": self.seq, "data": data,
                "hlc": f"{hlc_ms(offset_ms)}:0:phone-{self.seq}"}

    def push(self, records: list, **envelope):
        body = {"device_id": self.device["device_id"], "schema_version": 1,
                "records": records, **envelope}
        return self.api.post("/sync/push", data=body, headers={
            "Authorization": f"Bearer {self.device['token']}"})


@pytest.fixture
def phone(playwright, base_url, password):
    made = []

    def make(username: str = "rep1") -> Phone:
        made.append(Phone(playwright, base_url, username, password))
        return made[-1]

    yield make
    for one in made:
        one.api.dispose()


def rep_store(db, username: str = "rep1") -> tuple[Store, int]:
    """The first store of the rep's territory and a product it sells."""
    rep = db.session.scalar(select(User).where(User.username == username))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    product_id = db.session.scalar(select(StoreProduct.product_id)
                                   .where(StoreProduct.store_id == store.id))
    return store, product_id


def to_english(page) -> None:
    page.click("button[name=locale][value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_conflict_from_a_real_push_is_settled_with_the_other_value(
        seeded, db, password, desktop_context, phone, screenshot):
    store, _ = rep_store(db)
    rep_phone = phone()
    offline = rep_phone.record("store_update", {"store_id": store.id,
                                                "base_version": store.version,
                                                "changes": {"phone": "13900001111"}})
    page = desktop_context.new_page()
    login(page, "hq", password)
    page.goto(f"/hq/stores/{store.id}/edit")
    page.fill("input[name=phone]", "13800002222")
    page.click("form.stack button.primary")
    expect(page.locator("#store-version")).to_have_attribute("data-version",
                                                             str(store.version + 1))
    result = rep_phone.push([offline]).json()["results"][0]
    assert result["status"] == "conflict" and result["fields"]["phone"]["outcome"] == "lost"

    page.click("nav.sidenav a[href='/hq/sync/conflicts']")
    row = page.locator("tr[data-conflict-id]").first
    expect(row.locator("[data-value=winning]")).to_have_text("13800002222")
    expect(row.locator("[data-value=losing]")).to_have_text("13900001111")
    screenshot(page, "hq-conflicts-zh")
    row.locator("button[value=loser]").click()  # htmx swaps the row in place
    expect(row).to_have_attribute("data-status", "swapped")
    expect(row.locator(".flash")).to_be_visible()
    to_english(page)
    page.goto("/hq/sync/conflicts?status=all")
    expect(page.locator("tr[data-conflict-id]").first).to_contain_text("Swapped")
    screenshot(page, "hq-conflicts-en")
    page.goto(f"/hq/stores/{store.id}/edit")
    expect(page.locator("input[name=phone]")).to_have_value("13900001111")


def test_quarantined_records_are_fixed_or_discarded(seeded, db, password, desktop_context,
                                                    phone, screenshot):
    store, product_id = rep_store(db)
    rep_phone = phone()
    bad = [rep_phone.record("price_check", {
        "store_id": store.id, "product_id": product_id, "observed_at":
        local_iso(-4, 10, 5), "shelf_price": price, "stock_units": 5,
        "out_of_stock_days": 0}) for price in ("23,50", "abc")]
    assert [r["status"] for r in rep_phone.push(bad).json()["results"]] == ["rejected"] * 2
    items = {i.record_id: i.id for i in db.session.scalars(select(QuarantinedRecord))}

    page = desktop_context.new_page()
    login(page, "hq", password)
    page.click("nav.sidenav a[href='/hq/sync/quarantine']")
    expect(page.locator("tr[data-item-id]")).to_have_count(2)
    page.click(f"tr[data-item-id='{items[bad[0]['id']]}'] a")
    expect(page.locator("#record-error")).to_contain_text("shelf_price")
    screenshot(page, "hq-quarantine-item-zh")
    text = page.input_value("#payload")
    page.fill("#payload", text.replace('"23,50"', '"23.50"'))
    page.click("form[action$='/reapply'] button")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("tr[data-item-id]")).to_have_count(1)
    fixed = db.session.get(PriceCheck, bad[0]["id"])
    assert fixed is not None and fixed.shelf_price_fen == 2350

    to_english(page)
    page.goto(f"/hq/sync/quarantine/{items[bad[1]['id']]}")
    page.fill("#payload", "{ not json")
    page.click("form[action$='/reapply'] button")
    expect(page.locator("#form-error")).to_contain_text("not valid JSON")
    expect(page.locator("#payload")).to_have_value("{ not json")  # nothing typed is lost
    page.fill("textarea[name=reason]", "price unreadable; rep re-checked on the next visit")
    page.click("form[action$='/discard'] button")
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto("/hq/sync/quarantine?status=all")
    expect(page.locator("tr[data-status=discarded]")).to_have_count(1)
    expect(page.locator("tr[data-status=reapplied]")).to_have_count(1)
    screenshot(page, "hq-quarantine-en")
    db.session.expire_all()
    discarded = db.session.get(QuarantinedRecord, items[bad[1]["id"]])
    assert discarded.resolution_note.startswith("price unreadable")


def test_revoked_phone_gets_401(seeded, db, password, desktop_context, phone, screenshot):
    store, product_id = rep_store(db)
    rep_phone = phone()
    checks = [rep_phone.record("price_check", {
        "store_id": store.id, "product_id": product_id, "observed_at":
        local_iso(-4, 10, 5), "shelf_price": "20.00", "stock_units": 5,
        "out_of_stock_days": 0}, seq=seq) for seq in (1, 4)]
    assert rep_phone.push(checks, pending=5).status == 200  # the outbox, these 2 included
    page = desktop_context.new_page()
    login(page, "hq", password)
    page.click("nav.sidenav a[href='/hq/sync/devices']")
    row = page.locator(f"#device-{rep_phone.device['device_id']}")
    expect(row).to_have_attribute("data-missing", "2-3")
    expect(row).to_have_attribute("data-pending", "3")
    screenshot(page, "hq-devices-zh")
    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm asks first
    row.locator("button.danger").click()
    expect(row).to_have_attribute("data-revoked", "yes")
    refused = rep_phone.push([])
    assert refused.status == 401 and refused.json()["error"]
    to_english(page)
    expect(page.locator(f"#device-{rep_phone.device['device_id']}")).to_contain_text("Revoked")
    screenshot(page, "hq-devices-en")


def test_freshness_lists_every_rep(seeded, db, password, desktop_context, phone, screenshot):
    rep_phone = phone("rep2")
    assert rep_phone.push([], pending=5).status == 200
    page = desktop_context.new_page()
    login(page, "manager1", password)
    page.click("nav.sidenav a[href='/hq/sync/freshness']")
    reps = page.locator("#freshness-table tr[data-rep]")
    expect(reps).to_have_count(3)
    expect(page.locator("tr[data-rep=rep2]")).to_contain_text("rep2 手机")
    screenshot(page, "hq-freshness-zh")
    to_english(page)
    expect(page.locator("h1")).to_have_text("Data freshness")
    screenshot(page, "hq-freshness-en")


def test_manager_decides_restock_requests(seeded, db, password, desktop_context, phone,
                                          screenshot):
    store, product_id = rep_store(db)
    rep_phone = phone()
    wanted = today(2).isoformat()
    requests = [rep_phone.record("restock_request", {
        "store_id": store.id, "reason": reason, "note": "", "wanted_by": wanted,
        "lines": [{"product_id": product_id, "quantity": 10}]})
        for reason in ("wedding", "group_purchase")]
    results = rep_phone.push(requests).json()["results"]
    assert [r["status"] for r in results] == ["applied"] * 2, results
    page = desktop_context.new_page()
    login(page, "manager1", password)
    page.goto("/hq/restock?status=decided")  # the seed's decided requests, if any
    decided_before = page.locator("tr[data-restock-id]").count()
    page.click("nav.sidenav a[href='/hq/restock']")
    first = page.locator(f"#restock-{requests[0]['id']}")
    second = page.locator(f"#restock-{requests[1]['id']}")
    expect(first).to_have_attribute("data-status", "submitted")
    screenshot(page, "hq-restock-zh")
    first.locator("form[action$='/approve'] button").click()
    expect(first).to_have_attribute("data-status", "approved")
    second.locator("input[name=reason]").fill("团购数量未核实")
    second.locator("form[action$='/refuse'] button").click()
    expect(second).to_have_attribute("data-status", "rejected")
    expect(second).to_contain_text("团购数量未核实")
    to_english(page)
    page.goto("/hq/restock?status=decided")
    expect(page.locator("tr[data-restock-id]")).to_have_count(decided_before + 2)
    for made in requests:
        expect(page.locator(f"#restock-{made['id']}")).to_be_visible()
    screenshot(page, "hq-restock-en")
    db.session.expire_all()
    assert db.session.get(RestockRequest, requests[1]["id"]).decision_reason == "团购数量未核实"


def test_pages_work_without_javascript(seeded, db, password, browser, base_url, phone):
    context = browser.new_context(base_url=base_url, java_script_enabled=False,
                                  viewport={"width": 1366, "height": 900})
    try:
        store, product_id = rep_store(db)
        rep_phone = phone()
        wanted = today(2).isoformat()
        req = rep_phone.record("restock_request", {
            "store_id": store.id, "reason": "reception", "note": "", "wanted_by": wanted,
            "lines": [{"product_id": product_id, "quantity": 5}]})
        assert rep_phone.push([req]).json()["results"][0]["status"] == "applied"
        page = context.new_page()
        login(page, "manager1", password)
        page.goto("/hq/restock")
        page.locator(f"#restock-{req['id']} form[action$='/approve'] button").click()
        expect(page.locator(".flash-success")).to_be_visible()
        page.goto("/hq/restock?status=decided")
        expect(page.locator(f"#restock-{req['id']}")).to_have_attribute("data-status",
                                                                        "approved")
    finally:
        context.close()
