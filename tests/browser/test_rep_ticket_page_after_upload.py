"""The rep's ticket page shows what the server holds once an action is uploaded (issue 12
item 5). Found by QA (qaloop): the page came back before the upload, so after "受理"
it still read 新建 with the 受理 button under "已保存并上传", and after resolving
offline and coming back online it kept 已受理 and the 办结 form; the rep could not tell
the action had happened without reloading."""

import uuid
from datetime import timedelta

import pytest
from browser_helpers import go_offline, go_online, signed_in_phone, wait_for
from playwright.sync_api import expect
from sqlalchemy import select

from webapp.models import Store, Ticket, User, utcnow

pytestmark = pytest.mark.browser


def _ticket(db):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    ticket = Ticket(id=str(uuid.uuid4()), number="TK-LIVE-1", store_id=store.id,
                    category="delivery_delay", description="送货晚了两天", status="new",
                    created_by_id=rep.id, first_responder_id=rep.id,
                    received_at=utcnow() - timedelta(hours=1))
    db.session.add(ticket)
    db.session.commit()
    return rep, ticket


def test_the_ticket_page_shows_the_uploaded_action_online_and_after_offline(
        seeded, password, phone_context, screenshot, db):
    rep, ticket = _ticket(db)
    page = signed_in_phone(phone_context, password, rep)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(f"/rep/tickets/{ticket.id}")
    expect(page.locator("[data-ticket-status='new']")).to_be_visible()

    page.fill("textarea[name='r0.data.note']", "已受理,明天上门")
    with page.expect_navigation():
        page.click("button[data-ticket-action=acknowledge]")
    assert wait_for(db, lambda: db.session.get(Ticket, ticket.id).status == "acknowledged")
    expect(page.locator("[data-ticket-status='acknowledged']")).to_be_visible(timeout=10000)
    expect(page.locator("[data-ticket-history]")).to_contain_text("已受理,明天上门")
    expect(page.locator("button[data-ticket-action=acknowledge]")).to_have_count(0)
    screenshot(page, "rep-ticket-live-acknowledged-zh")

    go_offline(phone_context)
    page.fill("textarea[name='r0.data.note']", "已更换商品")
    with page.expect_navigation():
        page.click("button[data-ticket-action=resolve]")
    go_online(phone_context)
    assert wait_for(db, lambda: db.session.get(Ticket, ticket.id).status == "resolved")
    expect(page.locator("[data-ticket-status='resolved']")).to_be_visible(timeout=10000)
    expect(page.locator("[data-ticket-history]")).to_contain_text("已更换商品")
    expect(page.locator("button[data-ticket-action=resolve]")).to_have_count(0)
    screenshot(page, "rep-ticket-live-resolved-zh")


def test_a_redraw_never_takes_what_the_rep_is_typing(seeded, password, phone_context, db):
    """The redraw after an upload replaces the status and the answers, but the action form
    the rep is typing in stays as typed."""
    rep, ticket = _ticket(db)
    page = signed_in_phone(phone_context, password, rep)
    page.goto(f"/rep/tickets/{ticket.id}")
    expect(page.locator("[data-ticket-status='new']")).to_be_visible()
    page.fill("textarea[name='r0.data.note']", "正在写的备注")
    ticket.status = "acknowledged"  # meanwhile, on the server (another upload)
    db.session.commit()
    page.evaluate("new BroadcastChannel('rounds-sync').postMessage({type: 'flushed', sent: 1})")
    expect(page.locator("[data-ticket-status='acknowledged']")).to_be_visible(timeout=10000)
    assert page.input_value("textarea[name='r0.data.note']") == "正在写的备注"
