"""The rep acknowledges a ticket on the spot with no signal (issue 12 item 5; 首问负责
[000 实行首问负责]): on a 360×740 phone the ticket page's form is queued as a
`ticket_update` record; when the connection is back it reaches the server, and the
ticket is acknowledged exactly once however often the phone retried."""

import time
import uuid
from datetime import timedelta

import pytest
from browser_helpers import go_offline, go_online, signed_in_phone, wait_for
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp.models import Store, SyncReceipt, Ticket, TicketEvent, User, utcnow

pytestmark = pytest.mark.browser




def _ticket(db):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    ticket = Ticket(id=str(uuid.uuid4()), number="TK-OFFLINE-1", store_id=store.id,
                    category="delivery_delay", description="送货晚了两天", status="new",
                    created_by_id=rep.id, first_responder_id=rep.id,
                    received_at=utcnow() - timedelta(hours=1))
    db.session.add(ticket)
    db.session.commit()
    return rep, ticket


def test_acknowledge_offline_arrives_once(seeded, password, phone_context, screenshot, db,
                                          push_log):
    rep, ticket = _ticket(db)
    page = signed_in_phone(phone_context, password, rep)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    url = f"/rep/tickets/{ticket.id}"
    page.goto("/rep/tickets")
    expect(page.locator(f"[data-ticket='{ticket.number}']")).to_be_visible()
    page.goto(url)  # online once, through the worker: the page is kept
    expect(page.locator("[data-ticket-status='new']")).to_be_visible()
    record_id = page.input_value(
        "form:has(button[data-ticket-action=acknowledge]) input[name='r0.id']")
    screenshot(page, "rep-ticket-view-zh")

    go_offline(phone_context)
    page.fill("textarea[name='r0.data.note']", "已受理,明天上门")
    with page.expect_navigation():  # queued, then back to the same (kept) ticket page
        page.click("button[data-ticket-action=acknowledge]")
    page.wait_for_function("typeof RoundsSync !== 'undefined'")
    db.session.rollback()
    assert db.session.get(Ticket, ticket.id).status == "new"  # still on the phone

    go_online(phone_context)
    page.evaluate("RoundsSync.kick('test', true)")
    assert wait_for(db, lambda: db.session.get(Ticket, ticket.id).status == "acknowledged")
    page.evaluate("RoundsSync.kick('test', true)")  # another drain sends nothing new
    time.sleep(0.5)
    db.session.rollback()
    events = db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id)).all()
    assert [(e.to_status, e.note) for e in events] == [("acknowledged", "已受理,明天上门")]
    assert events[0].device_id is not None  # from the phone
    assert db.session.scalar(select(func.count()).select_from(SyncReceipt).where(
        SyncReceipt.record_id == record_id)) == 1
    assert push_log.posts[record_id] >= 1
    page.goto(url)
    expect(page.locator("[data-ticket-status='acknowledged']")).to_be_visible()
    screenshot(page, "rep-ticket-acknowledged-zh")
