"""The rep's product suggestions on the pages (issue 11 point 2): the rep's store page
offers the form and the standing suggestions (a `recommendation` capture, CSRF-checked
without JavaScript); the owner's catalogue marks the suggested products with the rep's
note and lists them on top, for the owner's own store only, never as a cart line
(客户自主订货, domain spec §2.4); withdrawn or older than 60 days, not shown."""

import re
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from webapp import clock
from webapp.models import Product, ProductRecommendation, Store, User

MARK = "客户经理推荐"


def owner1_stores(db):
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    return db.session.scalars(select(Store).where(Store.owner_id == owner.id)
                              .order_by(Store.id)).all()


def seeded_suggestions(db, store):
    return db.session.scalars(select(ProductRecommendation).where(
        ProductRecommendation.store_id == store.id).order_by(ProductRecommendation.id)).all()


def suggest(db, store, product, note, days_ago=1, withdrawn=False):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    now = clock.now()
    db.session.add(ProductRecommendation(
        id=str(uuid.uuid4()), store_id=store.id, product_id=product.id, rep_id=rep.id,
        note=note, recommended_at=now - timedelta(days=days_ago),
        withdrawn_at=now if withdrawn else None))
    db.session.commit()


def row_of(html, product_id):
    found = re.search(rf'<li class="row" data-product="{product_id}".*?</li>', html, re.S)
    assert found, product_id
    return found[0]


def switch_to(web, store):
    response = web.post_form("/store/current", {"store_id": store.id, "next": "/store/catalogue"},
                             page="/store/")
    assert response.status_code == 303


@pytest.fixture
def owner(seeded, web):
    web.login("owner1")
    return web


def test_the_seed_has_the_rep_suggest_two_products_to_each_of_owner1s_stores(seeded, db):
    rep1 = db.session.scalar(select(User).where(User.username == "rep1"))
    for store in owner1_stores(db):  # whichever store owner1 is on, the demo shows them
        found = seeded_suggestions(db, store)
        assert len(found) == 2 and {s.rep_id for s in found} == {rep1.id}
        assert all(s.note and s.withdrawn_at is None for s in found)
        assert rep1.territory_id == store.territory_id


def test_the_owner_sees_the_mark_and_the_note_on_the_suggested_products(owner, db):
    first = owner1_stores(db)[0]
    switch_to(owner, first)
    html = owner.client.get("/store/catalogue").get_data(as_text=True)
    for suggestion in seeded_suggestions(db, first):
        row = row_of(html, suggestion.product_id)
        assert MARK in row and suggestion.note in row
        assert "data-add-to-cart" in row  # added by the owner's own tap, like any product
    top = re.search(r"<section class=\"suggested-list.*?</section>", html, re.S)[0]
    assert "仅供参考：订什么由您自己决定。" in top
    plain = [p for p in db.session.scalars(select(Product.id)) if p not in
             {s.product_id for s in seeded_suggestions(db, first)}]
    assert MARK not in row_of(html, plain[0])


def test_the_owner_of_another_store_sees_none_of_its_suggestions(owner, db, make_web):
    first, second = owner1_stores(db)
    for s in seeded_suggestions(db, second):  # the second store's own: none left
        db.session.delete(s)
    db.session.commit()
    switch_to(owner, second)
    html = owner.client.get("/store/catalogue").get_data(as_text=True)
    assert MARK not in html
    assert not any(s.note in html for s in seeded_suggestions(db, first))
    other_store = db.session.scalar(select(Store).where(Store.owner_id != first.owner_id,
                                                        Store.owner_id.is_not(None)))
    other = db.session.get(User, other_store.owner_id)
    stranger = make_web()
    stranger.login(other.username)
    assert MARK not in stranger.client.get("/store/catalogue").get_data(as_text=True)


def test_withdrawn_and_old_suggestions_are_not_shown(owner, db):
    first = owner1_stores(db)[0]
    for s in seeded_suggestions(db, first):
        db.session.delete(s)
    products = db.session.scalars(select(Product).order_by(Product.id)).all()
    suggest(db, first, products[0], "六十天内", days_ago=59)
    suggest(db, first, products[1], "太久了", days_ago=61)
    suggest(db, first, products[2], "撤回了", withdrawn=True)
    switch_to(owner, first)
    html = owner.client.get("/store/catalogue").get_data(as_text=True)
    assert "六十天内" in row_of(html, products[0].id)
    assert MARK not in row_of(html, products[1].id) and "太久了" not in html
    assert MARK not in row_of(html, products[2].id) and "撤回了" not in html


def test_the_htmx_search_rows_keep_the_mark_and_the_page_stays_small(owner, db):
    first = owner1_stores(db)[0]
    switch_to(owner, first)
    suggestion = seeded_suggestions(db, first)[0]
    code = db.session.get(Product, suggestion.product_id).code
    fragment = owner.client.get(f"/store/catalogue?q={code}",
                                headers={"HX-Request": "true"}).get_data(as_text=True)
    assert MARK in row_of(fragment, suggestion.product_id) and "<h1>" not in fragment
    assert "suggested-list" not in fragment


def test_the_catalogue_reads_the_suggestions_in_one_query(owner, db, app):
    from sqlalchemy import event

    first = owner1_stores(db)[0]
    switch_to(owner, first)
    taken = {s.product_id for s in seeded_suggestions(db, first)}
    products = db.session.scalars(select(Product).where(Product.id.not_in(taken))
                                  .order_by(Product.id)).all()
    for n, product in enumerate(products[:10]):
        suggest(db, first, product, f"第{n}个")
    statements = []

    def count(conn, cursor, statement, *args):
        if "product_recommendation" in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        html = owner.client.get("/store/catalogue").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert html.count('data-suggested="') == 12
    assert len(statements) == 1


def test_the_rep_store_page_shows_the_form_and_the_standing_suggestions(seeded, db, web):
    first = owner1_stores(db)[0]
    web.login("rep1")
    html = web.client.get(f"/rep/stores/{first.id}").get_data(as_text=True)
    form = re.search(r'<form[^>]*data-capture="recommendation".*?</form>', html, re.S)[0]
    assert f'action="/rep/stores/{first.id}/recommend"' in form
    assert 'name="csrf_token"' in form and 'name="r0.data.product_id:int"' in form
    inactive = db.session.scalars(select(Product).where(Product.active.is_(False))).all()
    assert all(f'<option value="{p.id}"' not in form for p in inactive)
    for suggestion in seeded_suggestions(db, first):
        assert f'data-withdraw="{suggestion.product_id}"' in html
        assert suggestion.note in html


def test_the_rep_recommends_and_withdraws_without_javascript(seeded, db, web):
    first = owner1_stores(db)[0]
    taken = {s.product_id for s in seeded_suggestions(db, first)}
    product = db.session.scalars(select(Product).where(Product.active.is_(True),
                                                       Product.id.not_in(taken))).first()
    web.login("rep1")
    page = f"/rep/stores/{first.id}"
    data = {"r0.id": str(uuid.uuid4()), "r0.type": "recommendation",
            "r0.data.store_id:int": first.id, "r0.data.product_id:int": product.id,
            "r0.data.note": "试试这个"}
    response = web.post_form(f"{page}/recommend", data, page=page)
    assert (response.status_code, response.headers["Location"]) == (303, page)
    again = web.post_form(f"{page}/recommend", data, page=page)
    assert again.status_code == 303
    db.session.expire_all()
    row = db.session.scalar(select(ProductRecommendation).where(
        ProductRecommendation.store_id == first.id,
        ProductRecommendation.product_id == product.id))
    assert row.note == "试试这个" and row.device_id is None
    withdraw = {"r0.id": str(uuid.uuid4()), "r0.type": "recommendation",
                "r0.data.store_id:int": first.id, "r0.data.product_id:int": product.id,
                "r0.data.withdraw:bool": "1"}
    assert web.post_form(f"{page}/recommend", withdraw, page=page).status_code == 303
    db.session.expire_all()
    assert db.session.get(ProductRecommendation, row.id).withdrawn_at is not None


def test_the_form_needs_its_csrf_token_and_a_good_note(seeded, db, web):
    first = owner1_stores(db)[0]
    product = db.session.scalars(select(Product).where(Product.active.is_(True))).first()
    web.login("rep1")
    page = f"/rep/stores/{first.id}"
    data = {"r0.id": str(uuid.uuid4()), "r0.type": "recommendation",
            "r0.data.store_id:int": first.id, "r0.data.product_id:int": product.id}
    assert web.client.post(f"{page}/recommend", data=data).status_code == 400  # no token
    response = web.post_form(f"{page}/recommend", {**data, "r0.data.note": "长" * 201},
                             page=page)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'data-error-for="r0.note">最多 200 个字。<', html), html
    assert "长" * 201 in html  # what the rep typed comes back to be shortened
    db.session.expire_all()
    assert not db.session.scalar(select(ProductRecommendation).where(
        ProductRecommendation.product_id == product.id,
        ProductRecommendation.note.like("长%")))


def test_a_rep_cannot_recommend_to_a_store_of_another_territory(seeded, db, web):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    foreign = db.session.scalar(select(Store).where(Store.territory_id != rep.territory_id))
    product = db.session.scalars(select(Product)).first()
    web.login("rep1")
    data = {"r0.id": str(uuid.uuid4()), "r0.type": "recommendation",
            "r0.data.store_id:int": foreign.id, "r0.data.product_id:int": product.id}
    response = web.post_form(f"/rep/stores/{foreign.id}/recommend", data, page="/rep/today")
    assert response.status_code == 404
