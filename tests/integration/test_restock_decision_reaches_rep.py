"""HQ's answer to an emergency restock request reaches the rep who asked (spec §3.7; the
HQ page promises "the rep sees your reason"): on Today and on the store page, approved,
or refused with the manager's reason; for a week, then it leaves the page."""

from datetime import timedelta

from test_hq_restock import filed_request
from time_helpers import move_clock_to

from webapp import clock
from webapp.rep.queries.today import DECISIONS_SHOWN_DAYS


def _decide(make_web, req, action: str, reason: str = "") -> None:
    manager = make_web()
    manager.login("manager1")
    data = {"reason": reason} if reason else {}
    assert manager.post_form(f"/hq/restock/{req.id}/{action}", data,
                             page="/hq/restock").status_code == 303


def _rep_pages(make_web, store_id: int) -> tuple[str, str]:
    rep = make_web()
    rep.login("rep1")
    return (rep.client.get("/rep/today").get_data(as_text=True),
            rep.client.get(f"/rep/stores/{store_id}").get_data(as_text=True))


def test_a_refusal_and_its_reason_reach_the_rep(seeded, db, make_web, client, password):
    world, req, _ = filed_request(db, client, password)
    _decide(make_web, req, "refuse", "库存足够,无需应急")
    today, store = _rep_pages(make_web, world["store"].id)
    for page in (today, store):
        assert f'data-restock-decision="{req.id}"' in page
        # the badge says refused; beside it the reason, said once (not "已拒绝:…" twice)
        item = page[page.index(f'data-restock-decision="{req.id}"'):]
        item = item[:item.index("</li>")]
        assert "理由:库存足够,无需应急" in item and item.count("已拒绝") == 1
    assert "Refused" not in today  # in Chinese, like the rest of the page


def test_an_approval_reaches_the_rep(seeded, db, make_web, client, password):
    world, req, _ = filed_request(db, client, password)
    _decide(make_web, req, "approve")
    today, store = _rep_pages(make_web, world["store"].id)
    for page in (today, store):
        assert f'data-restock-decision="{req.id}"' in page and "已批准" in page


def test_the_answer_leaves_the_page_after_a_week(seeded, db, make_web, client, password):
    world, req, _ = filed_request(db, client, password)
    _decide(make_web, req, "approve")
    move_clock_to(clock.now() + timedelta(days=DECISIONS_SHOWN_DAYS, hours=1))
    today, store = _rep_pages(make_web, world["store"].id)
    assert f'data-restock-decision="{req.id}"' not in today
    assert f'data-restock-decision="{req.id}"' not in store
