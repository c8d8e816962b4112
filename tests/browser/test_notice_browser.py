"""信息发布 in a real browser: HQ publishes a notice to grade-A stores at a desktop
(1280×800); the owner of such a store sees it on their phone's home page and opens it;
HQ's notice page then shows who read it. The survey page is looked at in English."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Store, User

pytestmark = pytest.mark.browser


def _login(page, username, password):
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def test_hq_publishes_the_owner_reads_and_hq_sees_the_receipt(seeded, db, browser, base_url,
                                                               phone_context, password,
                                                               screenshot):
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    store = db.session.scalars(select(Store).where(Store.owner_id == owner.id)
                               .order_by(Store.name)).first()
    desk = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800},
                               locale="zh-CN")
    hq = desk.new_page()
    _login(hq, "hq", password)
    hq.goto("/hq/notices/new")
    hq.select_option("select[name=kind]", "arrival")
    hq.fill("input[name=title]", "本周到货时间调整")
    hq.fill("textarea[name=body]", "本周三下午两点后到货,请留人签收。")
    hq.check(f"input[name=grades][value='{store.grade}']")
    screenshot(hq, "hq-notice-new-1280")
    hq.click("button[type=submit]")
    hq.wait_for_url("**/hq/notices/*")
    expect(hq.locator(f"[data-receipt-store='{store.id}']")).to_contain_text("尚未阅读")

    phone = phone_context.new_page()
    _login(phone, "owner1", password)
    phone.goto("/store/")
    phone.click("[data-home-notice] a >> nth=0")
    expect(phone.locator("[data-notice-body]")).to_contain_text("请留人签收")
    screenshot(phone, "owner-notice-360")

    hq.reload()
    expect(hq.locator(f"[data-receipt-store='{store.id}'] [data-read-by='{owner.id}']")
           ).to_be_visible()
    screenshot(hq, "hq-notice-receipts-1280")
    hq.goto("/hq/surveys")
    hq.click("button[value=en]")
    hq.wait_for_load_state()
    expect(hq.locator("h1")).to_have_text("Satisfaction surveys")
    screenshot(hq, "hq-surveys-en-1280")
    desk.close()
