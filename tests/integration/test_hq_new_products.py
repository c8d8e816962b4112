"""HQ marks a product new (新品) in the owners' catalogue through a day, on the product's
ordering-setup page (issue 11, point 2), over real HTTP with CSRF: empty clears the mark;
a day that does not exist, has passed or lies more than 366 days ahead is refused beside
the field and nothing is stored; every change is audit-logged; market managers read,
reps and owners never reach it."""

import pytest
from order_desk_helpers import home_csrf
from order_helpers import make_world
from sqlalchemy import select
from time_helpers import today

from webapp.models import AuditLog, Product

SETUP = "/hq/ordering-setup"


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def _page(world):
    return f"{SETUP}/products/{world.carton.id}"


def _mark(web, world, day: str):
    return web.post_form(f"{_page(world)}/new-until", {"new_until": day}, page=_page(world))


def _stored(db, world):
    db.session.expire_all()
    return db.session.get(Product, world.carton.id).new_until


def _audit(db, world):
    return [line.details for line in db.session.scalars(
        select(AuditLog).where(AuditLog.action == "hq.new_until",
                               AuditLog.entity_id == str(world.carton.id))
        .order_by(AuditLog.id))]


def _english(web):
    web.post_form("/language", {"locale": "en", "next": "/hq/"}, page="/hq/")


def test_hq_marks_a_product_new_through_a_day_and_clears_it(world, db, web):
    web.login("hq")
    day = today(30)
    answer = _mark(web, world, day.isoformat())
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"{_page(world)}#new-mark")
    assert _stored(db, world) == day
    html = web.client.get(_page(world)).get_data(as_text=True)
    assert f"在订货目录中标为新品至 {day.isoformat()}。" in html
    assert f'name="new_until" type="date" value="{day.isoformat()}"' in html
    assert _mark(web, world, "").status_code == 303
    assert _stored(db, world) is None
    assert "未标为新品。" in web.client.get(_page(world)).get_data(as_text=True)
    assert _audit(db, world) == [{"before": None, "after": day.isoformat()},
                                 {"before": day.isoformat(), "after": None}]


def test_today_and_the_366th_day_ahead_are_the_limits(world, db, web):
    web.login("hq")
    assert _mark(web, world, today().isoformat()).status_code == 303
    assert _stored(db, world) == today()
    assert _mark(web, world, today(366).isoformat()).status_code == 303
    assert _stored(db, world) == today(366)


@pytest.mark.parametrize(("typed", "english", "chinese"), [
    ("2026-02-30", "That is not a calendar day: enter it as YYYY-MM-DD", "不是日历上的日期"),
    ("next week", "That is not a calendar day", "不是日历上的日期"),
    (None, "That day has passed", "该日期已过"),  # yesterday
    ("far", "A product is marked new for at most 366 days, so the latest day is",
     "新品标记最多 366 天"),
])
def test_an_impossible_past_or_implausible_day_is_refused_beside_the_field(world, db, web,
                                                                          typed, english,
                                                                          chinese):
    typed = {None: today(-1).isoformat(), "far": today(367).isoformat()}.get(typed, typed)
    web.login("hq")
    assert _mark(web, world, today(10).isoformat()).status_code == 303
    audit = _audit(db, world)
    answer = _mark(web, world, typed)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert chinese in html and 'class="field has-error"' in html
    assert f'value="{typed}"' in html  # what was typed comes back to be corrected
    assert (_stored(db, world), _audit(db, world)) == (today(10), audit)
    _english(web)
    assert english in _mark(web, world, typed).get_data(as_text=True)
    if typed == today(367).isoformat():
        assert today(366).isoformat() in html


def test_a_post_without_its_csrf_token_is_refused(world, db, web):
    web.login("hq")
    answer = web.client.post(f"{_page(world)}/new-until",
                             data={"new_until": today(3).isoformat()})
    assert answer.status_code == 400 and "表单已过期" in answer.get_data(as_text=True)
    assert _stored(db, world) is None


def test_a_market_manager_reads_the_mark_but_does_not_change_it(world, db, web):
    world.carton.new_until = today(5)
    db.session.commit()
    web.login("manager1")
    html = web.client.get(_page(world)).get_data(as_text=True)
    assert f"在订货目录中标为新品至 {today(5).isoformat()}。" in html
    assert 'name="new_until"' not in html
    answer = web.client.post(f"{_page(world)}/new-until", data={
        "csrf_token": web.csrf_from(_page(world)), "new_until": ""})
    assert answer.status_code == 403 and _stored(db, world) == today(5)


@pytest.mark.parametrize("username", ["rep1", "owner1"])
def test_reps_and_owners_never_reach_the_mark(world, db, web, username):
    web.login(username)
    answer = web.client.post(f"{_page(world)}/new-until", data={
        "csrf_token": home_csrf(web), "new_until": today(3).isoformat()})
    assert answer.status_code == 403 and _stored(db, world) is None
