"""The rep's store list and waiting page over HTTP (issue 9, item 14)."""

import pytest
from capture_helpers import page, sign_in_rep
from sqlalchemy import select

from webapp.models import Store, User


@pytest.fixture
def rep(web, seeded, db):
    """rep1 signed in (English), with the first store of rep1's territory."""
    return sign_in_rep(web, db)


def test_store_list_shows_every_store_of_the_territory_and_no_other(web, rep, db):
    me = db.session.scalar(select(User).where(User.username == "rep1"))
    mine = db.session.scalars(select(Store).where(Store.territory_id == me.territory_id,
                                                  Store.status == "active")).all()
    other = db.session.scalar(select(Store).where(Store.territory_id != me.territory_id))
    html = page(web, "/rep/stores")
    for store in mine:
        assert f'data-store-id="{store.id}"' in html
    assert f'data-store-id="{other.id}"' not in html
    assert "Last visit" in html or "Not visited yet" in html


def test_store_list_search_without_javascript_narrows_by_code(web, rep, db):
    html = page(web, f"/rep/stores?q={rep.customer_code}")
    assert html.count("data-store-id=") == 1 and f'data-store-id="{rep.id}"' in html


def test_both_pages_are_in_the_bottom_bar_and_kept_for_offline_use(web, rep):
    html = page(web, "/rep/today")
    assert 'href="/rep/stores"' in html and 'href="/rep/outbox"' in html
    assert web.client.get("/rep/outbox").status_code == 200
    urls = web.client.get("/pwa/warm").get_json()["urls"]
    assert "/rep/stores" in urls and "/rep/outbox" in urls
