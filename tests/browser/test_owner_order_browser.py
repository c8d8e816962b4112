"""The store owner orders on a phone (360×740, in Chinese): two products, one line
refused for its 25-carton multiple before sending [003 25条整倍数] and corrected, then
sent; and a cart sent without signal arrives exactly once when the signal is back
(issue 11 items 2-4; counted at the server, per record id)."""

import io
import json
import threading
from collections import Counter
from types import SimpleNamespace

import pytest
from browser_helpers import login
from playwright.sync_api import expect
from sqlalchemy import func, select
from time_helpers import today

from webapp.models import Order, OrderLine, Product

pytestmark = pytest.mark.browser
SUBMIT = "/store/cart/submit"


class SubmitLog:
    """Every order record id POSTed to the cart's submit URL, counted at the server."""

    def __init__(self):
        self.posts: Counter = Counter()
        self.lock = threading.Lock()

    def wrap(self, inner):
        def wsgi(environ, start_response):
            if environ["PATH_INFO"] == SUBMIT and environ["REQUEST_METHOD"] == "POST":
                body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
                environ["wsgi.input"] = io.BytesIO(body)
                with self.lock:
                    self.posts[json.loads(body)["record"]["id"]] += 1
            return inner(environ, start_response)
        return wsgi


@pytest.fixture
def submits(app, js_clock, monkeypatch):
    log = SubmitLog()
    monkeypatch.setattr(app, "wsgi_app", log.wrap(app.wsgi_app))
    return log


@pytest.fixture
def world(seeded, db):
    """A product sold in 25-carton steps (new: 新品) and one sold by the carton (as
    order_helpers)."""
    crate = Product(code="T-CRATE", name="测试(硬)", brand="测试", pack="条",
                    guide_price_fen=10000, wholesale_price_fen=8500, order_minimum=25,
                    order_multiple=25, new_until=today(7))
    carton = Product(code="T-CARTON", name="测试(软)", brand="测试", pack="条",
                     guide_price_fen=5000, wholesale_price_fen=4200)
    db.session.add_all([crate, carton])
    db.session.commit()
    return SimpleNamespace(crate=crate, carton=carton)


def add(page, code: str) -> None:
    """Search the catalogue for `code` and add it to the cart."""
    page.fill("#catalogue-q", code)
    row = page.locator(f'li[data-code="{code}"]')
    expect(row).to_have_count(1)
    expect(page.locator("li[data-code]")).to_have_count(1)  # the search swapped the rows
    row.locator("[data-add-to-cart]").click()
    expect(row.locator("[data-in-cart]")).to_be_visible()


def orders(db) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Order))


def test_owner1_orders_two_products_and_corrects_the_multiple_on_the_line(
        phone_context, world, db, password, submits, screenshot):
    before = orders(db)
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/catalogue")
    expect(page.locator("[data-window-open=true]")).to_have_text("现在可以订货。")
    page.get_by_role("link", name="只看新品").click()  # the new products only, each marked
    expect(page.locator('li[data-code="T-CRATE"] .badge.new')).to_have_text("新品")
    expect(page.locator('li[data-code="T-CARTON"]')).to_have_count(0)
    expect(page.locator("li[data-code]:not(:has(.badge.new))")).to_have_count(0)
    page.get_by_role("link", name="全部商品").click()
    expect(page.locator('li[data-code="T-CARTON"]')).to_have_count(1)
    add(page, "T-CRATE")
    add(page, "T-CARTON")
    page.goto("/store/cart")
    page.reload()  # the cart is kept on the phone
    lines = page.locator(".cart-line")
    expect(lines).to_have_count(2)
    crate = page.locator(f'.cart-line[data-product="{world.crate.id}"]')
    crate.locator("input.qty").fill("30")
    problem = crate.locator("[data-line-problem]")
    expect(problem).to_have_text("请按 25 条的整倍数订货（如 25 或 50 条）。")  # the server's words
    page.click("[data-cart-submit]")
    expect(page.locator("[data-cart-status]")).to_have_text("请先改正标出的行。")
    screenshot(page, "owner-cart-multiple-refused-360")
    assert sum(submits.posts.values()) == 0  # nothing left the phone
    crate.locator("input.qty").fill("50")
    expect(problem).to_be_hidden()
    # found by QA: "fix the lines marked" stayed under a cart with nothing marked
    expect(page.locator("[data-cart-status]")).to_have_text("")
    page.click("[data-cart-submit]")
    expect(page.locator("[data-cart-status]")).to_contain_text("已提交")
    screenshot(page, "owner-cart-sent-360")
    assert orders(db) == before + 1
    placed = db.session.scalar(select(Order).order_by(Order.id.desc()))
    assert sorted(db.session.execute(select(OrderLine.product_id, OrderLine.quantity)
                                     .where(OrderLine.order_id == placed.id)).all()) == \
        sorted([(world.crate.id, 50), (world.carton.id, 1)])
    assert list(submits.posts.values()) == [1]
    expect(page.locator(".cart-line")).to_have_count(0)  # the cart is empty again


def test_a_cart_sent_without_signal_arrives_exactly_once_when_it_is_back(
        phone_context, world, db, password, submits):
    before = orders(db)
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/catalogue")
    add(page, "T-CARTON")
    page.goto("/store/cart")
    expect(page.locator(".cart-line")).to_have_count(1)
    phone_context.set_offline(True)
    page.click("[data-cart-submit]")
    expect(page.locator("[data-cart-status]")).to_contain_text("恢复联网后会自动发送一次")
    assert sum(submits.posts.values()) == 0 and orders(db) == before
    phone_context.set_offline(False)  # the 'online' event sends the outbox
    expect(page.locator("[data-cart-status]")).to_contain_text("已提交")
    page.reload()  # a later page load finds the outbox empty: nothing goes twice
    page.goto("/store/")
    page.wait_for_load_state("networkidle")
    assert list(submits.posts.values()) == [1]
    assert orders(db) == before + 1


def test_a_cart_sent_without_signal_goes_from_whatever_owner_page_opens_next(
        phone_context, world, db, password, submits):
    """Found by QA: the owner sent the cart without signal and closed the app; back
    online they opened their order list, and the order stayed on the phone (only the
    home, catalogue and cart pages sent the outbox) while the list showed no such order."""
    before = orders(db)
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/catalogue")
    add(page, "T-CARTON")
    page.goto("/store/cart")
    expect(page.locator(".cart-line")).to_have_count(1)
    phone_context.set_offline(True)
    page.click("[data-cart-submit]")
    expect(page.locator("[data-cart-status]")).to_contain_text("恢复联网后会自动发送一次")
    page.close()  # the app is closed without signal
    phone_context.set_offline(False)
    later = phone_context.new_page()
    later.goto("/store/orders")
    expect(later.locator("[data-owner-outbox-status]")).to_contain_text("已提交")
    later.goto("/store/tickets")
    later.wait_for_load_state("networkidle")
    assert list(submits.posts.values()) == [1]
    assert orders(db) == before + 1


def test_the_cart_total_follows_the_quantities_as_they_are_typed(phone_context, world, password):
    """Found by QA: the total stayed at the amount of the page's first drawing while the
    owner changed quantities (¥2120.00 shown for a ¥13689.00 cart until a reload)."""
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/catalogue")
    add(page, "T-CARTON")
    page.goto("/store/cart")
    total = page.locator("[data-cart-total]")
    expect(total).to_contain_text("¥42.00")
    page.locator(".cart-line input.qty").fill("3")
    expect(total).to_contain_text("¥126.00")
    page.locator(".cart-line input.qty").fill("x")  # not a number: counts for nothing
    expect(total).to_contain_text("¥0.00")
    page.locator(".cart-line input.qty").fill("10")
    expect(total).to_contain_text("¥420.00")


def test_an_order_refused_on_another_page_leads_to_the_cart(phone_context, world, password,
                                                            submits):
    """Found by QA (with the outbox sent from every owner page): an order refused while
    the owner was on the order list said "fix the lines marked" on a page with no lines
    and no way to them."""
    page = phone_context.new_page()
    login(page, "owner1", password)
    page.goto("/store/tickets")
    page.evaluate("""(productId) => {
      const cfg = JSON.parse(document.getElementById('owner-cart-config').textContent);
      RoundsOwnerCart.queueOrder(localStorage, cfg.user_id, cfg.store_id, [{product_id: productId,
        name: '测试(硬)', code: 'T-CRATE', price: '85.00', minimum: 1, multiple: 1,
        remaining: null, quantity: '30'}], {});
    }""", world.crate.id)
    page.goto("/store/orders")
    status = page.locator("[data-owner-outbox-status]")
    expect(status).to_contain_text("订单未被接受")
    status.locator("a[href='/store/cart']").click()
    page.wait_for_url("**/store/cart")
    expect(page.locator(f'.cart-line[data-product="{world.crate.id}"] [data-line-problem]')
           ).to_contain_text("25 条的整倍数")
    assert list(submits.posts.values()) == [1]
