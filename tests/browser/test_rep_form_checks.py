"""Capture forms are checked on the phone before anything is queued (issue 9, item 15).

A restock line with cartons and no product is refused next to the line, in Chinese, and
nothing goes to the outbox; the server, without JavaScript, answers in Chinese as well.
"""

import pytest
from browser_helpers import rep_world, signed_in_phone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WAITING = "async (uid) => (await RoundsOutbox.summary(uid)).records"


def test_restock_quantity_without_product_is_refused_on_the_phone_in_chinese(
        seeded, password, phone_context, db):
    rep, store = rep_world(db)[:2]
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}/restock")
    page.select_option("select[name='r0.data.reason']", index=1)
    page.fill("input[name='r0.data.wanted_by']", page.get_attribute(
        "input[name='r0.data.wanted_by']", "min"))
    page.fill("input[name='r0.data.lines.0.quantity:int']", "3")
    page.click("form[data-capture] button[type=submit]")
    error = page.locator("[data-error-for='r0.data.lines.0.product_id:int']")
    expect(error).to_have_text("请选择商品。")
    assert page.url.endswith(f"/rep/stores/{store.id}/restock")
    assert page.evaluate(WAITING, rep.id) == 0
    # choosing the product clears the message and the request goes to the outbox
    page.select_option("select[name='r0.data.lines.0.product_id:int']", index=1)
    expect(error).to_have_count(0)
    page.click("form[data-capture] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}")


def test_visit_form_is_checked_on_the_phone_before_queuing(seeded, password, phone_context, db):
    """A finding's note needs OK or problem, a purpose is needed, a follow-up its date:
    the parser on the server would refuse each (quarantine)."""
    rep, store = rep_world(db)[:2]
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}/visit")
    page.click("form[data-checkin] button[type=submit]")
    page.wait_for_url("**/visit?open=*")
    form = page.locator("form[data-capture=visit]")
    form.locator("input[name='r0.data.purposes[]']:checked").uncheck()
    form.locator("textarea[name='r0.data.notes']").fill("检查")
    form.locator("input[name='r0.data.findings.display.note']").fill("海报破损")
    form.locator("input[name='r0.data.follow_ups.0.text']").fill("换海报")
    form.locator("button[data-checkout]").click()
    expect(form.locator("[data-error-for='r0.data.purposes[]']")).to_have_text("请至少选择一个拜访目的。")
    expect(form.locator("[data-error-for='r0.data.findings.display.ok:bool']")).to_be_visible()
    expect(form.locator("[data-error-for='r0.data.follow_ups.0.due']")).to_be_visible()
    assert page.evaluate(WAITING, rep.id) == 0
    assert "/visit" in page.url


def test_restock_over_the_per_product_limit_is_refused_on_the_phone(
        seeded, password, phone_context, db):
    """The limit the form shows ("at most 50 cartons") is checked before queuing: the
    server would refuse the record and the rep would learn nothing on the phone."""
    from webapp.request_context import service_settings

    limit = service_settings().restock_max_units_per_product
    rep, store = rep_world(db)[:2]
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}/restock")
    page.select_option("select[name='r0.data.reason']", index=1)
    page.fill("input[name='r0.data.wanted_by']", page.get_attribute(
        "input[name='r0.data.wanted_by']", "min"))
    page.select_option("select[name='r0.data.lines.0.product_id:int']", index=1)
    page.fill("input[name='r0.data.lines.0.quantity:int']", str(limit + 30))
    page.click("form[data-capture] button[type=submit]")
    error = page.locator("[data-error-for='r0.data.lines.0.quantity:int']")
    expect(error).to_contain_text(str(limit))
    assert page.url.endswith(f"/rep/stores/{store.id}/restock")
    assert page.evaluate(WAITING, rep.id) == 0


def _restock_page(page, store):
    page.goto(f"/rep/stores/{store.id}/restock")
    page.select_option("select[name='r0.data.reason']", index=1)
    page.fill("input[name='r0.data.wanted_by']", page.get_attribute(
        "input[name='r0.data.wanted_by']", "min"))


def test_restock_over_the_request_total_is_refused_on_the_phone_in_chinese(
        seeded, password, phone_context, db):
    """5 lines of 45 cartons (225; the request's limit is 200): the server would refuse
    it after the page said "saved"; the phone tells it first and queues nothing."""
    rep, store = rep_world(db)[:2]
    page = signed_in_phone(phone_context, password, rep)
    _restock_page(page, store)
    for n in range(5):
        page.select_option(f"select[name='r0.data.lines.{n}.product_id:int']", index=n + 1)
        page.fill(f"input[name='r0.data.lines.{n}.quantity:int']", "45")
    page.click("form[data-capture] button[type=submit]")
    error = page.locator("[data-error-for='r0.data.lines.4.quantity:int']")
    expect(error).to_have_text("合计 225 条:每次申请最多 200 条。")
    assert page.url.endswith(f"/rep/stores/{store.id}/restock")
    assert page.evaluate(WAITING, rep.id) == 0
    page.fill("input[name='r0.data.lines.4.quantity:int']", "20")  # 200 in all
    expect(error).to_have_count(0)
    page.click("form[data-capture] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}")


def test_restock_listing_a_product_twice_is_refused_on_the_phone_in_chinese(
        seeded, password, phone_context, db):
    rep, store = rep_world(db)[:2]
    page = signed_in_phone(phone_context, password, rep)
    _restock_page(page, store)
    for n in (0, 2):
        page.select_option(f"select[name='r0.data.lines.{n}.product_id:int']", index=1)
        page.fill(f"input[name='r0.data.lines.{n}.quantity:int']", "5")
    page.click("form[data-capture] button[type=submit]")
    error = page.locator("[data-error-for='r0.data.lines.2.product_id:int']")
    expect(error).to_have_text("这个产品已在另一行:请把它的条数写在同一行。")
    assert page.url.endswith(f"/rep/stores/{store.id}/restock")
    assert page.evaluate(WAITING, rep.id) == 0
    page.select_option("select[name='r0.data.lines.2.product_id:int']", index=2)
    expect(error).to_have_count(0)
    page.click("form[data-capture] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}")


def test_restock_negative_cartons_say_the_real_rule_on_the_phone(
        seeded, password, phone_context, db):
    """−5 cartons: the rule (1 to the per-product limit), not "fill in the cartons"."""
    rep, store = rep_world(db)[:2]
    page = signed_in_phone(phone_context, password, rep)
    _restock_page(page, store)
    page.select_option("select[name='r0.data.lines.0.product_id:int']", index=1)
    page.fill("input[name='r0.data.lines.0.quantity:int']", "-5")
    page.click("form[data-capture] button[type=submit]")
    error = page.locator("[data-error-for='r0.data.lines.0.quantity:int']")
    expect(error).to_contain_text("1")
    assert "请填写需要的条数" not in error.inner_text()
    assert page.evaluate(WAITING, rep.id) == 0
