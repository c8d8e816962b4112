"""Smaller frictions on the phone (issue 9, item 23), 360×740: every tap target on the
rep's pages is at least 44×44 px, the owner's store page has a way back, signing out
without a connection says so, and the saved-on-the-phone note agrees with the chip."""

import pytest
from browser_helpers import go_offline, login, rep_world, signed_in_phone
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Store, User

pytestmark = pytest.mark.browser

MIN_PX = 44
# Each visible control's box (a checkbox or radio counts with its label), and its text.
SMALL_TARGETS = """(min) => {
  const seen = [];
  document.querySelectorAll('a[href], button, select, textarea, summary, input:not([type=hidden])')
    .forEach((el) => {
      const boxed = ['checkbox', 'radio', 'file'].includes(el.type);
      const target = boxed ? (el.closest('label') || el) : el;
      const box = target.getBoundingClientRect();
      if (!box.width || !box.height || getComputedStyle(target).visibility === 'hidden') return;
      if (box.width < min || box.height < min) {
        const text = (el.textContent || el.name || '').trim().slice(0, 30);
        const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
        seen.push(`${el.tagName.toLowerCase()} "${text}" ${size}`);
      }
    });
  return seen;
}"""


def test_every_tap_target_on_the_rep_pages_is_at_least_44_px(
        seeded, password, phone_context, db):
    _rep, store, _products = rep_world(db)
    page = phone_context.new_page()
    login(page, "rep1", password)
    small = {}
    for path in ["/rep/today", f"/rep/stores/{store.id}", f"/rep/stores/{store.id}/visit",
                 f"/rep/stores/{store.id}/prices", f"/rep/stores/{store.id}/info",
                 f"/rep/stores/{store.id}/ticket", f"/rep/stores/{store.id}/restock",
                 "/rep/stores", "/rep/outbox"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(SMALL_TARGETS, MIN_PX)
        if found:
            small[path] = found
    assert small == {}, "\n".join(f"{p}: {t}" for p, items in small.items() for t in items)


def test_the_owners_store_page_has_a_way_back(seeded, password, phone_context, db):
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    store = db.session.scalar(select(Store).where(Store.owner_id == owner.id))
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto(f"/store/{store.id}")
    back = page.locator(".crumb a")
    expect(back).to_be_visible()
    back.click()
    page.wait_for_url("**/store/")


def test_signing_out_without_a_connection_says_so(seeded, password, phone_context, db):
    rep, _store, _products = rep_world(db)
    page = phone_context.new_page()
    login(page, "rep1", password)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto("/rep/today")
    go_offline(phone_context)
    page.click("form[data-logout] button")
    expect(page.locator("[data-logout-offline]")).to_contain_text("没有网络")
    assert page.url.endswith("/rep/today")


def test_the_saved_note_agrees_with_the_chip_once_everything_is_uploaded(
        seeded, password, phone_context, db):
    rep, store, _products = rep_world(db)
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}/prices")
    page.fill("input[name='r0.data.shelf_price']", "21.00")
    page.fill("input[name='r0.data.stock_units:int']", "4")
    page.click("form[data-capture=price_check] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}")
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", "0")
    expect(page.locator("#sync-status [data-sync-text]")).to_contain_text("已全部上传")
    expect(page.locator("[data-sync-toast]")).to_have_text("已保存并上传。")
