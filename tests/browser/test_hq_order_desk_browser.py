"""HQ's order desk in a real desktop browser (1280×800, Chinese): a clerk finds the
submitted order in the queue, confirms it with a promised date, and moves it through
picking and delivery to delivered, each move answered in place by htmx (issue 11 item 9);
a second tab's stale button then says another clerk moved the order."""

import pytest
from browser_helpers import login
from playwright.sync_api import expect
from sqlalchemy import select

from webapp import clock
from webapp.models import Order, Product, Store, User
from webapp.services.orders import place_order

pytestmark = pytest.mark.browser


def owner1_order(db) -> Order:
    """owner1 orders two cartons of a product sold by the carton (their region's window
    is open all day in the seed)."""
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    store = db.session.scalar(select(Store).where(Store.owner_id == owner.id).order_by(Store.id))
    product = db.session.scalar(select(Product).where(Product.order_multiple == 1,
                                                      Product.active).order_by(Product.id))
    placed = place_order(db.session, owner, store.id, [(product.id, 2)], None, None, None,
                         clock.now())
    db.session.commit()
    return placed


@pytest.fixture
def hq_page(browser, base_url, js_clock):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800},
                                  locale="zh-CN")
    context.add_init_script(js_clock)
    yield context
    context.close()


def test_a_clerk_confirms_an_order_and_moves_it_to_delivered(seeded, db, password, hq_page,
                                                             screenshot):
    placed = owner1_order(db)
    page = hq_page.new_page()
    login(page, "hq", password)
    page.get_by_role("link", name="订单", exact=True).click()
    page.select_option("#f-status", "submitted")
    row = page.locator(f'tr[data-order-id="{placed.id}"]')
    expect(row).to_be_visible()
    screenshot(page, "hq-orders-queue-zh")
    row.get_by_role("link", name=placed.number).click()
    panel = page.locator("#order-panel")
    expect(panel).to_have_attribute("data-status", "submitted")
    stale = hq_page.new_page()  # a second clerk opens the same order
    stale.goto(f"/hq/orders/{placed.id}")
    page.locator('form[data-move="confirmed"] button').click()
    expect(panel).to_have_attribute("data-status", "confirmed")
    expect(panel.locator(".flash-success")).to_contain_text("已确认")
    for status in ("picking", "out_for_delivery", "delivered"):
        page.locator(f'form[data-move="{status}"] button').click()
        expect(page.locator("#order-panel")).to_have_attribute("data-status", status)
    expect(page.locator("#order-panel .timeline li")).to_have_count(5)
    screenshot(page, "hq-order-delivered-zh")
    stale.locator('form[data-move="rejected"] textarea').fill("缺货")
    stale.locator('form[data-move="rejected"] button').click()
    expect(stale.locator("#order-panel .flash-error")).to_contain_text("另一位订单员")
    expect(stale.locator("#order-panel")).to_have_attribute("data-status", "delivered")
    db.session.expire_all()
    done = db.session.get(Order, placed.id)
    assert (done.status, done.version) == ("delivered", 5)
    assert done.delivery_date is not None
