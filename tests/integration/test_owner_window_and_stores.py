"""The ordering window as the owner sees it (issue 11 item 3): open now, or when it opens
next [000 订货域]; and the store switcher of an owner with one store (just its name)."""

from datetime import time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, select

from webapp import clock
from webapp.models import OrderingWindow, Store, User
from webapp.rules.settings import DEFAULT_SETTINGS


@pytest.fixture
def owner(seeded, web):
    web.login("owner1")
    return web


def test_outside_the_window_every_ordering_page_says_when_it_opens(owner, db):
    db.session.execute(delete(OrderingWindow))
    today = clock.now().astimezone(ZoneInfo(DEFAULT_SETTINGS.timezone)).weekday()
    db.session.add(OrderingWindow(region_id=None, weekday=(today + 2) % 7, opens_at=time(9),
                                  closes_at=time(10)))
    db.session.commit()
    for url in ("/store/", "/store/catalogue", "/store/cart"):
        html = owner.client.get(url).get_data(as_text=True)
        assert 'data-window-open="false"' in html, url
        assert "现在不在订货时间内；下次开放：" in html, url


def test_without_any_window_the_owner_is_told_to_ask_the_order_desk(owner, db):
    db.session.execute(delete(OrderingWindow))
    db.session.commit()
    html = owner.client.get("/store/catalogue").get_data(as_text=True)
    assert "您的门店还没有订货时间：请联系订单科。" in html


def test_an_owner_of_one_store_sees_its_name_and_no_switch(seeded, db, web):
    single = db.session.scalar(
        select(User).join(Store, Store.owner_id == User.id).group_by(User.id)
        .having(func.count(Store.id) == 1).order_by(User.id))
    store = db.session.scalar(select(Store).where(Store.owner_id == single.id))
    web.login(single.username)
    html = web.client.get("/store/catalogue").get_data(as_text=True)
    assert f"<strong>{store.name}</strong>" in html
    assert 'action="/store/current"' not in html
