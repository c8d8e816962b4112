"""The notice pages over HTTP: HQ publishes with the form, the owner sees the notice on
their home page until it expires, opening it records the read, and the publisher's
page shows who read it and when (信息发布; issue 12 item 10)."""

from datetime import timedelta

import pytest
from notice_world import build_notice_world
from sqlalchemy import select
from time_helpers import move_clock_to, today

from webapp import clock
from webapp.models import Notice


@pytest.fixture
def world(db, password_hash):
    return build_notice_world(db.session, password_hash)


def _signed_in(make_web, username):
    web = make_web()
    assert web.login(username).status_code == 302
    return web


def _publish_by_form(web, world, **extra):
    data = {"kind": "arrival", "title": "到货时间调整", "body": "周三下午到货",
            "grades": ["A"], **extra}
    return web.post_form("/hq/notices/new", data)


def test_hq_publishes_with_the_form_and_sees_the_list(db, world, make_web):
    hq = _signed_in(make_web, "hq1")
    page = hq.client.get("/hq/notices/new").get_data(as_text=True)
    assert "东区" in page and "西区" in page and "到货时间" in page  # kinds in Chinese
    answer = _publish_by_form(hq, world, expires_on=today(7).isoformat())
    assert answer.status_code == 303
    notice = db.session.scalars(select(Notice)).one()
    assert answer.headers["Location"].endswith(f"/hq/notices/{notice.id}")
    listing = hq.client.get("/hq/notices").get_data(as_text=True)
    assert f'data-notice="{notice.id}"' in listing and "0 / 3" in listing


def test_a_form_with_nothing_to_say_is_sent_back_with_the_reason(db, world, make_web):
    hq = _signed_in(make_web, "hq1")
    answer = _publish_by_form(hq, world, title="")
    assert answer.status_code == 422 and "请填写通知标题" in answer.get_data(as_text=True)
    answer = _publish_by_form(hq, world, grades=["E"])
    assert answer.status_code == 422
    assert "没有符合所选条件的门店" in answer.get_data(as_text=True)
    assert db.session.scalars(select(Notice)).first() is None


def test_a_manager_is_offered_only_their_region_and_cannot_open_the_others(db, world,
                                                                           make_web):
    east = _signed_in(make_web, "mgr0")
    form = east.client.get("/hq/notices/new").get_data(as_text=True)
    assert "东区" in form and "西区" not in form
    forged = _publish_by_form(east, world, region_ids=[str(world.regions[1].id)])
    assert forged.status_code == 422  # not a choice offered: refused, nothing saved
    hq = _signed_in(make_web, "hq1")
    _publish_by_form(hq, world, region_ids=[str(world.regions[1].id)])
    notice = db.session.scalars(select(Notice)).one()
    assert east.client.get(f"/hq/notices/{notice.id}").status_code == 404
    assert f'data-notice="{notice.id}"' not in east.client.get("/hq/notices").get_data(
        as_text=True)


def test_the_owner_sees_it_reads_it_and_the_publisher_sees_when(db, world, make_web):
    hq = _signed_in(make_web, "hq1")
    _publish_by_form(hq, world)
    notice = db.session.scalars(select(Notice)).one()
    owner = _signed_in(make_web, "owner_a")
    home = owner.client.get("/store/").get_data(as_text=True)
    assert f'data-home-notice="{notice.id}"' in home and "到货时间调整" in home
    page = owner.client.get(f"/store/notices/{notice.id}")
    assert page.status_code == 200 and "周三下午到货" in page.get_data(as_text=True)
    detail = hq.client.get(f"/hq/notices/{notice.id}").get_data(as_text=True)
    owner_id = world.users["owner_a"].id
    assert f'data-read-by="{owner_id}"' in detail
    assert "尚未阅读" in detail  # 东三便利 (owner_c) has not read it


def test_an_owner_of_a_store_not_reached_gets_404(db, world, make_web):
    hq = _signed_in(make_web, "hq1")
    _publish_by_form(hq, world, grades=["B"])  # 东二超市 of owner_b only
    notice = db.session.scalars(select(Notice)).one()
    other = _signed_in(make_web, "owner_a")
    assert other.client.get(f"/store/notices/{notice.id}").status_code == 404
    assert f'data-home-notice="{notice.id}"' not in other.client.get("/store/").get_data(
        as_text=True)


def test_an_expired_notice_leaves_the_owners_page(db, world, make_web):
    hq = _signed_in(make_web, "hq1")
    _publish_by_form(hq, world, expires_on=today(1).isoformat())
    notice = db.session.scalars(select(Notice)).one()
    owner = _signed_in(make_web, "owner_a")
    assert f'data-home-notice="{notice.id}"' in owner.client.get("/store/").get_data(
        as_text=True)
    move_clock_to(clock.now() + timedelta(days=2, hours=1))
    assert f'data-home-notice="{notice.id}"' not in owner.client.get("/store/").get_data(
        as_text=True)
    assert owner.client.get(f"/store/notices/{notice.id}").status_code == 404


def test_the_stores_rep_opens_the_notice_from_the_inbox_and_another_rep_gets_404(db, world,
                                                                                 make_web):
    hq = _signed_in(make_web, "hq1")
    _publish_by_form(hq, world, grades=["B"])  # 东二超市, in rep0's territory
    notice = db.session.scalars(select(Notice)).one()
    rep = _signed_in(make_web, "rep0")
    inbox = rep.client.get("/rep/inbox").get_data(as_text=True)
    assert 'name="open" value=' in inbox and "到货时间调整" in inbox
    page = rep.client.get(f"/rep/notices/{notice.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "周三下午到货" in html and "到货时间调整" in html
    detail = hq.client.get(f"/hq/notices/{notice.id}").get_data(as_text=True)
    assert f'data-read-by="{world.users["rep0"].id}"' in detail
    other = _signed_in(make_web, "rep1")
    assert other.client.get(f"/rep/notices/{notice.id}").status_code == 404
    owner = _signed_in(make_web, "owner_b")
    assert owner.client.get(f"/rep/notices/{notice.id}").status_code in (302, 403, 404)


def test_the_reps_inbox_message_of_a_notice_opens_the_reps_notice_page(db, world, make_web):
    from webapp.models import Notification

    hq = _signed_in(make_web, "hq1")
    _publish_by_form(hq, world, grades=["B"])
    notice = db.session.scalars(select(Notice)).one()
    mine = db.session.scalars(select(Notification).where(
        Notification.user_id == world.users["rep0"].id)).one()
    rep = _signed_in(make_web, "rep0")
    answer = rep.post_form("/rep/inbox/read", {"open": str(mine.id)}, page="/rep/inbox")
    assert answer.headers["Location"].endswith(f"/rep/notices/{notice.id}")


def test_a_forged_choice_is_refused_in_the_readers_language(db, world, make_web):
    """A region, kind or grade not offered (a tampered form) is refused beside the field
    in Chinese, not with the form library's English "Not a valid choice"."""
    east = _signed_in(make_web, "mgr0")
    forged = _publish_by_form(east, world, region_ids=[str(world.regions[1].id)],
                              kind="rumour")
    html = forged.get_data(as_text=True)
    assert forged.status_code == 422
    assert "Not a valid choice" not in html and "valid choice" not in html.lower()
    assert "请只在列出的选项中选择" in html
