"""The owner's ordering pages over real HTTP (issue 11 items 1-4): the store switcher on
every page, the catalogue of the current store, one line checked by the server's rules
in the owner's language, and the cart sent as an `order` record. An owner of store A
never reaches store B [scope.py]."""

import re

import pytest
from order_helpers import WEEKLY_LIMIT, make_world
from sqlalchemy import func, select
from sync_helpers import record

from webapp.models import Order, Product, Store

CATALOGUE_MAX_BYTES = 30 * 1024  # issue 11 Performance: HTML ≤ 30 KB


@pytest.fixture
def world(seeded, db):
    return make_world(db)


@pytest.fixture
def owner(web, world):
    web.login("owner1")
    return web


def csrf(web) -> str:
    return web.csrf_from("/store/cart")


def submit(web, raw):
    return web.client.post("/store/cart/submit", json={"record": raw},
                           headers={"X-CSRFToken": csrf(web)})


def english(web) -> None:
    web.post_form("/language", {"locale": "en", "next": "/store/"}, page="/store/")


def test_every_owner_page_shows_the_switcher_and_the_owner_sections(owner, world, db):
    stores = db.session.scalars(select(Store).where(Store.owner_id == world.owner.id)).all()
    assert len(stores) == 2  # owner1 has two stores in the seed
    for url in ("/store/", "/store/catalogue", "/store/cart", f"/store/{stores[1].id}"):
        html = owner.client.get(url).get_data(as_text=True)
        assert 'action="/store/current"' in html, url
        assert all(f'<option value="{s.id}"' in html for s in stores), url
        assert 'class="bottom-nav"' in html and 'href="/store/cart"' in html, url


def test_switching_the_store_makes_every_page_about_it(owner, world, db):
    second = db.session.scalars(select(Store).where(Store.owner_id == world.owner.id)
                                .order_by(Store.name)).all()[1]
    response = owner.post_form("/store/current", {"store_id": second.id,
                                                  "next": "/store/catalogue"})
    assert (response.status_code, response.headers["Location"]) == (303, "/store/catalogue")
    html = owner.client.get("/store/cart").get_data(as_text=True)
    assert f"<h1>购物车 · {second.name}</h1>" in html
    assert f'"store_id": {second.id}' in html


def test_opening_an_order_of_the_other_store_makes_that_store_current(owner, world, db):
    first, second = db.session.scalars(select(Store).where(Store.owner_id == world.owner.id)
                                       .order_by(Store.name)).all()
    owner.post_form("/store/current", {"store_id": first.id, "next": "/store/"}, page="/store/")
    theirs = db.session.scalars(select(Order).where(Order.store_id == second.id)).first()
    page = owner.client.get(f"/store/orders/{theirs.id}").get_data(as_text=True)
    assert f'<option value="{second.id}" selected' in page  # the switcher says whose order
    html = owner.client.get("/store/cart").get_data(as_text=True)
    assert f"<h1>购物车 · {second.name}</h1>" in html
    other_owners = db.session.scalars(select(Order).where(
        Order.store_id == world.other_store.id)).first()
    if other_owners is not None:  # another owner's order: 404, and the current store stays
        assert owner.client.get(f"/store/orders/{other_owners.id}").status_code == 404
        assert f"<h1>购物车 · {second.name}</h1>" in owner.client.get(
            "/store/cart").get_data(as_text=True)


def test_an_owner_cannot_switch_to_or_check_another_owner_s_store(owner, world):
    response = owner.post_form("/store/current", {"store_id": world.other_store.id},
                               page="/store/")
    assert response.status_code == 404
    assert owner.client.get(f"/store/{world.other_store.id}").status_code == 404


def test_the_catalogue_shows_prices_key_brands_and_the_rules_numbers(owner, world):
    html = owner.client.get("/store/catalogue?q=T-CRATE").get_data(as_text=True)
    assert "现在可以订货。" in html  # the seed's window for owner1's region: all day
    row = re.search(rf'<li class="row" data-product="{world.crate.id}".*?</li>', html, re.S)
    assert row, html
    assert 'data-minimum="25" data-multiple="25"' in row[0]
    assert f'data-remaining="{WEEKLY_LIMIT}"' in row[0]
    assert "¥85.00 / 指导价 ¥100.00" in row[0]
    assert f"本周还可订 {WEEKLY_LIMIT} 条" in row[0]


def test_the_catalogue_searches_by_brand_and_answers_htmx_with_rows_only(owner, world, db):
    key = db.session.scalar(select(Product).where(Product.is_key_brand.is_(True)))
    full = owner.client.get(f"/store/catalogue?q={key.brand}").get_data(as_text=True)
    assert "重点培育品牌" in full
    fragment = owner.client.get(f"/store/catalogue?q={key.code}",
                                headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and f'data-code="{key.code}"' in fragment
    assert "T-CRATE" not in fragment


def test_the_catalogue_of_300_products_stays_under_30_kb(owner, db):
    have = db.session.scalar(select(func.count()).select_from(Product))
    db.session.add_all([Product(code=f"B{n:04d}", name=f"长名字的测试商品{n}号（硬盒）",
                                brand="测试品牌", pack="条", guide_price_fen=12345,
                                wholesale_price_fen=10000, order_minimum=25, order_multiple=25,
                                is_key_brand=n % 3 == 0)
                        for n in range(300 - have)])
    db.session.commit()
    response = owner.client.get("/store/catalogue")
    assert response.status_code == 200
    assert len(response.data) <= CATALOGUE_MAX_BYTES, len(response.data)
    assert "共 300 个商品" in response.get_data(as_text=True)


@pytest.mark.parametrize(("quantity", "chinese", "english_words"), [
    ("30", "请按 25 条的整倍数订货", "Order in multiples of 25 cartons"),
    ("-25", "请输入大于零的整数条数", "Enter a whole number of cartons above zero"),
    ("2.5", "请输入大于零的整数条数", "Enter a whole number of cartons above zero"),
    ("75", f"本周限 {WEEKLY_LIMIT} 条", f"{WEEKLY_LIMIT} cartons this week"),
    ("99999999999", "每行最多 100000 条", "At most 100000 cartons on one line"),
    # found by QA: 999999 cartons was told "enter a whole number above zero", which it is
    ("999975", "每行最多 100000 条", "At most 100000 cartons on one line"),
])
def test_a_line_breaking_a_rule_is_explained_before_sending(owner, world, quantity, chinese,
                                                            english_words):
    url = f"/store/cart/check?product_id={world.crate.id}&quantity={quantity}"
    answer = owner.client.get(url).get_json()
    assert answer["ok"] is False and chinese in answer["problems"][0]
    english(owner)
    assert english_words in owner.client.get(url).get_json()["problems"][0]


def test_a_good_line_passes_the_check(owner, world):
    answer = owner.client.get(f"/store/cart/check?product_id={world.crate.id}&quantity=50")
    assert answer.get_json() == {"ok": True, "problems": []}


def test_the_cart_page_defaults_to_the_store_s_delivery_method(owner, world):
    html = owner.client.get("/store/cart").get_data(as_text=True)
    assert f'<option value="{world.store.delivery_method}" selected>' in html


def test_submitting_a_cart_places_one_order_even_when_sent_twice(owner, world, db):
    raw = record("order", {"store_id": world.store.id,
                           "lines": [{"product_id": world.crate.id, "quantity": 25}]})
    del raw["hlc"]  # the page's record carries no clock: the server stamps it
    before = db.session.scalar(select(func.count()).select_from(Order))
    first = submit(owner, raw)
    again = submit(owner, dict(raw))
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.get_json()["status"] == "applied"
    assert again.get_json()["status"] == "duplicate"
    assert again.get_json()["number"] == first.get_json()["number"]
    assert db.session.scalar(select(func.count()).select_from(Order)) == before + 1


def test_a_refused_cart_comes_back_explained_per_line_and_stores_nothing(owner, world, db):
    raw = record("order", {"store_id": world.store.id,
                           "lines": [{"product_id": world.carton.id, "quantity": 2},
                                     {"product_id": world.crate.id, "quantity": 30}]})
    before = db.session.scalar(select(func.count()).select_from(Order))
    response = submit(owner, raw)
    assert response.status_code == 422
    assert response.get_json()["problems"] == [
        {"line": 1, "text": "请按 25 条的整倍数订货（如 25 或 50 条）。"}]
    assert db.session.scalar(select(func.count()).select_from(Order)) == before


@pytest.mark.parametrize("quantity", [100_001, 99_999_999_999])
def test_a_huge_quantity_is_refused_as_too_many_not_as_not_whole(owner, world, db, quantity):
    raw = record("order", {"store_id": world.store.id,
                           "lines": [{"product_id": world.crate.id, "quantity": quantity}]})
    before = db.session.scalar(select(func.count()).select_from(Order))
    response = submit(owner, raw)
    assert response.status_code == 422
    assert response.get_json()["problems"] == [{"line": 0, "text": "每行最多 100000 条。"}]
    assert db.session.scalar(select(func.count()).select_from(Order)) == before


def test_a_cart_for_another_owner_s_store_is_refused(owner, world, db):
    raw = record("order", {"store_id": world.other_store.id,
                           "lines": [{"product_id": world.carton.id, "quantity": 2}]})
    response = submit(owner, raw)
    assert response.status_code == 422
    assert response.get_json()["problems"][0]["line"] is None
    assert not db.session.scalar(select(Order).where(Order.store_id == world.other_store.id,
                                                     Order.channel == "app",
                                                     Order.placed_by_id == world.owner.id))


def test_a_rep_has_no_cart(seeded, web):
    web.login("rep1")
    assert web.client.get("/store/catalogue").status_code == 403
    assert web.client.post("/store/cart/submit", json={"record": {}}).status_code in (400, 403)
