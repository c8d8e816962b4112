"""订单科 enters an order a store gave by phone (issue 11 item 10; [000 准确录入客户订单]):
the same rules as the owner's own order, each refusal on its line in the rules' words,
marked channel phone with the clerk as its enterer. Reps never create orders (the
retailer orders for itself [000 禁止客户经理拿预订单]), nor do owners or managers here."""

import pytest
from order_desk_helpers import home_csrf
from order_helpers import counts, make_world
from sqlalchemy import select

from webapp.models import Order

URL = "/hq/orders/new"


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def _entry(web, world, lines, **fields):
    url = f"{URL}?store_id={world.store.id}"
    data = {"store_id": str(world.store.id), "delivery_method": "home_delivery", **fields}
    for row, (code, quantity) in enumerate(lines):
        data[f"code-{row}"], data[f"qty-{row}"] = code, quantity
    return web.post_form(url, data, page=url)


def test_hq_finds_the_store_and_enters_its_order_by_phone(world, db, web):
    web.login("hq")
    found = web.client.get(f"{URL}?q={world.store.customer_code}").get_data(as_text=True)
    assert f"store_id={world.store.id}" in found
    answer = _entry(web, world, [(world.crate.code, "25"), (world.carton.code, "2")],
                    note="电话订货")
    assert answer.status_code == 303
    placed = db.session.scalar(select(Order).order_by(Order.id.desc()))
    assert (placed.channel, placed.entered_by_id, placed.placed_by_id, placed.note) == (
        "phone", world.hq.id, world.store.owner_id, "电话订货")
    assert answer.headers["Location"].endswith(f"/hq/orders/{placed.id}")


def test_each_refused_line_says_why_in_the_rules_words_and_nothing_is_stored(world, db, web):
    web.login("hq")
    web.client.post("/language", data={"locale": "en", "next": "/hq/",
                                       "csrf_token": web.csrf_from("/hq/")})
    before = counts(db)
    answer = _entry(web, world, [(world.crate.code, "30"), ("NO-SUCH", "1"),
                                 (world.carton.code, "-2"), (world.crate.code, "")])
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert counts(db) == before
    assert "Order in multiples of 25 cartons" in html
    assert "No product has the code NO-SUCH." in html
    assert "Enter a whole number of cartons above zero." in html
    assert html.count('class="has-error"') >= 3
    assert f'value="{world.crate.code}"' in html  # what was typed stays


def test_refusals_read_in_chinese(world, db, web):
    web.login("hq")
    html = _entry(web, world, [(world.crate.code, "75")]).get_data(as_text=True)
    assert "over_limit" not in html and "cartons" not in html
    assert "50" in html  # the weekly allocation


@pytest.mark.parametrize("username", ["rep1", "owner1", "manager1"])
def test_only_the_order_section_enters_orders(world, db, web, username):
    """Reps cannot create orders at all; owners order in their app; phone entry is
    HQ staff's (rules.order_status.PHONE_ORDER_ROLES)."""
    web.login(username)
    before = counts(db)
    assert web.client.get(URL).status_code == 403
    answer = web.client.post(URL, data={
        "csrf_token": home_csrf(web), "store_id": str(world.store.id),
        "delivery_method": "home_delivery", "code-0": world.carton.code, "qty-0": "1"})
    assert answer.status_code == 403
    assert counts(db) == before
    assert 'href="/hq/orders/new"' not in web.client.get(
        "/", follow_redirects=True).get_data(as_text=True)


def test_an_unknown_store_is_404(world, web):
    web.login("hq")
    assert web.client.get(f"{URL}?store_id=999999").status_code == 404


def test_a_mistyped_or_missing_code_is_named_as_such(world, db, web):
    """Found by QA: a clerk who typed a code that does not exist, or only a quantity, read
    "This product is not on sale now: remove it", as if the product existed; they are told
    the code is unknown or missing, in Chinese by default, and nothing is stored."""
    web.login("hq")
    before = counts(db)
    answer = _entry(web, world, [("P9999", "1"), ("", "7")])
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and counts(db) == before
    assert "没有编码为 P9999 的商品。" in html
    assert "请填写商品编码。" in html
    assert "该商品目前不可订" not in html
