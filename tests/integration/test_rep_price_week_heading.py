"""The price-check form says what is true of this week (issue 9, item 23).

An empty form headed "本周已完成 9/9" invited skipping rows: the heading counted the
checks already stored this week above inputs that are always empty. The heading now
says how many products were checked this week, adds that they may be checked again
only when all are, and each row checked this week shows its value beside the inputs.
"""

import re
import uuid
from datetime import timedelta

import pytest
from capture_helpers import page, store_of
from sqlalchemy import delete, select

from webapp import clock
from webapp.models import PriceCheck, User
from webapp.rep.queries.capture import price_products
from webapp.rules.cadence import iso_week_of

SKIP_HINTS = ("本周已完成", "其他商品会跳过", "Complete for this week")


@pytest.fixture
def store(web, seeded, db):
    """rep1 signed in (Chinese, the default) and a store of theirs with no price checks."""
    web.login("rep1")
    store = store_of(db, "rep1")
    db.session.execute(delete(PriceCheck).where(PriceCheck.store_id == store.id))
    db.session.commit()
    return store


def _check(db, store, product, shelf_fen: int, days_ago: int = 0) -> None:
    observed = clock.now() - timedelta(days=days_ago)
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    db.session.add(PriceCheck(id=str(uuid.uuid4()), store_id=store.id, product_id=product.id,
                              rep_id=rep.id, observed_at=observed,
                              iso_week=iso_week_of(observed, "Asia/Shanghai"),
                              shelf_price_fen=shelf_fen,
                              guide_price_fen=product.guide_price_fen or shelf_fen,
                              stock_units=4))


def _rows(html: str) -> dict[int, str]:
    """Product id → the text of its row on the form."""
    parts = re.split(r'<li class="price-row" data-product-id="(\d+)"', html)
    return {int(pid): re.sub(r"<[^>]+>", " ", body.split("</li>")[0])
            for pid, body in zip(parts[1::2], parts[2::2], strict=True)}


def _heading(html: str) -> str:
    line = re.search(r"(?s)<p[^>]*data-week-progress[^>]*>(.*?)</p>", html)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", line).split())


def test_an_unchecked_week_shows_zero_done_and_nothing_that_invites_skipping(store, web, db):
    total = len(price_products(db.session, store))
    html = page(web, f"/rep/stores/{store.id}/prices")
    assert _heading(html).startswith(f"本周已采集 0/{total} 种")
    assert "可再次采集" not in html
    assert not [hint for hint in SKIP_HINTS if hint in html]
    assert not [text for text in _rows(html).values() if "本周已采集" in text]


def test_a_complete_week_says_so_and_that_the_products_may_be_checked_again(store, web, db):
    products = price_products(db.session, store)
    for n, product in enumerate(products):
        _check(db, store, product, 2000 + n)
    db.session.commit()
    html = page(web, f"/rep/stores/{store.id}/prices")
    total = len(products)
    assert _heading(html).startswith(f"本周已采集 {total}/{total} 种(可再次采集)")
    assert not [hint for hint in SKIP_HINTS if hint in html]
    rows = _rows(html)
    for n, product in enumerate(products):
        assert f"本周已采集 ¥{(2000 + n) / 100:.2f}" in rows[product.id]


def test_a_partly_checked_week_marks_only_the_rows_checked_this_week(store, web, db):
    products = price_products(db.session, store)
    first, second = products[0], products[1]
    _check(db, store, first, 2350)
    _check(db, store, second, 1800, days_ago=8)  # last week's: shown as the last value
    db.session.commit()
    html = page(web, f"/rep/stores/{store.id}/prices")
    assert _heading(html).startswith(f"本周已采集 1/{len(products)} 种")
    assert "可再次采集" not in html
    rows = _rows(html)
    assert "本周已采集 ¥23.50" in rows[first.id]
    assert "本周已采集" not in rows[second.id] and "上次:¥18.00" in rows[second.id]
    assert not [pid for pid, text in rows.items() if pid != first.id and "本周已采集" in text]
