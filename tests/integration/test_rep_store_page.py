"""The rep's store page, and who may open the rep pages at all."""

import re
from datetime import timedelta

import pytest
from flask import url_for
from rep_page_helpers import add_price_check, add_ticket, add_visit, blank_round, in_english, user
from sqlalchemy import select

from webapp.models import Order, Store, utcnow
from webapp.rep.views.sections import CAPTURE_ENDPOINTS


@pytest.fixture
def store_page(seeded, db, web, password):
    """rep1 signed in (English) and one of their stores with a known history."""
    rep = user(db, "rep1")
    store = blank_round(db, rep)[0]
    store.lat, store.lng = 23.41, 104.23
    add_visit(db, store, rep, days_ago=0.2, notes="Talked about the new brand",
              flags=["far_from_store"])
    add_price_check(db, store, rep, shelf_fen=2600, guide_fen=2300)
    add_ticket(db, store, "T-OPEN", resolve_due_at=utcnow() + timedelta(hours=5, minutes=30))
    db.session.commit()
    web.login("rep1", password)
    in_english(web)
    response = web.client.get(f"/rep/stores/{store.id}")
    assert response.status_code == 200
    return store, response.get_data(as_text=True)


def test_store_page_contact_tap_to_call_and_map(store_page):
    store, html = store_page
    assert f"<h1>{store.name}</h1>" in html
    assert store.owner_name in html
    assert f'href="tel:{store.phone.replace(" ", "")}"' in html
    assert f'href="geo:{store.lat},{store.lng}?q=' in html
    assert f"https://uri.amap.com/marker?position={store.lng},{store.lat}" in html
    # the manuals' three methods, in the one label table's English
    assert any(m in html for m in ("Delivery to the door", "Pick-up point", "Delegated delivery"))


def test_store_page_has_the_offline_pending_records_slot(store_page):
    store, html = store_page
    assert f'<section id="pending-records" data-store-id="{store.id}"></section>' in html


def test_store_page_visits_notes_and_trust_flags(store_page):
    _, html = store_page
    assert "Talked about the new brand" in html
    assert re.search(r'class="trust-flags"[^>]*>.*Far from the store', html)


def test_store_page_price_check_flags_shelf_above_guide(store_page):
    """[000 价格应与收银系统保持一致]: 26.00 on the shelf against a 23.00 guide is flagged."""
    _, html = store_page
    row = re.search(r'<tr class="off">(.*?)</tr>', html, re.S)
    assert row and "26.00" in row.group(1) and "23.00" in row.group(1)
    assert "Above guide price" in row.group(1)


def test_store_page_open_tickets_and_recent_orders(store_page, db):
    store, html = store_page
    block = html[html.index('data-ticket="T-OPEN"'):]
    assert re.search(r"5 h \d\d min working time left", block[:block.index("</li>")])
    orders = db.session.scalars(select(Order).where(Order.store_id == store.id)
                                .order_by(Order.placed_at.desc()).limit(5)).all()
    for order in orders:
        assert order.number in html
    # the store decides its own orders: no order form for the rep
    assert not re.search(r'<form[^>]*action="[^"]*order', html)


def test_store_page_links_every_capture_page(store_page, app):
    store, html = store_page
    for endpoint, _title in CAPTURE_ENDPOINTS:
        assert endpoint in app.view_functions  # no link to a page that does not exist
        with app.test_request_context():
            assert f'href="{url_for(endpoint, store_id=store.id)}"' in html


def test_rep_gets_404_for_another_territorys_store(seeded, db, web, password):
    rep1 = user(db, "rep1")
    other = db.session.scalars(select(Store).where(Store.territory_id != rep1.territory_id)).first()
    web.login("rep1", password)
    assert web.client.get(f"/rep/stores/{other.id}").status_code == 404
    assert web.client.get("/rep/stores/999999").status_code == 404


@pytest.mark.parametrize("username", ["owner1", "hq", "manager1"])
def test_other_roles_cannot_open_rep_pages(seeded, db, web, password, username):
    store = db.session.scalars(select(Store)).first()
    web.login(username, password)
    assert web.client.get("/rep/today").status_code == 403
    assert web.client.get(f"/rep/stores/{store.id}").status_code == 403


def test_signed_out_visitor_is_sent_to_login(seeded, client):
    response = client.get("/rep/today")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]
