"""The service loop end to end in real browsers (issue 12, Tests): 首问负责、限时办结.

rep1 takes owner1's complaint on a 360×740 phone in Chinese [000 实行首问负责];
manager1 at a 1280×800 desktop finds it in the ticket desk's queue, acknowledges it,
answers the store, resolves it and records the callback [002 回访]; owner1's phone shows
the answer and owner1 rates the handling in the callback survey [002 满意度调查]. A second
ticket nobody touches escalates one tier once the clock passes its first-answer deadline,
shown on the desk without anyone running `flask escalate` (evaluate on read), and its new
holder finds it in their inbox [003 处理期限、核决权限及处理逾期反应]. A restock request
manager1 refuses with a reason reaches rep1's Today with that reason.
Screenshots under test-results/screens/loop-*.png.
"""

import uuid
from datetime import timedelta

import pytest
from browser_helpers import login, phone_pushes_a_ticket, rep_world, signed_in_phone
from playwright.sync_api import expect
from sqlalchemy import select
from time_helpers import move_clock_to

from webapp.models import (
    Product,
    RestockLine,
    RestockRequest,
    Store,
    SurveyAnswer,
    Ticket,
    TicketEvent,
    User,
    utcnow,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(browser, base_url, js_clock):
    """HQ's desktop (1280×800), its clock the app's."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    context.add_init_script(js_clock)
    yield context
    context.close()


@pytest.fixture
def owner_phone(browser, base_url, js_clock):
    """owner1's own phone (360×740, Chinese), apart from rep1's."""
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740},
                                  is_mobile=True, has_touch=True, locale="zh-CN",
                                  device_scale_factor=2)
    context.add_init_script(js_clock)
    yield context
    context.close()


def _owner1_store_of_rep1(db) -> Store:
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id,
                                                  Store.owner_id == owner.id)
                              .order_by(Store.id))
    assert store is not None, "the seed gives owner1 a store in rep1's territory"
    return store


def _submitted_restock(db) -> RestockRequest:
    rep, store, _products = rep_world(db)
    product = db.session.scalars(select(Product).order_by(Product.id)).first()
    request = RestockRequest(id=str(uuid.uuid4()), store_id=store.id, requested_by_id=rep.id,
                             reason="wedding", wanted_by=(utcnow() + timedelta(days=3)).date(),
                             status="submitted")
    db.session.add(request)
    db.session.flush()
    db.session.add(RestockLine(request_id=request.id, product_id=product.id, quantity=10))
    db.session.commit()
    return request


def _rep_takes_the_complaint(phone_context, password, db, store, screenshot) -> str:
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/stores/{store.id}/ticket")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.select_option("select[name='r0.data.category']", "quality")
    page.fill("textarea[name='r0.data.description']", "整条烟外包装破损")
    screenshot(page, "loop-rep-ticket-zh")
    page.click("form[data-capture] button[type=submit]")
    page.wait_for_url(f"**/rep/stores/{store.id}/ticket/*")  # saved once uploaded
    expect(page.locator("[data-ticket-verdict]")).to_be_visible(timeout=15000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "loop-rep-ticket-saved-zh")
    return page.url.rsplit("/", 1)[-1]


def _manager_answers_and_calls_back(desk_page, ticket_id, number, screenshot) -> None:
    page = desk_page
    page.goto("/hq/tickets")
    row = page.locator(f"tr[data-ticket-id='{ticket_id}']")
    expect(row).to_contain_text("剩余工作时间")
    row.locator("a", has_text=number).click()
    expect(page.locator("h1")).to_contain_text(number)
    page.locator("#action-acknowledge button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "acknowledged")
    page.fill("#action-answer textarea", "已安排明天上午换货")
    page.locator("#action-answer button").click()
    expect(page.locator("tr[data-event=answer]")).to_contain_text("已安排明天上午换货")
    page.fill("#action-resolve textarea", "已换货两条")
    page.locator("#action-resolve button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "resolved")
    page.select_option("#action-callback select[name=satisfaction]", "4")
    page.fill("#action-callback textarea", "电话回访:店主满意")
    page.locator("#action-callback button").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "callback_done")
    screenshot(page, "loop-desk-ticket-zh")


def _owner_sees_the_answer_and_rates(owner_phone, password, db, ticket_id, screenshot):
    page = owner_phone.new_page()
    login(page, "owner1", password)
    page.goto(f"/store/tickets/{ticket_id}")
    expect(page.locator("[data-public-note]", has_text="已安排明天上午换货")).to_be_visible()
    survey = page.locator("form[data-callback-survey]")
    expect(survey).to_be_visible()
    for name in ("attitude", "effect", "overall"):
        survey.locator(f"input[name={name}][value='5']").check()
    survey.locator("textarea[name=comment]").fill("换货很快")
    screenshot(page, "loop-owner-ticket-zh")
    survey.locator("button:not([name=skip])").click()
    expect(page.locator("form[data-callback-survey]")).to_have_count(0)
    db.session.rollback()
    answer = db.session.scalar(select(SurveyAnswer).where(
        SurveyAnswer.period == f"ticket:{ticket_id}"))
    assert answer is not None and not answer.skipped and answer.overall == 5


def test_the_service_loop_from_the_rep_to_the_owner_and_up_the_tiers(
        seeded, db, password, playwright, base_url, phone_context, owner_phone, desk,
        screenshot):
    store = _owner1_store_of_rep1(db)
    complaint_id = _rep_takes_the_complaint(phone_context, password, db, store, screenshot)
    db.session.rollback()
    number = db.session.get(Ticket, complaint_id).number
    left_alone = phone_pushes_a_ticket(playwright, base_url, db, password, "价签和售价不一致")
    request = _submitted_restock(db)

    hq = desk.new_page()
    login(hq, "manager1", password)
    _manager_answers_and_calls_back(hq, complaint_id, number, screenshot)
    _owner_sees_the_answer_and_rates(owner_phone, password, db, complaint_id, screenshot)

    # the restock refusal, its reason on rep1's Today
    hq.goto("/hq/restock")
    row = hq.locator(f"#restock-{request.id}")
    row.locator(f"#refuse-{request.id}").fill("本月配额已用完")
    row.locator("button.danger").click()
    expect(hq.locator(f"#restock-{request.id}")).to_have_attribute("data-status", "rejected")
    rep_page = phone_context.new_page()
    rep_page.goto("/rep/today")  # the phone's rep1 session (same context as the complaint)
    decision = rep_page.locator(f"[data-restock-decision='{request.id}']")
    expect(decision).to_contain_text("本月配额已用完")
    screenshot(rep_page, "loop-rep-today-refusal-zh")

    # the untouched ticket: nobody answers it; the clock passes its first-answer deadline
    db.session.rollback()
    ticket = db.session.get(Ticket, left_alone)
    assert ticket.tier == "first_responder" and ticket.escalation_level == 0
    move_clock_to(ticket.first_answer_due_at + timedelta(minutes=1))
    hq.goto("/hq/tickets")  # nobody ran `flask escalate`: the desk evaluates on read
    row = hq.locator(f"tr[data-ticket-id='{left_alone}']")
    expect(row.locator("[data-tier]")).to_have_attribute("data-tier", "market_manager")
    expect(row).to_contain_text("市场经理")
    screenshot(hq, "loop-desk-escalated-zh")
    db.session.rollback()
    escalated = db.session.get(Ticket, left_alone)
    manager = db.session.scalar(select(User).where(User.username == "manager1"))
    assert escalated.assignee_id == manager.id and escalated.escalation_level == 1
    assert db.session.scalar(select(TicketEvent).where(
        TicketEvent.ticket_id == left_alone, TicketEvent.kind == "escalation")) is not None

    hq.goto("/hq/inbox")  # the new holder is told
    note = hq.locator("#inbox li.note-item.unread", has_text=escalated.number)
    expect(note).to_have_count(1)
    screenshot(hq, "loop-desk-inbox-zh")
    note.locator("button[name=open]").click()  # opening the message reads it
    hq.wait_for_url(f"**/hq/tickets/{left_alone}")
    hq.goto("/hq/inbox")
    expect(hq.locator("#inbox li.note-item", has_text=escalated.number)).not_to_have_class(
        "note-item unread")
