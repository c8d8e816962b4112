"""The ticket desk in a real desktop browser (1280×800, Chinese): rep1's phone takes a
complaint over HTTP; manager1 finds it in the queue, acknowledges it, answers the store,
resolves it and records the callback (issue 12 items 1–3) [000 实行首问负责] [002 回訪]."""

import pytest
from browser_helpers import login, phone_pushes_a_ticket
from playwright.sync_api import expect

from webapp.models import Ticket

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(browser, base_url, js_clock):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    context.add_init_script(js_clock)
    yield context
    context.close()


def test_manager_acknowledges_answers_and_records_the_callback(
        seeded, db, password, playwright, base_url, desk, screenshot):
    ticket_id = phone_pushes_a_ticket(playwright, base_url, db, password, "价签和售价不一致")
    number = db.session.get(Ticket, ticket_id).number
    page = desk.new_page()
    login(page, "manager1", password)
    page.goto("/hq/tickets")
    row = page.locator(f"tr[data-ticket-id='{ticket_id}']")
    expect(row).to_contain_text("剩余工作时间")
    screenshot(page, "ticket-desk-queue-zh")
    row.locator("a", has_text=number).click()
    expect(page.locator("h1")).to_contain_text(number)

    page.locator("#action-acknowledge button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "acknowledged")
    expect(page.locator(".flash-success")).to_contain_text("已受理")

    page.fill("#action-answer textarea", "明天上午到店更换价签")
    page.locator("#action-answer button").click()
    expect(page.locator("tr[data-event=answer]")).to_contain_text("明天上午到店更换价签")

    page.fill("#action-resolve textarea", "已更换价签,价格一致")
    page.locator("#action-resolve button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "resolved")

    page.select_option("#action-callback select[name=satisfaction]", "5")
    page.fill("#action-callback textarea", "处理及时,很满意")
    page.locator("#action-callback button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "callback_done")
    expect(page.locator("[data-satisfaction]")).to_have_text("5 / 5")
    expect(page.locator("tr[data-deadline=first_answer]")).to_have_attribute("data-met", "yes")
    screenshot(page, "ticket-desk-ticket-zh")

    page.click("button[name=locale][value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h2", has_text="Deadlines")).to_be_visible()
    screenshot(page, "ticket-desk-ticket-en")
