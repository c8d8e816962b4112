"""What comes back to the rep, in a real browser (issue 12 items 5 and 6): on a 360×740
phone Today lists the visit follow-up to-do and the due sales follow-up of a supplied
restock, the store page says which reported fields wait for HQ; the rep ticks the to-do
done and records the follow-up; a failed one shows on the manager's desktop restock page.
Screenshots in Chinese and English under test-results/screens/rep-loop-*.png."""

import time
import uuid
from datetime import timedelta

import pytest
from browser_helpers import login
from playwright.sync_api import expect
from sqlalchemy import select

from webapp import clock
from webapp.models import (
    Product,
    RestockLine,
    RestockRequest,
    Store,
    StoreChange,
    User,
    Visit,
    VisitFollowUp,
    utcnow,
)

pytestmark = pytest.mark.browser


def _arrange(db):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    now = utcnow()
    visit = Visit(id=str(uuid.uuid4()), store_id=store.id, rep_id=rep.id,
                  started_at=now - timedelta(days=1), purposes=["routine"],
                  findings={"price_tags": {"ok": False, "note": "缺价签"}})
    db.session.add(visit)
    db.session.flush()
    todo = VisitFollowUp(visit_id=visit.id, text="补贴新品价签",
                         due_date=clock.today("Asia/Shanghai"))
    product = db.session.scalars(select(Product).order_by(Product.id)).first()
    request = RestockRequest(id=str(uuid.uuid4()), store_id=store.id, requested_by_id=rep.id,
                             reason="wedding", wanted_by=(now - timedelta(days=9)).date(),
                             status="fulfilled", decided_at=now - timedelta(days=9),
                             supplied_at=now - timedelta(days=8), supplied_by_id=rep.id)
    change = StoreChange(id=str(uuid.uuid4()), store_id=store.id, reported_by_id=rep.id,
                         base_version=store.version, changes={"address": "新华路 88 号"},
                         previous={}, status="pending", reported_at=now)
    db.session.add_all([todo, request, change])
    db.session.flush()
    db.session.add(RestockLine(request_id=request.id, product_id=product.id, quantity=10,
                               supplied_quantity=10))
    db.session.commit()
    return store, todo, request


def test_to_dos_and_follow_up_on_a_phone(seeded, password, phone_context, desktop_context,
                                         screenshot, db):
    store, todo, request = _arrange(db)
    page = phone_context.new_page()
    login(page, "rep1", password)
    page.goto("/rep/today")
    expect(page.locator(f"[data-follow-up='{todo.id}']")).to_contain_text("补贴新品价签")
    expect(page.locator(f"[data-restock-followup='{request.id}']")).to_be_visible()
    screenshot(page, "rep-loop-today-zh")
    page.goto(f"/rep/stores/{store.id}")
    expect(page.locator("[data-waiting-field=address]")).to_contain_text("新华路 88 号")
    expect(page.locator("[data-findings]")).to_contain_text("缺价签")
    screenshot(page, "rep-loop-store-zh")
    # "Done" goes through the phone's outbox: sent at once, then the list is redrawn
    page.locator(f"[data-follow-up='{todo.id}'] button").click()
    expect(page.locator(f"[data-follow-up='{todo.id}']")).to_have_count(0, timeout=15000)

    page.goto(f"/rep/restock/{request.id}/follow-up")
    page.fill("input[name='r0.data.sold_units:int']", "2")
    page.fill("textarea[name='r0.data.note']", "只卖出两条")
    screenshot(page, "rep-loop-followup-zh")
    page.click("form button.primary")
    page.wait_for_url(f"**/rep/stores/{store.id}")
    deadline = time.monotonic() + 15
    while True:  # the outbox sends it; the server has it once the upload is through
        db.session.rollback()
        if db.session.get(RestockRequest, request.id).followed_up_at or \
                time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert db.session.get(RestockRequest, request.id).followup_failed is True

    page.goto("/rep/today")
    page.click("button[name=locale][value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#h-todos")).to_contain_text("To-dos")
    screenshot(page, "rep-loop-today-en")

    desk = desktop_context.new_page()
    login(desk, "manager1", password)
    desk.goto("/hq/restock?status=decided")
    expect(desk.locator(f"#restock-{request.id} [data-followup-failed]")).to_be_visible()
    screenshot(desk, "rep-loop-hq-restock-zh")
