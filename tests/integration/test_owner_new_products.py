"""New products (新品) in the owner's catalogue (issue 11, point 2), over real HTTP: a
product HQ marked new through a day carries the badge up to and including that day in
the configured zone (Asia/Shanghai), never after; "New products only" (`?new=1`) lists
them alone, kept with the search, the pages and the htmx fragment, in a fixed number of
queries."""

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from order_helpers import make_world
from sqlalchemy import event, func, select
from time_helpers import ZONE, move_clock_to, today

from webapp.models import Product
from webapp.store.catalogue_queries import PAGE_SIZE

BADGE = '<span class="badge new">新品</span>'
CATALOGUE_MAX_BYTES = 30 * 1024  # issue 11 Performance, as test_owner_ordering_pages


@pytest.fixture
def world(seeded, db):
    world = make_world(db)
    # the seed's own new products stay out of the way: only the test's are new
    db.session.execute(Product.__table__.update().values(new_until=None))
    world.crate.new_until = today(3)
    world.carton.new_until = today(-1)  # its last new day was yesterday
    db.session.commit()
    return world


@pytest.fixture
def owner(web, world):
    web.login("owner1")
    return web


def _row(html: str, product: Product) -> str:
    row = re.search(rf'<li class="row" data-product="{product.id}".*?</li>', html, re.S)
    assert row, html
    return row[0]


def _codes(html: str) -> list[str]:
    return re.findall(r'data-code="([^"]+)"', html)


def test_only_a_product_new_today_carries_the_badge(owner, world):
    html = owner.client.get("/store/catalogue?q=T-").get_data(as_text=True)
    assert BADGE in _row(html, world.crate)
    assert "新品" not in _row(html, world.carton)  # new until yesterday: no longer new
    assert html.count(BADGE) == 1


def test_the_badge_sits_beside_the_key_brand_mark_in_english_too(owner, world, db):
    world.crate.is_key_brand = True
    db.session.commit()
    row = _row(owner.client.get("/store/catalogue?q=T-CRATE").get_data(as_text=True),
               world.crate)
    assert '<span class="badge ok">重点培育品牌</span> ' + BADGE in row
    owner.post_form("/language", {"locale": "en", "next": "/store/"}, page="/store/")
    html = owner.client.get("/store/catalogue?q=T-").get_data(as_text=True)
    assert '<span class="badge ok">Key brand</span> <span class="badge new">New</span>' in _row(
        html, world.crate)
    assert ">All products</a>" in html and ">New products only</a>" in html


@pytest.mark.parametrize(("day", "hour", "minute", "new"), [
    (0, 23, 59, True),  # the last new day, late in the evening in Shanghai
    (1, 0, 1, False),  # just past midnight in Shanghai (still the day before in UTC)
])
def test_the_last_day_ends_at_midnight_in_the_configured_zone(owner, world, db, day, hour,
                                                              minute, new):
    world.crate.new_until = today()
    db.session.commit()
    move_clock_to(datetime.combine(today(day), time(hour, minute), tzinfo=ZoneInfo(ZONE)))
    row = _row(owner.client.get("/store/catalogue?q=T-CRATE").get_data(as_text=True),
               world.crate)
    assert (BADGE in row) is new


def test_new_products_only_lists_them_with_the_search_and_marks_the_chip(owner, world):
    everything = owner.client.get("/store/catalogue").get_data(as_text=True)
    assert '<a class="chip" href="/store/catalogue" aria-current="true">全部商品</a>' in everything
    assert '<a class="chip" href="/store/catalogue?new=1">只看新品</a>' in everything
    html = owner.client.get("/store/catalogue?new=1").get_data(as_text=True)
    assert _codes(html) == ["T-CRATE"] and 'data-catalogue-total="1"' in html
    assert '<a class="chip" href="/store/catalogue?new=1" aria-current="true">只看新品</a>' in html
    assert '<input type="hidden" name="new" value="1">' in html  # the search keeps it
    searched = owner.client.get("/store/catalogue?q=T-&new=1").get_data(as_text=True)
    assert _codes(searched) == ["T-CRATE"]
    assert 'href="/store/catalogue?q=T-"' in searched  # "all products" keeps the search
    assert _codes(owner.client.get("/store/catalogue?q=T-CARTON&new=1").get_data(
        as_text=True)) == []


def test_the_htmx_search_answers_new_products_only_with_rows_only(owner, world):
    fragment = owner.client.get("/store/catalogue?q=T-&new=1",
                                headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and _codes(fragment) == ["T-CRATE"]
    assert 'href="/store/catalogue?q=T-&amp;new=1" aria-current="true"' in fragment


def test_new_products_only_pages_keep_the_filter_and_the_search(owner, world, db):
    db.session.add_all([Product(code=f"N{n:03d}", name=f"新品{n}", brand="新牌", pack="条",
                                guide_price_fen=1000, wholesale_price_fen=900,
                                new_until=today(n % 5))
                        for n in range(PAGE_SIZE + 5)])
    db.session.add(Product(code="N999", name="旧品", brand="新牌", pack="条",
                           guide_price_fen=1000, wholesale_price_fen=900))
    db.session.commit()
    first = owner.client.get("/store/catalogue?q=N&new=1").get_data(as_text=True)
    assert f'data-catalogue-total="{PAGE_SIZE + 5}"' in first
    assert first.count(BADGE) == PAGE_SIZE
    assert 'href="/store/catalogue?q=N&amp;new=1&amp;page=2"' in first
    second = owner.client.get("/store/catalogue?q=N&new=1&page=2").get_data(as_text=True)
    assert len(_codes(second)) == 5 and "N999" not in second
    assert 'href="/store/catalogue?q=N&amp;new=1&amp;page=1"' in second


def _statements(db, web, url: str) -> int:
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert web.client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_badges_cost_no_query_of_their_own_and_keep_the_page_weight(owner, world, db):
    have = db.session.scalar(select(func.count()).select_from(Product))
    db.session.add_all([Product(code=f"B{n:04d}", name=f"长名字的测试商品{n}号（硬盒）",
                                brand="测试品牌", pack="条", guide_price_fen=12345,
                                wholesale_price_fen=10000, order_minimum=25, order_multiple=25,
                                is_key_brand=n % 3 == 0)
                        for n in range(300 - have)])
    db.session.commit()
    urls = ("/store/catalogue", "/store/catalogue?page=3", "/store/catalogue?q=B01")
    owner.client.get(urls[0])  # warm: the session's own lookups settle
    before = [_statements(db, owner, url) for url in urls]
    db.session.execute(Product.__table__.update().values(new_until=today(1)))
    db.session.commit()
    assert owner.client.get(urls[1]).get_data(as_text=True).count(BADGE) == PAGE_SIZE
    assert [_statements(db, owner, url) for url in urls] == before
    assert _statements(db, owner, "/store/catalogue?new=1&page=3") == before[1]
    assert max(before) <= 12, before
    page = owner.client.get("/store/catalogue?new=1")  # every row marked: the heaviest page
    assert page.get_data(as_text=True).count(BADGE) == PAGE_SIZE
    assert len(page.data) <= CATALOGUE_MAX_BYTES, len(page.data)


def test_owner1_sees_and_may_order_the_demos_new_products(seeded, db, web):
    web.login("owner1")
    html = web.client.get("/store/catalogue?new=1").get_data(as_text=True)
    new = db.session.scalars(select(Product).where(Product.new_until >= today())
                             .order_by(Product.is_key_brand.desc(), Product.code)).all()
    assert len(new) == 3 and _codes(html) == [p.code for p in new]
    assert html.count(BADGE) == 3
    carton_by_carton = next(p for p in new if p.order_multiple == 1)
    answer = web.client.get(f"/store/cart/check?product_id={carton_by_carton.id}&quantity=2")
    assert answer.get_json() == {"ok": True, "problems": []}
