"""The rep closes what came back with no signal (issue 12 items 5 and 6, offline too): on
a 360×740 phone the store page's to-do is marked done and a supplied restock's sales
follow-up is recorded while offline; both wait on the phone, marked as waiting; when the
connection is back each arrives exactly once (`follow_up_done`, `restock_followup`
records; the server's rows and receipts) and the pages show them done. Screenshots
under test-results/screens/rep-loop-offline-*.png."""

import time
import uuid
from datetime import timedelta

import pytest
from browser_helpers import go_offline, go_online, signed_in_phone, wait_for
from playwright.sync_api import expect
from sqlalchemy import func, select

from webapp import clock
from webapp.models import (
    Product,
    RestockLine,
    RestockRequest,
    Store,
    SyncReceipt,
    User,
    Visit,
    VisitFollowUp,
    utcnow,
)
from webapp.rules.settings import DEFAULT_SETTINGS

pytestmark = pytest.mark.browser




def _arrange(db):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    now = utcnow()
    visit = Visit(id=str(uuid.uuid4()), store_id=store.id, rep_id=rep.id,
                  started_at=now - timedelta(days=1), purposes=["routine"])
    db.session.add(visit)
    db.session.flush()
    todo = VisitFollowUp(visit_id=visit.id, text="补贴新品价签",
                         due_date=clock.today("Asia/Shanghai"))
    days = DEFAULT_SETTINGS.restock_followup_days + 1
    request = RestockRequest(id=str(uuid.uuid4()), store_id=store.id, requested_by_id=rep.id,
                             reason="wedding", wanted_by=(now - timedelta(days=days)).date(),
                             status="fulfilled", decided_at=now - timedelta(days=days + 1),
                             supplied_at=now - timedelta(days=days), supplied_by_id=rep.id)
    db.session.add_all([todo, request])
    db.session.flush()
    product = db.session.scalars(select(Product).order_by(Product.id)).first()
    db.session.add(RestockLine(request_id=request.id, product_id=product.id, quantity=10,
                               supplied_quantity=10))
    db.session.commit()
    return rep, store, todo, request


def _receipts(db, record_type):
    return db.session.scalars(select(SyncReceipt.record_id).where(
        SyncReceipt.record_type == record_type)).all()


def test_to_do_and_sales_follow_up_offline_arrive_once(seeded, password, phone_context,
                                                       screenshot, db, push_log):
    rep, store, todo, request = _arrange(db)
    page = signed_in_phone(phone_context, password, rep)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    store_url, followup_url = f"/rep/stores/{store.id}", f"/rep/restock/{request.id}/follow-up"
    page.goto(followup_url)  # online once, through the worker: the pages are kept
    expect(page.locator("form[data-capture=restock_followup]")).to_be_visible()
    page.goto(store_url)
    item = page.locator(f"[data-follow-up='{todo.id}']")
    expect(item).to_contain_text("补贴新品价签")

    go_offline(phone_context)
    item.locator("button[data-follow-up-done]").click()  # stays on the page, queued
    expect(item).to_have_attribute("data-queued", "")
    expect(item.locator("[data-queued-note]")).to_be_visible()
    expect(item.locator("button[data-follow-up-done]")).to_be_hidden()

    page.goto(followup_url)  # the kept copy
    page.fill("input[name='r0.data.sold_units:int']", "2")
    page.fill("textarea[name='r0.data.note']", "只卖出两条")
    screenshot(page, "rep-loop-offline-followup-form-zh")
    with page.expect_navigation():  # queued, then to the (kept) store page
        page.click("form[data-capture=restock_followup] button.primary")
    page.wait_for_function("typeof RoundsSync !== 'undefined'")
    restock_item = page.locator(f"[data-restock-followup='{request.id}']")
    expect(restock_item).to_have_attribute("data-queued", "")
    expect(page.locator(f"[data-follow-up='{todo.id}']")).to_have_attribute("data-queued", "")
    pending = page.locator("#pending-records")
    expect(pending.locator("[data-record-type=follow_up_done]")).to_have_count(1)
    expect(pending.locator("[data-record-type=restock_followup]")).to_contain_text("2")
    screenshot(page, "rep-loop-offline-store-waiting-zh")
    db.session.rollback()
    assert db.session.get(VisitFollowUp, todo.id).done_at is None  # still on the phone
    assert db.session.get(RestockRequest, request.id).followed_up_at is None
    page.goto(followup_url)  # the kept form says it waits on the phone
    expect(page.locator("[data-queued-note]")).to_be_visible()
    expect(page.locator("form[data-capture=restock_followup]")).to_be_hidden()
    screenshot(page, "rep-loop-offline-followup-queued-zh")
    page.goto(store_url)

    go_online(phone_context)
    page.evaluate("RoundsSync.kick('test', true)")
    assert wait_for(db, lambda: db.session.get(VisitFollowUp, todo.id).done_at is not None
                    and db.session.get(RestockRequest, request.id).followed_up_at is not None)
    page.evaluate("RoundsSync.kick('test', true)")  # another drain sends nothing new
    time.sleep(0.5)
    db.session.rollback()
    done = db.session.get(VisitFollowUp, todo.id)
    followed = db.session.get(RestockRequest, request.id)
    assert (followed.status, followed.followup_sold_units, followed.followup_note,
            followed.followup_failed) == ("followed_up", 2, "只卖出两条", True)
    assert done.done_at is not None
    for kind in ("follow_up_done", "restock_followup"):
        ids = _receipts(db, kind)
        assert len(ids) == 1, kind  # exactly once
        assert db.session.scalar(select(func.count()).select_from(SyncReceipt).where(
            SyncReceipt.record_id == ids[0])) == 1
        assert push_log.posts[ids[0]] >= 1

    # the page is redrawn from the server once the upload is through: both are gone
    expect(page.locator(f"[data-follow-up='{todo.id}']")).to_have_count(0, timeout=15000)
    expect(page.locator(f"[data-restock-followup='{request.id}']")).to_have_count(0)
    expect(page.locator("#pending-records [data-record-id]")).to_have_count(0)
    screenshot(page, "rep-loop-offline-store-synced-zh")
    page.goto(followup_url)
    expect(page.locator("[data-followed-up]")).to_be_visible()
    page.goto("/rep/today")
    expect(page.locator(f"[data-follow-up='{todo.id}']")).to_have_count(0)
    screenshot(page, "rep-loop-offline-today-synced-zh")


def test_done_online_updates_the_page(seeded, password, phone_context, db):
    """Online the same capture goes at once and the list is redrawn: the to-do goes."""
    rep, store, todo, _request = _arrange(db)
    page = signed_in_phone(phone_context, password, rep)
    page.goto("/rep/today")
    item = page.locator(f"[data-follow-up='{todo.id}']")
    item.locator("button[data-follow-up-done]").click()
    expect(page.locator(f"[data-follow-up='{todo.id}']")).to_have_count(0, timeout=15000)
    assert wait_for(db, lambda: db.session.get(VisitFollowUp, todo.id).done_at is not None)
    assert len(_receipts(db, "follow_up_done")) == 1
