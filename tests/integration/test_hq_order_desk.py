"""HQ's order desk over HTTP (issue 11 item 9; spec §3.5): the queue keeps to the user's
scope and filters, late orders stand out, the order page shows lines, totals and the
timeline, and every move is a versioned write: allowed, illegal, stale or missing its
reason, each with a clear message."""

from datetime import timedelta

import pytest
from hq_sync_helpers import other_region_manager
from order_desk_helpers import desk_world, home_csrf, move, queue_numbers
from order_helpers import order
from sqlalchemy import select, update

from webapp import clock
from webapp.models import Order, OrderReceiptLine, OrderStatusChange
from webapp.rules import order_desk

ORDER_DESK = ("hq", "manager1")


@pytest.fixture
def desk(seeded, db):
    return desk_world(db)


@pytest.mark.parametrize("username", ORDER_DESK)
def test_the_queue_lists_the_orders_in_scope(desk, web, username):
    world, placed, foreign = desk
    web.login(username)
    html = web.client.get("/hq/orders?status=submitted").get_data(as_text=True)
    assert placed.number in queue_numbers(html)
    assert (foreign.number in html) == (username == "hq")  # manager1's region is not X's


def test_a_manager_of_another_region_sees_nothing_of_this_one(desk, db, web, password):
    world, placed, _foreign = desk
    other_region_manager(db, password)
    web.login("manager2")
    assert placed.number not in web.client.get("/hq/orders").get_data(as_text=True)
    assert web.client.get(f"/hq/orders/{placed.id}").status_code == 404
    assert move(web, placed, "confirmed").status_code == 404


def test_a_manager_gets_404_for_another_regions_order_page(desk, web):
    _world, _placed, foreign = desk
    web.login("manager1")
    assert web.client.get(f"/hq/orders/{foreign.id}").status_code == 404


@pytest.mark.parametrize("username", ["rep1", "owner1"])
def test_reps_and_owners_never_reach_the_order_desk(desk, web, username):
    _world, placed, _foreign = desk
    web.login(username)
    for url in ("/hq/orders", f"/hq/orders/{placed.id}"):
        assert web.client.get(url).status_code == 403
    token = home_csrf(web)
    answer = web.client.post(f"/hq/orders/{placed.id}/move", data={
        "to_status": "cancelled", "version": "1", "csrf_token": token})
    assert answer.status_code == 403


def test_filters_narrow_the_queue(desk, db, web):
    world, placed, foreign = desk
    db.session.execute(update(Order).where(Order.id == foreign.id).values(
        exception="damaged", delivery_method="pickup_point"))
    db.session.commit()
    web.login("hq")
    get = lambda q: queue_numbers(web.client.get(f"/hq/orders?{q}").get_data(as_text=True))  # noqa: E731
    assert foreign.number in get("exception=has")
    assert placed.number not in get("exception=has")
    assert placed.number in get("exception=none")
    assert foreign.number in get("delivery_method=pickup_point")
    assert placed.number not in get("delivery_method=pickup_point")
    region = foreign.store.territory.region_id
    assert get(f"region={region}") == [foreign.number]
    today = clock.today("Asia/Shanghai")
    assert placed.number in get(f"placed_from={today}&placed_to={today}")
    assert get(f"placed_from={today + timedelta(days=1)}") == []
    assert web.client.get("/hq/orders?status=nonsense&page=x").status_code == 200


def test_an_exception_on_a_receipt_line_counts_as_an_exception(desk, db, web):
    world, placed, _foreign = desk
    line = placed.lines[0]
    db.session.add(OrderReceiptLine(order_id=placed.id, order_line_id=line.id,
                                    received_quantity=0, exception="lost"))
    db.session.commit()
    web.login("hq")
    assert placed.number in queue_numbers(
        web.client.get("/hq/orders?exception=has").get_data(as_text=True))


def test_a_late_order_stands_out_with_its_days(desk, db, web):
    """Late: the promised date has passed and it is not delivered (spec §2.4 T+0)."""
    world, placed, _foreign = desk
    promised = clock.today("Asia/Shanghai") - timedelta(days=3)
    db.session.execute(update(Order).where(Order.id == placed.id).values(
        status="out_for_delivery", delivery_date=promised))
    db.session.commit()
    web.login("hq")
    html = web.client.get("/hq/orders?status=late").get_data(as_text=True)
    assert placed.number in queue_numbers(html)
    assert f'data-order-id="{placed.id}" class="late" data-late="3"' in html
    page = web.client.get(f"/hq/orders/{placed.id}").get_data(as_text=True)
    assert 'data-late="3"' in page
    db.session.execute(update(Order).where(Order.id == placed.id).values(status="delivered"))
    db.session.commit()
    assert placed.number not in queue_numbers(
        web.client.get("/hq/orders?status=late").get_data(as_text=True))


def test_the_queue_pages_through_many_orders(desk, db, web):
    world, placed, _foreign = desk
    for _ in range(3):
        order(db, world, lines=[(world.carton.id, 1)])
    web.login("hq")
    total = db.session.query(Order).count()
    pages = -(-total // order_desk.QUEUE_PAGE_SIZE)
    last = web.client.get(f"/hq/orders?page={pages}").get_data(as_text=True)
    assert len(queue_numbers(last)) == total - (pages - 1) * order_desk.QUEUE_PAGE_SIZE
    assert web.client.get("/hq/orders?page=99999").status_code == 200


def test_the_order_page_shows_lines_totals_and_timeline(desk, web):
    world, placed, _foreign = desk
    web.login("hq")
    html = web.client.get(f"/hq/orders/{placed.id}").get_data(as_text=True)
    assert world.crate.name in html and world.carton.name in html
    assert "2251.00" in html  # 25 × 85.00 + 3 × 42.00
    assert world.owner.display_name in html  # who submitted it
    for button in ('data-move="confirmed"', 'data-move="rejected"', 'data-move="cancelled"'):
        assert button in html
    assert 'data-move="picking"' not in html


def test_hq_moves_an_order_to_completion_recording_who(desk, db, web):
    world, placed, _foreign = desk
    web.login("hq")
    promised = clock.today("Asia/Shanghai") + timedelta(days=1)
    answer = move(web, placed, "confirmed", delivery_date=promised.isoformat())
    assert answer.status_code == 303
    for version, target in enumerate(["picking", "out_for_delivery", "delivered",
                                      "completed"], start=2):
        assert move(web, placed, target, version).status_code == 303
    db.session.expire_all()
    done = db.session.get(Order, placed.id)
    assert (done.status, done.version, done.delivery_date) == ("completed", 6, promised)
    history = db.session.scalars(select(OrderStatusChange).where(
        OrderStatusChange.order_id == placed.id)).all()
    assert {h.by_id for h in history[1:]} == {world.hq.id}
    page = web.client.get(f"/hq/orders/{placed.id}").get_data(as_text=True)
    assert world.hq.display_name in page and "data-move=" not in page


def test_a_manager_moves_the_orders_of_their_region(desk, db, web):
    world, placed, _foreign = desk
    web.login("manager1")
    assert move(web, placed, "confirmed",
                delivery_date=clock.today("Asia/Shanghai").isoformat()).status_code == 303
    db.session.expire_all()
    assert db.session.get(Order, placed.id).status == "confirmed"


def test_a_stale_version_is_refused_and_the_order_shown_as_it_is_now(desk, db, web):
    """Two clerks: the second pressed a button on the page as it was (version 1)."""
    world, placed, _foreign = desk
    web.login("hq")
    assert move(web, placed, "confirmed").status_code == 303
    answer = web.client.post(f"/hq/orders/{placed.id}/move", data={
        "to_status": "rejected", "version": "1", "reason": "缺货",
        "csrf_token": web.csrf_from(f"/hq/orders/{placed.id}")},
        headers={"HX-Request": "true"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'id="order-panel"' in html
    assert "Another clerk moved this order" in html or "另一位" in html
    assert 'data-status="confirmed"' in html and 'data-version="2"' in html
    db.session.expire_all()
    assert db.session.get(Order, placed.id).status == "confirmed"


def test_an_illegal_move_is_refused_with_a_message(desk, db, web):
    world, placed, _foreign = desk
    web.login("hq")
    answer = move(web, placed, "delivered")
    assert answer.status_code == 303
    html = web.client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "flash-error" in html
    db.session.expire_all()
    assert db.session.get(Order, placed.id).status == "submitted"


def test_a_rejection_without_a_reason_is_refused(desk, db, web):
    world, placed, _foreign = desk
    web.login("hq")
    web.client.post("/language", data={"locale": "en", "next": "/hq/",
                                       "csrf_token": web.csrf_from("/hq/")})
    answer = move(web, placed, "rejected", reason="  ")
    html = web.client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Give a reason for rejecting" in html
    assert move(web, placed, "rejected", reason="本周货源不足").status_code == 303
    db.session.expire_all()
    rejected = db.session.get(Order, placed.id)
    assert rejected.status == "rejected" and rejected.history[-1].note == "本周货源不足"


def test_a_promised_date_in_the_past_is_refused(desk, db, web):
    world, placed, _foreign = desk
    web.login("hq")
    yesterday = clock.today("Asia/Shanghai") - timedelta(days=1)
    move(web, placed, "confirmed", delivery_date=yesterday.isoformat())
    db.session.expire_all()
    assert db.session.get(Order, placed.id).status == "submitted"


def test_a_move_answers_htmx_with_the_panel_and_a_page_without_js(desk, web):
    world, placed, _foreign = desk
    web.login("hq")
    url = f"/hq/orders/{placed.id}"
    answer = web.client.post(f"{url}/move", data={
        "to_status": "confirmed", "version": "1", "csrf_token": web.csrf_from(url)},
        headers={"HX-Request": "true"})
    html = answer.get_data(as_text=True)
    assert "<html" not in html  # the panel only
    assert 'data-status="confirmed"' in html
