"""Notices (信息发布, spec 000 InfoNotice; issue 12 item 10): HQ and market managers
publish to stores chosen by region, territory, business type or grade; the notice
reaches exactly those stores, their owners and reps are told, expired notices leave
the owner's page, and the publisher sees who read it and when."""

from datetime import timedelta

import pytest
from notice_world import build_notice_world
from sqlalchemy import select

from webapp import clock
from webapp.models import NoticeReceipt, NoticeStore, Notification, Store, User
from webapp.services.notices import Audience, mark_notice_read, publish_notice
from webapp.services.refusals import ActionRefused


@pytest.fixture
def world(db, password_hash):
    return build_notice_world(db.session, password_hash)


def _publish(db, world, who="hq1", **audience):
    notice = publish_notice(db.session, world.users[who], kind="promotion", title="新品上市",
                            body="本周新品到货", audience=Audience(**audience))
    db.session.commit()
    return notice


def _reached(db, notice) -> set[str]:
    return set(db.session.scalars(select(Store.name).join(
        NoticeStore, NoticeStore.store_id == Store.id).where(NoticeStore.notice_id == notice.id)))


def _recipients(db, notice) -> set[str]:
    return set(db.session.scalars(select(User.username).join(
        Notification, Notification.user_id == User.id).where(
        Notification.dedupe_key == f"notice:{notice.id}")))


@pytest.mark.parametrize(("audience", "stores"), [
    ({}, {"东一烟酒", "东二超市", "东三便利", "西一烟酒", "西二超市"}),
    ({"region_ids": [0]}, {"东一烟酒", "东二超市", "东三便利"}),
    ({"territory_ids": [3]}, {"西二超市"}),
    ({"business_types": ["grocery"]}, {"东一烟酒", "西一烟酒"}),
    ({"grades": ["A"], "region_ids": [0]}, {"东一烟酒", "东三便利"}),
    ({"grades": ["A", "C"], "business_types": ["supermarket"]}, {"西二超市"}),
])
def test_a_notice_reaches_exactly_the_chosen_stores(db, world, audience, stores):
    resolved = {key: [world.regions[i].id for i in value] if key == "region_ids" else
                [world.territories[i].id for i in value] if key == "territory_ids" else value
                for key, value in audience.items()}
    notice = _publish(db, world, **resolved)
    assert _reached(db, notice) == stores
    assert notice.audience["grades"] == sorted(audience.get("grades", []))


def test_owners_and_reps_of_those_stores_are_told_and_nobody_else(db, world):
    notice = _publish(db, world, territory_ids=[world.territories[0].id])
    # 东一 (owner_a) and 东二 (owner_b) in territory 0 of rep0; owner_c's store and the
    # other territories' reps, the managers and HQ get nothing
    assert _recipients(db, notice) == {"owner_a", "owner_b", "rep0"}


def test_a_manager_publishes_only_within_their_region(db, world):
    notice = _publish(db, world, who="mgr1")
    assert _reached(db, notice) == {"西一烟酒", "西二超市"}
    with pytest.raises(ActionRefused) as refused:
        publish_notice(db.session, world.users["mgr1"], kind="urgent", title="t", body="b",
                       audience=Audience(region_ids=[world.regions[0].id]))
    assert refused.value.reason == "notice_out_of_scope"
    with pytest.raises(ActionRefused):
        publish_notice(db.session, world.users["mgr1"], kind="urgent", title="t", body="b",
                       audience=Audience(territory_ids=[world.territories[0].id]))


def test_an_audience_matching_no_store_and_a_past_expiry_are_refused(db, world):
    for audience, expires, reason in (
            (Audience(grades=["E"]), None, "notice_no_stores"),
            (Audience(), clock.now() - timedelta(minutes=1), "notice_expired")):
        with pytest.raises(ActionRefused) as refused:
            publish_notice(db.session, world.users["hq1"], kind="policy", title="t", body="b",
                           audience=audience, expires_at=expires)
        assert refused.value.reason == reason


def test_reading_is_recorded_once_with_its_first_time(db, world):
    notice = _publish(db, world)
    owner, store = world.users["owner_a"], world.store("东一烟酒")
    first = clock.now()
    assert mark_notice_read(db.session, owner, notice, store.id, now=first)
    assert not mark_notice_read(db.session, owner, notice, store.id,
                                now=first + timedelta(hours=1))
    receipts = list(db.session.scalars(select(NoticeReceipt)))
    assert len(receipts) == 1 and receipts[0].read_at == first
