"""The phone's form checks speak the rep's language, not the browser's (issue 9, item 15).

The capture forms used the browser's own constraint checks (`required`, `pattern`,
`min`), whose messages come in the browser's language: a rep with the Chinese UI on an
English-language phone saw English bubbles (and the reverse). The checks now show our
translated messages, with the bound where there is one, next to the field, and queue
nothing. 360×740 phones; the browser's language is the other one each time.
"""

import re
from datetime import date, timedelta

import pytest
from browser_helpers import signed_in_phone
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Store, User
from webapp.request_context import service_settings

pytestmark = pytest.mark.browser

WAITING = "async (uid) => (await RoundsOutbox.summary(uid)).records"
PRICE_FORM = "form[data-capture=price_check]"
RESTOCK_FORM = "form[data-capture=restock_request]"


@pytest.fixture
def english_phone(browser, base_url, js_clock):
    """A phone (360×740, touch) whose browser speaks American English."""
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True, locale="en-US",
                                  device_scale_factor=2)
    context.add_init_script(js_clock)
    yield context
    context.close()


def _signed_in(context, db, password, locale=None):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    page = signed_in_phone(context, password, rep)
    if locale:
        page.click(f"button[name=locale][value={locale}]")
        expect(page.locator("html")).to_have_attribute("lang", re.compile(rf"^{locale}(-|$)"))
    return page, rep, store


def _type_bad_prices(page):
    """A letter in the first row's price, a negative stock in the second row."""
    form = page.locator(PRICE_FORM)
    form.locator("input[name='r0.data.shelf_price']").fill("12a")
    form.locator("input[name='r0.data.stock_units:int']").fill("4")
    form.locator("input[name='r1.data.shelf_price']").fill("3.00")
    form.locator("input[name='r1.data.stock_units:int']").fill("-2")
    form.locator("button[type=submit]").click()
    return (form.locator("[data-error-for='r0.data.shelf_price']"),
            form.locator("[data-error-for='r1.data.stock_units:int']"))


def test_price_check_letters_and_negatives_are_refused_in_chinese_on_an_english_phone(
        seeded, password, english_phone, db):
    page, rep, store = _signed_in(english_phone, db, password)
    page.goto(f"/rep/stores/{store.id}/prices")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    price, stock = _type_bad_prices(page)
    expect(price).to_have_text("请按元填写价格,例如 23.50。")
    expect(stock).to_have_text("请填写 0 或以上的整数。")
    assert page.evaluate(WAITING, rep.id) == 0
    assert page.url.endswith(f"/rep/stores/{store.id}/prices")
    # our checks ran instead of the browser's (whose bubble would have stopped the submit)
    assert page.evaluate(f"document.querySelector('{PRICE_FORM}').noValidate")
    # fixing a field takes its message away; once all are fixed the prices are queued
    page.fill("input[name='r0.data.shelf_price']", "12.50")
    expect(price).to_have_count(0)
    page.fill("input[name='r1.data.stock_units:int']", "2")
    expect(stock).to_have_count(0)
    page.click(f"{PRICE_FORM} button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}")


def test_restock_required_reason_and_too_early_date_are_refused_in_chinese_with_the_bound(
        seeded, password, english_phone, db):
    page, rep, store = _signed_in(english_phone, db, password)
    page.goto(f"/rep/stores/{store.id}/restock")
    form = page.locator(RESTOCK_FORM)
    earliest = form.locator("input[name='r0.data.wanted_by']").get_attribute("min")
    form.locator("input[name='r0.data.wanted_by']").fill(
        (date.fromisoformat(earliest) - timedelta(days=1)).isoformat())
    form.locator("select[name='r0.data.lines.0.product_id:int']").select_option(index=1)
    form.locator("input[name='r0.data.lines.0.quantity:int']").fill("-1")
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-error-for='r0.data.reason']")).to_have_text("此项必填。")
    expect(form.locator("[data-error-for='r0.data.wanted_by']")).to_have_text(
        f"请选择 {earliest} 或之后的日期。")
    limit = service_settings().restock_max_units_per_product  # cartons: 1 to the limit
    expect(form.locator("[data-error-for='r0.data.lines.0.quantity:int']")).to_have_text(
        f"请填写 1 到 {limit} 之间的数值。")
    assert page.evaluate(WAITING, rep.id) == 0
    assert page.url.endswith(f"/rep/stores/{store.id}/restock")


def test_the_english_ui_shows_english_on_a_chinese_phone(seeded, password, phone_context, db):
    page, rep, store = _signed_in(phone_context, db, password, locale="en")
    page.goto(f"/rep/stores/{store.id}/prices")
    price, stock = _type_bad_prices(page)
    expect(price).to_have_text("Write the price in yuan, like 23.50.")
    expect(stock).to_have_text("Enter a whole number of 0 or more.")
    assert page.evaluate(WAITING, rep.id) == 0
    page.goto(f"/rep/stores/{store.id}/ticket")
    page.click("form[data-capture] button[type=submit]")
    expect(page.locator("[data-error-for='r0.data.description']")).to_have_text(
        "This is required.")
    assert page.evaluate(WAITING, rep.id) == 0
