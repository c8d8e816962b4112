"""The visit form survives a price check in the middle of a visit, and the price check
warns about a typo on the phone, offline too (issue 9, items 19, 20 and 23), 360×740."""

import pytest
from browser_helpers import go_offline, login, rep_world, signed_in_phone
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Product, StoreProduct

pytestmark = pytest.mark.browser

VISIT = "form[data-capture=visit]:visible"
NOTES = f"{VISIT} textarea[name='r0.data.notes']"
TYPED = "货架整齐,新品已上架"


def test_visit_draft_survives_the_price_check_and_saving_prices_returns_to_the_visit(
        seeded, password, phone_context, db):
    rep, store = rep_world(db)[:2]
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}/visit")
    page.click("form[data-checkin] button[type=submit]")
    page.wait_for_url("**/visit?open=*")
    page.fill(NOTES, TYPED)
    page.fill(f"{VISIT} input[name='r0.data.findings.display.note']", "海报破损")
    page.check(f"{VISIT} input[name='r0.data.findings.display.ok:bool'][value=false]")
    page.click(f".capture-links a[href='/rep/stores/{store.id}/prices']")
    page.wait_for_url(f"**/rep/stores/{store.id}/prices")
    page.fill("input[name='r0.data.shelf_price']", "21.00")
    page.fill("input[name='r0.data.stock_units:int']", "4")
    page.click("form[data-capture=price_check] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}/visit")
    expect(page.locator(NOTES)).to_have_value(TYPED)
    note = page.locator(f"{VISIT} input[name='r0.data.findings.display.note']")
    expect(note).to_have_value("海报破损")
    expect(page.locator(f"{VISIT} input[name='r0.data.findings.display.ok:bool'][value=false]")
           ).to_be_checked()
    page.reload()  # a reload keeps it too
    expect(page.locator(NOTES)).to_have_value(TYPED)
    page.click("button[data-draft-discard]")  # until the rep discards it
    expect(page.locator(NOTES)).to_have_value("")
    page.reload()
    expect(page.locator(NOTES)).to_have_value("")


def test_offline_price_check_warns_about_a_price_far_below_the_guide(
        seeded, password, phone_context, db):
    rep, store = rep_world(db)[:2]
    first = db.session.scalar(select(Product).join(StoreProduct).where(
        StoreProduct.store_id == store.id, Product.active.is_(True)).order_by(Product.code))
    first.guide_price_fen = 45000  # ¥450, as in the issue
    db.session.commit()
    page = signed_in_phone(phone_context, password, rep)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(f"/rep/stores/{store.id}/prices")  # online once: kept by the worker
    go_offline(phone_context)
    page.reload()
    row = page.locator(f"li.price-row[data-product-id='{first.id}']")
    row.locator("input[name$=shelf_price]").fill("23.50")
    expect(row.locator(".warn-slot")).to_contain_text("低于指导价")
    expect(row.locator(".warn-slot")).to_contain_text("¥450.00")
    row.locator("input[name$=shelf_price]").fill("450")
    expect(row.locator(".price-warn")).to_have_count(0)


def test_days_out_of_stock_is_not_in_the_next_key_chain(seeded, password, phone_context, db):
    rep, store = rep_world(db)[:2]
    page = phone_context.new_page()
    login(page, "rep1", password)
    page.goto(f"/rep/stores/{store.id}/prices")
    page.focus("input[name='r0.data.stock_units:int']")
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.name")
    assert focused == "r1.data.shelf_price"
    days = page.locator("input[name='r0.data.out_of_stock_days:int']")
    assert days.get_attribute("tabindex") == "-1" and days.get_attribute("enterkeyhint") is None


def test_a_restored_draft_says_which_photos_must_be_added_again(
        seeded, password, phone_context, db, tmp_path):
    """Photos are not kept in a draft: coming back, the rep is told, never left to find
    the photo silently gone (the notes typed beside it are back)."""
    from PIL import Image

    shelf = tmp_path / "shelf.jpg"
    Image.new("RGB", (64, 48), (120, 90, 40)).save(shelf, "JPEG")
    rep, store = rep_world(db)[:2]
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}/visit")
    page.click("form[data-checkin] button[type=submit]")
    page.wait_for_url("**/visit?open=*")
    page.fill(NOTES, TYPED)
    photo = page.locator(f"{VISIT} input[type=file][data-kind=shelf]")
    photo.set_input_files(str(shelf))
    page.reload()
    expect(page.locator(NOTES)).to_have_value(TYPED)
    lost = page.locator(f"{VISIT} [data-draft-photo-lost]")
    expect(lost).to_have_count(1)
    expect(lost).to_have_text("草稿不保存照片:请重新添加。")
    page.locator(f"{VISIT} input[type=file][data-kind=shelf]").set_input_files(str(shelf))
    expect(lost).to_have_count(0)
