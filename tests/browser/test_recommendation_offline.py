"""The rep's product suggestion end to end on 360×740 phones (issue 11 point 2; 品牌培育,
domain spec §2.4): rep1 recommends a product to owner1's first store with no signal; the
`recommendation` record waits on the phone (shown as pending on the store page), reaches
the server once when the signal is back; owner1 then sees the suggestion in the
catalogue, and the cart stays empty: the owner orders only by their own tap
(客户自主订货 [000 禁止客户经理拿预订单])."""

import time

import pytest
from browser_helpers import go_offline, go_online, login, signed_in_phone, wait_for
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.models import Product, ProductRecommendation, Store, SyncReceipt, User

pytestmark = pytest.mark.browser
NOTE = "新品，价位补缺，先订两条试试"




def _world(db):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    store = db.session.scalar(select(Store).where(Store.owner_id == owner.id)
                              .order_by(Store.id))
    taken = set(db.session.scalars(select(ProductRecommendation.product_id).where(
        ProductRecommendation.store_id == store.id)))
    product = db.session.scalars(select(Product).where(
        Product.active.is_(True), Product.id.not_in(taken)).order_by(Product.code)).first()
    return rep, owner, store, product


def _rows(db, store, product):
    return db.session.scalars(select(ProductRecommendation).where(
        ProductRecommendation.store_id == store.id,
        ProductRecommendation.product_id == product.id)).all()


def test_recommended_offline_synced_once_seen_by_the_owner_never_in_the_cart(
        seeded, password, browser, base_url, js_clock, phone_context, screenshot, db,
        push_log):
    rep, owner, store, product = _world(db)
    page = signed_in_phone(phone_context, password, rep)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    url = f"/rep/stores/{store.id}"
    page.goto(url)  # online once, through the worker: the store page is kept
    expect(page.locator("#recommendations form[data-capture=recommendation]").first
           ).to_be_visible()

    go_offline(phone_context)
    page.select_option("#rec-product", str(product.id))
    page.fill("#rec-note", NOTE)
    with page.expect_navigation():  # queued, then back to the (kept) store page
        page.click("button[data-recommend]")
    pending = page.locator("#pending-records li[data-record-type=recommendation]")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text(NOTE[:20])
    screenshot(page, "recommend-rep-offline-pending-360")
    record_id = pending.get_attribute("data-record-id")
    db.session.rollback()
    assert _rows(db, store, product) == []  # still on the phone

    go_online(phone_context)
    page.evaluate("RoundsSync.kick('test', true)")
    assert wait_for(db, lambda: _rows(db, store, product))
    page.evaluate("RoundsSync.kick('test', true)")  # another drain sends nothing new
    time.sleep(0.5)
    db.session.rollback()
    [row] = _rows(db, store, product)
    assert (row.id, row.note, row.rep_id, row.withdrawn_at) == (record_id, NOTE, rep.id, None)
    assert row.device_id is not None  # from the phone
    assert db.session.scalar(select(func.count()).select_from(SyncReceipt).where(
        SyncReceipt.record_id == record_id)) == 1
    assert push_log.posts[record_id] >= 1
    page.goto(url)
    expect(page.locator(f"#recommendation-list [data-suggestion='{product.id}']")
           ).to_contain_text(NOTE)
    expect(pending).to_have_count(0)

    owner_context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740},
                                        is_mobile=True, has_touch=True, locale="zh-CN")
    owner_context.add_init_script(js_clock)
    try:
        shop = owner_context.new_page()
        login(shop, "owner1", password)
        shop.goto("/store/catalogue")
        if shop.locator("#store-switch-select").input_value() != str(store.id):
            shop.select_option("#store-switch-select", str(store.id))
            with shop.expect_navigation():
                shop.click(".store-switch button[type=submit]")
        mark = shop.locator(f"li.row[data-product='{product.id}'] [data-suggested]")
        expect(mark).to_contain_text("客户经理推荐")
        expect(mark).to_contain_text(NOTE)
        expect(shop.locator("[data-suggested-list]")).to_contain_text(product.name)
        screenshot(shop, "recommend-owner-catalogue-360")
        carts = shop.evaluate("""() => Object.keys(localStorage)
            .filter(k => k.startsWith('rounds-owner-cart:'))
            .map(k => JSON.parse(localStorage.getItem(k)))""")
        assert all(lines == [] for lines in carts), carts  # nothing put in any cart
        shop.goto("/store/cart")
        expect(shop.locator("[data-cart-empty]")).to_be_visible()
        expect(shop.locator(".cart-line")).to_have_count(0)
        expect(shop.locator("[data-cart-count]")).to_be_hidden()
    finally:
        owner_context.close()
