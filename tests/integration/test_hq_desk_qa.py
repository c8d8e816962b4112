"""What an HQ desk user saw on a working day and tripped over (QA pass of the desktop
pages): each test pins one defect a real user met, fixed."""

import re
from datetime import timedelta

import pytest
from hq_sync_helpers import english, store_update
from order_desk_helpers import desk_world
from order_helpers import make_world
from rep_page_helpers import add_ticket
from sqlalchemy import select, update
from sync_helpers import push, register, rep_world
from ticket_desk_helpers import take_ticket
from time_helpers import today

from webapp.models import Order, utcnow
from webapp.rules.ordering import WANTED_DATE_HORIZON_DAYS


@pytest.fixture
def exception_ticket(seeded, db):
    """A delivered order reported damaged, and the ticket opened for it."""
    world, placed, _foreign = desk_world(db)
    db.session.execute(update(Order).where(Order.id == placed.id).values(
        status="delivered", exception="damaged"))
    ticket = add_ticket(db, world.store, "TK-QA-1", order_id=placed.id,
                        first_answer_due_at=utcnow() + timedelta(hours=2),
                        resolve_due_at=utcnow() + timedelta(days=2))
    db.session.commit()
    return placed, ticket


def test_the_ticket_page_names_its_order_by_the_order_number(exception_ticket, web):
    """The ticket page said "Order #306" (the database id), a number that appears on no
    order, no receipt and no phone: staff could not tell the store which order it was."""
    placed, ticket = exception_ticket
    web.login("hq")
    html = web.client.get(f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    assert f'<a href="/hq/orders/{placed.id}">{placed.number}</a>' in html
    assert f"#{placed.id}<" not in html


def test_a_missed_deadline_says_overdue_once(seeded, db, web):
    """A deadline missed and still open read "已超时 · 已超时 2小时00分(工作时间)" in
    Chinese: the same word twice. It now says how long it is overdue, once."""
    world, _placed, _foreign = desk_world(db)
    ticket = add_ticket(db, world.store, "TK-QA-2",
                        first_answer_due_at=utcnow() - timedelta(days=3),
                        resolve_due_at=utcnow() + timedelta(days=2))
    db.session.commit()
    web.login("hq")
    html = web.client.get(f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    row = re.search(r'<tr data-deadline="first_answer".*?</tr>', html, re.S).group(0)
    cell = re.sub(r"<[^>]+>", "", row.split("</td>")[-2])
    assert cell.count("已超时") == 1, cell
    assert "工作时间" in cell  # how long, in working time


def test_the_product_setup_page_in_english_cites_no_manual(seeded, db, web):
    """In English the quantity rules' help read "(e.g. 25 cartons [003 25条整倍数])": a
    source note of the spec, half in Chinese, shown to the user."""
    world, _placed, _foreign = desk_world(db)
    web.login("hq")
    english(web)
    html = web.client.get(f"/hq/ordering-setup/products/{world.crate.id}").get_data(
        as_text=True)
    assert "Stores order at least the minimum" in html
    assert "[003" not in html and "整倍数" not in html


def test_an_approved_store_change_still_shows_what_it_replaced(seeded, db, web, client,
                                                               password):
    """After "Approve" the row answered "Address 新华路 88 号 → 新华路 88 号": the store's
    value, now the new one, stood in for the old. The row keeps the value it replaced."""
    store = rep_world(db)["store"]
    old_address = store.address
    device = register(client, "rep1", password)
    update_record = store_update(store.id, store.version, {"address": "新华路 88 号"})
    assert push(client, device, [update_record]).get_json()["results"][0]["status"] == "applied"
    web.login("hq")
    response = web.post_form(f"/hq/store-changes/{update_record['id']}/approve", {},
                             page="/hq/store-changes", headers={"HX-Request": "true"})
    row = response.get_data(as_text=True)
    assert 'data-status="applied"' in row
    assert old_address in row and "新华路 88 号" in row


def test_a_phone_order_takes_a_product_code_typed_in_lower_case_or_full_width(seeded, db,
                                                                              web):
    """The clerk typed "p0007" (or "Ｐ０００７" with the Chinese input method on) while the
    store read its order out: "没有编码为 p0007 的商品" although that product exists."""
    world = make_world(db)
    web.login("hq")
    url = f"/hq/orders/new?store_id={world.store.id}"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in world.crate.code)
    answer = web.post_form(url, {"store_id": str(world.store.id),
                                 "delivery_method": "home_delivery",
                                 "code-0": world.carton.code.lower(), "qty-0": "2",
                                 "code-1": full_width, "qty-1": "25"}, page=url)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    placed = db.session.scalar(select(Order).order_by(Order.id.desc()))
    assert sorted((line.product_id, line.quantity) for line in placed.lines) == sorted(
        [(world.carton.id, 2), (world.crate.id, 25)])


def test_the_exceptions_list_says_the_time_beside_the_status_is_when_it_was_placed(
        exception_ticket, web):
    """The delivery exceptions list read "已送达 · 2026/11/26 04:29" under the order: the
    time is when the order was placed, but it read as the delivery time."""
    placed, _ticket = exception_ticket
    web.login("hq")
    html = web.client.get("/hq/order-exceptions").get_data(as_text=True)
    row = re.search(rf'<tr data-order-id="{placed.id}".*?</tr>', html, re.S).group(0)
    assert re.search(r"已送达 · 下单时间 \d{4}/\d{1,2}/\d{1,2} \d\d:\d\d", row), row


def test_a_promised_delivery_date_years_ahead_is_refused(seeded, db, web):
    """Confirming with the promised date typed "9999-12-31" (a slip of the year) was
    accepted: the store was promised a delivery in 7,973 years and the order could never
    be marked late. A promise is as far ahead as a wanted date may be, no further."""
    _world, placed, _foreign = desk_world(db)
    web.login("hq")
    page = f"/hq/orders/{placed.id}"
    too_far = today(WANTED_DATE_HORIZON_DAYS + 1)
    answer = web.post_form(f"{page}/move", {"to_status": "confirmed",
                                            "version": str(placed.version),
                                            "delivery_date": too_far.isoformat()},
                           page=page, headers={"HX-Request": "true"})
    assert "请选择" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert placed.status == "submitted"
    assert f'max="{today(WANTED_DATE_HORIZON_DAYS).isoformat()}"' in (
        web.client.get(page).get_data(as_text=True))
    within = today(WANTED_DATE_HORIZON_DAYS)
    web.post_form(f"{page}/move", {"to_status": "confirmed", "version": str(placed.version),
                                   "delivery_date": within.isoformat()}, page=page)
    db.session.expire_all()
    assert placed.status == "confirmed" and placed.delivery_date == within


def test_pass_on_with_nobody_chosen_asks_for_a_person_or_a_tier(seeded, db, web, client,
                                                                password):
    """"转交" pressed before choosing anyone answered "此人不能负责该门店的工单" (this person
    cannot hold the store's tickets): there was no person. It now asks for one."""
    ticket = take_ticket(db, client, password)
    web.login("manager1")
    page = f"/hq/tickets/{ticket.id}"
    answer = web.post_form(f"{page}/pass_on", {"assignee_id": "", "tier": "", "text": ""},
                           page=page)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "请选择转交给哪个人或哪个权限级别" in html and "此人不能负责该门店的工单" not in html


def test_the_phone_order_form_speaks_of_lines_not_of_a_cart(seeded, db, web):
    """The clerk taking an order by phone was told "购物车是空的" and "该商品在购物车中重复了":
    the clerk has no cart, only the form's lines."""
    world = make_world(db)
    web.login("hq")
    url = f"/hq/orders/new?store_id={world.store.id}"
    base = {"store_id": str(world.store.id), "delivery_method": "home_delivery"}
    empty = web.post_form(url, base, page=url).get_data(as_text=True)
    twice = web.post_form(url, {**base, "code-0": world.carton.code, "qty-0": "1",
                                "code-1": world.carton.code, "qty-1": "2"},
                          page=url).get_data(as_text=True)
    assert "购物车" not in empty and "购物车" not in twice
    assert "请至少填写一行商品和条数" in empty and "这个商品在其他行也填了" in twice


def test_dates_entered_the_wrong_way_round_still_find_the_orders_between(seeded, db, web):
    """"下单日期从 11/25 至 11/20" (the later day typed first) answered "0 张订单" with no
    word why, as if nothing had been placed that week. The days are taken in order."""
    _world, placed, _foreign = desk_world(db)
    web.login("hq")
    html = web.client.get(f"/hq/orders?placed_from={today(2).isoformat()}"
                          f"&placed_to={today(-2).isoformat()}").get_data(as_text=True)
    assert placed.number in html
    assert f'value="{today(-2).isoformat()}"' in html.split('name="placed_from"')[1][:200]
