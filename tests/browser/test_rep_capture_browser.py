"""A rep's round in one store on a 360×740 phone, with JavaScript and the offline client on.

rep1 checks in (the phone's location goes with it), checks prices (a price far above the
guide price is flagged inline while typing), corrects the store's phone, raises a ticket
and checks out. The forms are queued by the offline client and pushed to /sync/push; the
server then holds each record once. Screenshots in Chinese and English under
test-results/screens/capture-*.png.
"""


import pytest
from browser_helpers import go_offline, go_online, signed_in_phone, wait_for
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.models import PriceCheck, Store, Ticket, User, Visit
from webapp.rep.queries.capture import price_products

pytestmark = pytest.mark.browser





def _store(db):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    return rep, store


def test_rep_round_in_one_store_on_a_phone(seeded, password, phone_context, screenshot, db,
                                           base_url):
    rep, store = _store(db)
    first = price_products(db.session, store)[0]
    phone_context.grant_permissions(["geolocation"], origin=base_url)
    phone_context.set_geolocation({"latitude": store.lat or 25.0, "longitude": store.lng or 104.0,
                                   "accuracy": 18})
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}")

    page.goto(f"/rep/stores/{store.id}/visit")
    expect(page.locator("[data-geo-status]")).to_contain_text("±18")
    page.click("form[data-checkin] button[type=submit]")
    expect(page.locator("[data-checked-in]")).to_be_visible()
    visit_url = page.url  # /visit?open=<id>: the open visit's own address
    screenshot(page, "capture-visit-zh")

    page.click(f"a[href='/rep/stores/{store.id}/prices']")
    page.wait_for_url(f"**/rep/stores/{store.id}/prices")
    row = page.locator(f"li.price-row[data-product-id='{first.id}']")
    row.locator("input[name$='shelf_price']").fill(f"{first.guide_price_fen * 2 / 100:.2f}")
    expect(row.locator(".price-warn")).to_contain_text("100%")  # twice the guide price
    row.locator("input[name$='shelf_price']").press("Enter")  # Enter moves to the stock field
    expect(row.locator("input[name$='stock_units:int']")).to_be_focused()
    page.keyboard.type("6")
    screenshot(page, "capture-prices-zh")
    before = db.session.scalar(select(func.count()).select_from(PriceCheck))
    page.click("form[data-capture] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}/visit")  # opened from the visit: back there
    assert wait_for(db, lambda: db.session.scalar(
        select(func.count()).select_from(PriceCheck)) == before + 1)

    page.goto(f"/rep/stores/{store.id}/info")
    page.fill("input[name='r0.data.changes.phone']", "13987654321")
    screenshot(page, "capture-info-zh")
    page.click("form[data-capture] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}")
    assert wait_for(db, lambda: db.session.get(Store, store.id).phone == "13987654321")

    page.goto(f"/rep/stores/{store.id}/ticket")
    page.select_option("select[name='r0.data.category']", "quality")
    page.fill("textarea[name='r0.data.description']", "两条烟受潮发霉")
    page.fill("input[name='r0.data.goods_value']", "560")
    screenshot(page, "capture-ticket-zh")
    page.click("form[data-capture] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}/ticket/*")  # the rules' verdict, once uploaded
    expect(page.locator("[data-ticket-verdict]")).to_be_visible(timeout=15000)
    expect(page.locator("[data-tier]")).to_have_attribute("data-tier", "market_manager")
    screenshot(page, "capture-ticket-saved-zh")
    ticket = wait_for(db, lambda: db.session.scalar(
        select(Ticket).where(Ticket.description == "两条烟受潮发霉")))
    assert ticket.first_responder_id == rep.id and ticket.tier == "market_manager"

    page.goto(visit_url)
    expect(page.locator("[data-checked-in]")).to_be_visible()
    visit_id = page.input_value("input[name='r0.id']")
    page.fill("textarea[name='r0.data.notes']", "陈列整齐,已补价签")
    page.check("input[name='r0.data.findings.display.ok:bool'][value=true]")
    screenshot(page, "capture-checkout-zh")
    page.click("button[data-checkout]")
    page.wait_for_url(f"**/rep/stores/{store.id}")
    visit = wait_for(db, lambda: db.session.get(Visit, visit_id))
    assert visit.ended_at is not None and visit.accuracy_m == 18
    assert visit.findings == {"display": {"ok": True, "note": ""}}
    page.goto(f"/rep/stores/{store.id}/visit")  # checked out: the next visit starts afresh
    expect(page.locator("form[data-checkin]")).to_be_visible()

    page.click("button[name=locale][value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for path, name in (("visit", "visit"), ("prices", "prices"), ("info", "info"),
                       ("ticket", "ticket"), ("restock", "restock")):
        page.goto(f"/rep/stores/{store.id}/{path}")
        expect(page.locator("h1")).to_be_visible()
        screenshot(page, f"capture-{name}-en")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_check_in_and_out_without_a_connection(seeded, password, phone_context, db, base_url):
    """No signal in the shop: the check-in opens the visit form on the phone; the visit
    waits in the outbox and reaches the server once the signal is back."""
    rep, store = _store(db)
    page = signed_in_phone(phone_context, password, rep)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(f"/rep/stores/{store.id}")  # online once: the worker keeps the store page
    page.goto(f"/rep/stores/{store.id}/visit")
    expect(page.locator("form[data-checkin]")).to_be_visible()
    go_offline(phone_context)
    page.click("form[data-checkin] button[type=submit]")
    expect(page.locator("[data-offline-visit] [data-checked-in]")).to_be_visible()
    visit_id = page.input_value("[data-offline-visit] input[name='r0.id']")
    assert page.input_value("[data-offline-visit] input[name='r0.data.started_at']")
    page.fill("[data-offline-visit] textarea[name='r0.data.notes']", "无信号,离线签到")
    page.click("[data-offline-visit] button[data-checkout]")
    page.wait_for_url(f"**/rep/stores/{store.id}")
    db.session.rollback()
    assert db.session.get(Visit, visit_id) is None  # still on the phone
    go_online(phone_context)
    page.evaluate("RoundsSync.kick('test', true)")
    visit = wait_for(db, lambda: db.session.get(Visit, visit_id))
    assert visit is not None and visit.notes == "无信号,离线签到"
    assert visit.ended_at >= visit.started_at


def test_capture_pages_work_without_javascript(seeded, password, browser, base_url,
                                               screenshot, db):
    """JavaScript off: the same forms post, the server applies them, the store page says so."""
    _, store = _store(db)
    context = browser.new_context(base_url=base_url, java_script_enabled=False,
                                  viewport={"width": 360, "height": 740}, locale="en-GB")
    page = context.new_page()
    page.goto("/login")
    page.fill("input[name=username]", "rep1")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.goto(f"/rep/stores/{store.id}/ticket")
    page.select_option("select[name='r0.data.category']", "delivery_delay")
    page.fill("textarea[name='r0.data.description']", "   ")  # passes `required`, not the server
    page.click("form[data-capture] button[type=submit]")
    expect(page.locator("[data-error-for='r0.description']")).to_be_visible()
    expect(page.locator("select[name='r0.data.category']")).to_have_value("delivery_delay")
    page.fill("textarea[name='r0.data.description']", "Late twice this week")
    page.click("form[data-capture] button[type=submit]")
    expect(page.locator(".flash").first).to_contain_text("TK")
    screenshot(page, "capture-nojs-ticket-saved")
    assert db.session.scalar(select(Ticket).where(
        Ticket.description == "Late twice this week")) is not None
    context.close()
