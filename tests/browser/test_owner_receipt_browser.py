"""owner1 on a 360×740 phone in Chinese (issue 11 items 5–8): opens a delivered order,
signs for it with one damaged line and its photo, sees the ticket with its deadline on
the order; after HQ completes it the survey is asked once; and the order page opens
again without signal from the phone's copy."""

import sys
from pathlib import Path

import pytest
from browser_helpers import go_offline, login
from flask_babel import force_locale
from playwright.sync_api import expect
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from order_helpers import make_world  # noqa: E402
from receipt_helpers import delivered, jpeg  # noqa: E402

from webapp.models import Order, SurveyAnswer, Ticket  # noqa: E402
from webapp.services.orders import move_order  # noqa: E402
from webapp.templating import localtime  # noqa: E402

pytestmark = pytest.mark.browser


def test_owner_signs_with_a_damaged_line_sees_the_ticket_and_the_survey_once(
        seeded, db, password, phone_context, screenshot, app):
    world = make_world(db)
    world.owner.locale = "zh"  # the owner reads Chinese (the pages follow the user's choice)
    order = delivered(db, world)
    crate = max(order.lines, key=lambda line: line.quantity)
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto(f"/store/orders/{order.id}")
    page.click("text=验收并签收")
    page.wait_for_url(f"**/store/orders/{order.id}/receipt")
    pad = page.locator("#signature-pad").bounding_box()
    page.mouse.move(pad["x"] + 20, pad["y"] + 40)
    page.mouse.down()
    page.mouse.move(pad["x"] + 120, pad["y"] + 90, steps=8)
    page.mouse.up()
    page.select_option(f"#exception-{crate.id}", "damaged")
    page.fill(f"#note-{crate.id}", "外箱破损")
    screenshot(page, "owner-receipt-form-360")
    page.click("button:has-text('按以上内容签收')")
    refusal = page.locator(f"[data-line='{crate.id}'] .error")
    expect(refusal).to_contain_text("破损商品至少需要一张照片")  # no photo yet: refused
    expect(page.locator("#signer")).to_have_value(order.store.owner_name)  # kept
    page.set_input_files(f"#photos-{crate.id}", files=[
        {"name": "damage.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    page.select_option(f"#exception-{crate.id}", "damaged")
    page.click("button:has-text('按以上内容签收')")
    page.wait_for_url(f"**/store/orders/{order.id}")
    db.session.expire_all()
    ticket = db.session.scalar(select(Ticket).where(Ticket.order_id == order.id))
    # as the owner reads it (a language an earlier test chose may linger in the app context)
    with app.test_request_context(), force_locale("zh"):
        due = localtime(ticket.first_answer_due_at)  # the first answer is awaited
    tickets = page.locator("#tickets")
    expect(tickets).to_contain_text(ticket.number)
    expect(tickets).to_contain_text(due)
    expect(page.locator(".photo-thumbs img")).to_have_count(2)  # damage photo + signature
    screenshot(page, "owner-order-with-ticket-360")

    stored = db.session.get(Order, order.id)
    move_order(db.session, world.hq, order.id, "completed", stored.version)
    db.session.commit()
    page.reload()
    survey = page.locator("#survey")
    expect(survey).to_be_visible()
    survey.locator("input[name=overall][value='4']").check()
    survey.locator("button:has-text('提交')").click()
    expect(page.locator(".flash-success")).to_contain_text("感谢")
    expect(page.locator("#survey")).to_have_count(0)
    page.reload()
    expect(page.locator("#survey")).to_have_count(0)
    assert db.session.scalars(select(SurveyAnswer.overall).where(
        SurveyAnswer.order_id == order.id)).all() == [4]


def test_the_last_seen_order_opens_without_signal(seeded, db, password, phone_context):
    world = make_world(db)
    order = delivered(db, world)
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto(f"/store/orders/{order.id}")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30000)
    page.reload()  # now through the worker, which keeps the copy
    expect(page.locator("h1")).to_contain_text(order.number)
    go_offline(phone_context)
    page.reload()
    expect(page.locator("h1")).to_contain_text(order.number)
    expect(page.locator("[data-as-of][data-from-cache]")).to_be_visible()
