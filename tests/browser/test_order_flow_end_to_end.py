"""Issue 11's whole flow in real browsers (section Tests): owner1 on a 360×740 phone in
Chinese switches store with the switcher on the page and orders two products, one line
refused for its 25-carton multiple [003 25条整倍数] and corrected; HQ's clerk (desktop
1280×800) finds the order in the queue, confirms it with a promised date and moves it
picking → out for delivery (owner1 gets the arrival notice 到货通知 with a badge) →
delivered; owner1 signs for it with a finger signature, one damaged line and its photo;
the ticket shows with its deadline on the owner's order page and on HQ's order page and
exceptions list; HQ completes the order and the survey is asked once (domain spec §2.4,
§2.5, §3.5, §3.6)."""

import sys
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser_helpers import login
from flask_babel import force_locale
from playwright.sync_api import expect
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from receipt_helpers import jpeg  # noqa: E402
from test_owner_order_browser import add  # noqa: E402

from webapp.models import Order, Product, Store, SurveyAnswer, Ticket, User  # noqa: E402
from webapp.services.notifications import unread_count  # noqa: E402
from webapp.templating import localtime  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def goods(seeded, db) -> SimpleNamespace:
    """A product sold in 25-carton steps and one sold by the carton."""
    crate = Product(code="T-CRATE", name="测试(硬)", brand="测试", pack="条",
                    guide_price_fen=10000, wholesale_price_fen=8500, order_minimum=25,
                    order_multiple=25)
    carton = Product(code="T-CARTON", name="测试(软)", brand="测试", pack="条",
                     guide_price_fen=5000, wholesale_price_fen=4200)
    db.session.add_all([crate, carton])
    db.session.commit()
    return SimpleNamespace(crate=crate, carton=carton)


@pytest.fixture
def hq_context(browser, base_url, js_clock):
    """HQ's desktop (1280×800, Chinese), its clock the app's."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800},
                                  locale="zh-CN")
    context.add_init_script(js_clock)
    yield context
    context.close()


def switch_to_the_other_store(page, db) -> Store:
    """Pick owner1's other store in the switcher on the page; it is remembered."""
    select_box = page.locator("#store-switch-select")
    current = int(select_box.input_value())
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    stores = db.session.scalars(select(Store).where(Store.owner_id == owner.id)).all()
    assert len(stores) == 2  # the demo's owner of two stores
    other = next(s for s in stores if s.id != current)
    select_box.select_option(str(other.id))
    page.locator(".store-switch button[type=submit]").click()
    expect(page.locator(f'.store-switch[data-current-store="{other.id}"]')).to_be_visible()
    return other


def order_two_products(page, goods, screenshot) -> None:
    """The cart: the 25-carton line refused on the line at 30, corrected to 50, sent."""
    page.goto("/store/catalogue")
    expect(page.locator("[data-window-open=true]")).to_have_text("现在可以订货。")
    add(page, "T-CRATE")
    add(page, "T-CARTON")
    page.goto("/store/cart")
    expect(page.locator(".cart-line")).to_have_count(2)
    crate = page.locator(f'.cart-line[data-product="{goods.crate.id}"]')
    crate.locator("input.qty").fill("30")
    problem = crate.locator("[data-line-problem]")
    expect(problem).to_have_text("请按 25 条的整倍数订货（如 25 或 50 条）。")
    page.click("[data-cart-submit]")
    expect(page.locator("[data-cart-status]")).to_have_text("请先改正标出的行。")
    screenshot(page, "flow-owner-cart-refused-360")
    crate.locator("input.qty").fill("50")
    expect(problem).to_be_hidden()
    page.click("[data-cart-submit]")
    expect(page.locator("[data-cart-status]")).to_contain_text("已提交")


def hq_moves(page, order: Order, status: str) -> None:
    """Press the move button for `status` on HQ's order panel and wait for the swap."""
    page.locator(f'form[data-move="{status}"] button').click()
    expect(page.locator("#order-panel")).to_have_attribute("data-status", status)


def sign_with_a_damaged_line(page, order: Order) -> None:
    """The receipt form: a finger signature, the crate line damaged with its photo."""
    page.goto(f"/store/orders/{order.id}")
    page.click("text=验收并签收")
    page.wait_for_url(f"**/store/orders/{order.id}/receipt")
    pad = page.locator("#signature-pad").bounding_box()
    page.mouse.move(pad["x"] + 20, pad["y"] + 40)
    page.mouse.down()
    page.mouse.move(pad["x"] + 140, pad["y"] + 90, steps=8)
    page.mouse.up()
    crate = max(order.lines, key=lambda line: line.quantity)
    page.select_option(f"#exception-{crate.id}", "damaged")
    page.fill(f"#note-{crate.id}", "外箱破损，两条压坏")
    page.set_input_files(f"#photos-{crate.id}", files=[
        {"name": "damage.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}])
    page.click("button:has-text('按以上内容签收')")
    page.wait_for_url(f"**/store/orders/{order.id}")


def test_owner1_orders_hq_delivers_owner1_signs_with_damage_and_rates_it_once(
        seeded, db, app, password, phone_context, hq_context, goods, screenshot):
    phone = phone_context.new_page()
    login(phone, "owner1", password)
    phone.goto("/store/orders")
    store = switch_to_the_other_store(phone, db)
    phone.wait_for_url("**/store/orders")  # the switcher comes back to the same page
    screenshot(phone, "flow-owner-switched-360")
    order_two_products(phone, goods, screenshot)
    db.session.expire_all()
    order = db.session.scalar(select(Order).where(Order.store_id == store.id)
                              .order_by(Order.id.desc()))
    assert sorted((line.product_id, line.quantity) for line in order.lines) == \
        sorted([(goods.crate.id, 50), (goods.carton.id, 1)])

    desk = hq_context.new_page()
    login(desk, "hq", password)
    desk.get_by_role("link", name="订单", exact=True).click()
    desk.select_option("#f-status", "submitted")
    row = desk.locator(f'tr[data-order-id="{order.id}"]')
    expect(row).to_contain_text(store.name)
    row.get_by_role("link", name=order.number).click()
    desk.wait_for_url(f"**/hq/orders/{order.id}")
    promise = desk.locator(f"#promise-{order.id}")
    promised = date.fromisoformat(promise.get_attribute("min")) + timedelta(days=2)
    promise.fill(promised.isoformat())
    hq_moves(desk, order, "confirmed")
    expect(desk.locator("#order-panel")).to_contain_text(promised.strftime("%Y"))
    hq_moves(desk, order, "picking")
    hq_moves(desk, order, "out_for_delivery")
    db.session.rollback()  # a fresh read of what the server wrote
    assert db.session.get(Order, order.id).delivery_date == promised

    phone.goto("/store/")  # the arrival notice, with its badge in the nav
    badge = phone.locator("nav.bottom-nav [data-unread-badge]")
    expect(badge).to_be_visible()
    unread = int(badge.inner_text())  # the arrival notice, and the confirmation before it
    assert unread == unread_count(db.session, db.session.get(User, order.placed_by_id))
    phone.click("nav.bottom-nav a[href='/store/inbox']")
    notice = phone.locator("li.unread", has_text=order.number)
    expect(notice).to_have_count(1)
    screenshot(phone, "flow-owner-arrival-notice-360")
    notice.locator("button.opens").click()  # opening it marks it read
    phone.wait_for_url(f"**/store/orders/{order.id}")
    if unread > 1:
        expect(badge).to_have_text(str(unread - 1))
    else:
        expect(badge).to_have_count(0)

    hq_moves(desk, order, "delivered")
    sign_with_a_damaged_line(phone, order)
    db.session.expire_all()
    ticket = db.session.scalar(select(Ticket).where(Ticket.order_id == order.id))
    # both sides show the deadline the store waits on: the first answer until answered
    due = ticket.first_answer_due_at or ticket.resolve_due_at
    with app.test_request_context(), force_locale("zh"):  # as both pages show it
        owner_due = desk_due = localtime(due)
    tickets = phone.locator("#tickets")
    expect(tickets).to_contain_text(ticket.number)
    expect(tickets).to_contain_text(owner_due)
    screenshot(phone, "flow-owner-order-ticket-360")

    desk.goto(f"/hq/orders/{order.id}")  # HQ's order page, as it is now
    on_desk = desk.locator(f'#order-panel [data-ticket="{ticket.number}"]')
    expect(on_desk).to_contain_text(desk_due)
    desk.goto("/hq/order-exceptions")
    listed = desk.locator(f'#exception-table tr[data-order-id="{order.id}"]')
    expect(listed.locator(f'[data-ticket="{ticket.number}"]')).to_contain_text(desk_due)
    expect(listed.locator("img")).to_have_count(1)  # the damage photo
    screenshot(desk, "flow-hq-exceptions-zh")
    listed.get_by_role("link", name=order.number).click()
    desk.wait_for_url(f"**/hq/orders/{order.id}")
    hq_moves(desk, order, "completed")
    screenshot(desk, "flow-hq-completed-zh")

    phone.reload()
    survey = phone.locator("#survey")
    expect(survey).to_be_visible()
    screenshot(phone, "flow-owner-survey-360")
    survey.locator("input[name=overall][value='5']").check()
    survey.locator("button:has-text('提交')").click()
    expect(phone.locator(".flash-success")).to_contain_text("感谢")
    phone.reload()
    expect(phone.locator("#survey")).to_have_count(0)
    phone.goto("/store/")  # nor does the home page ask again
    expect(phone.locator(f"a[href='/store/orders/{order.id}#survey']")).to_have_count(0)
    db.session.expire_all()
    assert db.session.scalars(select(SurveyAnswer.overall).where(
        SurveyAnswer.order_id == order.id)).all() == [5]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
