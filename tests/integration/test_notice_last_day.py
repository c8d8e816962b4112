"""A notice's expiry reads as the last day it is shown (issue 12 item 10: "optionally
with an expiry"). The form asks for "Shown until (last day)"; the pages showed the
stored end, the next day's 00:00 (a notice to the 20th read "shown until 21st 00:00"
to the owner and the publisher)."""

from datetime import timedelta

import pytest
from notice_world import build_notice_world
from sqlalchemy import select
from time_helpers import today

from webapp.models import Notice


@pytest.fixture
def world(db, password_hash):
    return build_notice_world(db.session, password_hash)


def _signed_in(make_web, username):
    web = make_web()
    assert web.login(username).status_code == 302
    return web


def _chinese_day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_the_last_day_chosen_is_the_day_shown(db, world, make_web):
    last = today(7)
    hq = _signed_in(make_web, "hq1")
    assert hq.post_form("/hq/notices/new", {
        "kind": "arrival", "title": "到货时间调整", "body": "周三下午到货", "grades": ["A"],
        "expires_on": last.isoformat()}).status_code == 303
    notice = db.session.scalars(select(Notice)).one()
    after = last + timedelta(days=1)
    owner = _signed_in(make_web, "owner_a")
    pages = (hq.client.get(f"/hq/notices/{notice.id}").get_data(as_text=True),
             hq.client.get("/hq/notices").get_data(as_text=True),
             owner.client.get(f"/store/notices/{notice.id}").get_data(as_text=True))
    for html in pages:
        assert _chinese_day(last) in html
        assert f"{after.year}/{after.month}/{after.day} 00:00" not in html
