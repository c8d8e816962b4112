"""HQ keeps the ordering windows and allocations (issue 11 item 12; [000 订货域、配送域
信息的维护] [000 货源投放] [003 25条整倍数]): overlapping or impossible values get a
clear error beside their row and nothing is stored; HQ staff and admins edit, market
managers read (the allocation plan is HQ's 采供科's), reps and owners never reach it."""

import pytest
from order_desk_helpers import home_csrf
from order_helpers import make_world
from sqlalchemy import select

from webapp.models import OrderingWindow, Product, ProductOrderLimit

SETUP = "/hq/ordering-setup"


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def _english(web):
    web.client.post("/language", data={"locale": "en", "next": "/hq/",
                                       "csrf_token": web.csrf_from("/hq/")})


def _windows(web, region, rows):
    data = {"region": "" if region is None else str(region)}
    for i, (weekday, opens, closes, *overnight) in enumerate(rows):
        data.update({f"weekday-{i}": str(weekday), f"opens-{i}": opens, f"closes-{i}": closes})
        if overnight:
            data[f"overnight-{i}"] = "1"
    return web.post_form(f"{SETUP}/windows", data, page=SETUP)


def _stored(db, region):
    db.session.expire_all()
    return sorted((w.weekday, w.opens_at.strftime("%H:%M"), w.closes_at.strftime("%H:%M"))
                  for w in db.session.scalars(select(OrderingWindow).where(
                      OrderingWindow.region_id.is_(None) if region is None
                      else OrderingWindow.region_id == region)))


def test_hq_replaces_a_regions_windows(world, db, web):
    region = world.store.territory.region_id
    web.login("hq")
    answer = _windows(web, region, [(0, "08:00", "12:00"), (0, "13:00", "17:00"),
                                    (6, "22:00", "02:00", True)])
    assert answer.status_code == 303
    assert _stored(db, region) == [(0, "08:00", "12:00"), (0, "13:00", "17:00"),
                                   (6, "22:00", "02:00")]
    assert "13:00" in web.client.get(SETUP).get_data(as_text=True)


@pytest.mark.parametrize(("rows", "words"), [
    ([(1, "08:00", "12:00"), (1, "11:00", "14:00")], "This window overlaps another window."),
    ([(1, "17:00", "08:00")], "It closes before it opens."),
    ([(1, "8 o'clock", "12:00")], "Enter the times as HH:MM"),
    ([(9, "08:00", "12:00")], "Choose a weekday."),
])
def test_impossible_or_overlapping_windows_are_refused_beside_their_row(world, db, web, rows,
                                                                       words):
    region = world.store.territory.region_id
    before = _stored(db, region)
    web.login("hq")
    _english(web)
    answer = _windows(web, region, rows)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert words in html and 'class="has-error"' in html
    assert _stored(db, region) == before


def test_the_windows_for_every_region(world, db, web):
    web.login("hq")
    assert _windows(web, None, [(2, "09:00", "10:00")]).status_code == 303
    assert _stored(db, None) == [(2, "09:00", "10:00")]


def test_hq_sets_minimum_and_multiple_with_clear_errors(world, db, web):
    url = f"{SETUP}/products/{world.carton.id}"
    web.login("hq")
    _english(web)
    for minimum, multiple, words in [("30", "25", "The minimum must be a multiple of the "
                                      "multiple."), ("0", "5", "The minimum must be a whole "
                                                   "number above zero."),
                                     ("2.5", "1", "The minimum must be a whole number"),
                                     ("10", "-5", "The multiple must be a whole number")]:
        answer = web.post_form(url, {"minimum": minimum, "multiple": multiple})
        assert answer.status_code == 422 and words in answer.get_data(as_text=True)
    assert web.post_form(url, {"minimum": "10", "multiple": "5"}).status_code == 303
    db.session.expire_all()
    carton = db.session.get(Product, world.carton.id)
    assert (carton.order_minimum, carton.order_multiple) == (10, 5)


def test_hq_sets_and_removes_allocations_with_clear_errors(world, db, web):
    url = f"{SETUP}/products/{world.crate.id}"
    post = lambda data: web.post_form(f"{url}/allocation", data, page=url)  # noqa: E731
    web.login("hq")
    _english(web)
    for quantity, words in [("30", "multiple of the product"), ("10", "below the product"),
                            ("0", "whole number above zero"), ("x", "whole number above")]:
        answer = post({"store_code": "", "max_quantity": quantity, "period": "week"})
        assert answer.status_code == 422 and words in answer.get_data(as_text=True), quantity
    answer = post({"store_code": "NO-SUCH", "max_quantity": "50", "period": "week"})
    assert answer.status_code == 422 and "No store has the customer code" in answer.get_data(
        as_text=True)
    code = world.store.customer_code
    assert post({"store_code": code, "max_quantity": "75", "period": "month"}).status_code == 303
    limit = db.session.scalar(select(ProductOrderLimit).where(
        ProductOrderLimit.product_id == world.crate.id,
        ProductOrderLimit.store_id == world.store.id))
    assert (limit.max_quantity, limit.period) == (75, "month")
    assert post({"store_code": code, "max_quantity": "", "period": "month",
                 "remove": "1"}).status_code == 303
    db.session.expire_all()
    assert db.session.scalar(select(ProductOrderLimit).where(
        ProductOrderLimit.store_id == world.store.id,
        ProductOrderLimit.product_id == world.crate.id)) is None


def test_a_market_manager_reads_but_does_not_edit(world, db, web):
    web.login("manager1")
    html = web.client.get(SETUP).get_data(as_text=True)
    assert "<h1>" in html and "Save the windows" not in html and "保存订货时段" not in html
    assert web.client.get(f"{SETUP}/products/{world.crate.id}").status_code == 200
    token = web.csrf_from(SETUP)
    assert web.client.post(f"{SETUP}/windows", data={"csrf_token": token, "region": "",
                                                     "weekday-0": "0", "opens-0": "08:00",
                                                     "closes-0": "09:00"}).status_code == 403
    assert web.client.post(f"{SETUP}/products/{world.crate.id}", data={
        "csrf_token": token, "minimum": "1", "multiple": "1"}).status_code == 403
    assert web.client.post(f"{SETUP}/products/{world.crate.id}/allocation", data={
        "csrf_token": token, "max_quantity": "5", "period": "week"}).status_code == 403


@pytest.mark.parametrize("username", ["rep1", "owner1"])
def test_reps_and_owners_never_reach_the_ordering_setup(world, web, username):
    web.login(username)
    assert web.client.get(SETUP).status_code == 403
    assert web.client.post(f"{SETUP}/windows", data={"csrf_token": home_csrf(web)}
                           ).status_code == 403
