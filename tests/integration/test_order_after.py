"""After the delivery (issue 11 item 7): the satisfaction survey after a completed order
is asked once, answered or skipped once (spec §2.4 closing: 在訂單完成后,對客戶進行滿意度調查),
and the arrival notice (到货通知, spec §2.4 notifications) goes to the store's owner once
when the order goes out for delivery."""

import pytest
from order_helpers import make_world, order
from receipt_helpers import delivered, receipt_counts
from sqlalchemy import select

from webapp import clock
from webapp.models import Notification, SurveyAnswer
from webapp.rules.codes import NotificationKind, OrderStatus
from webapp.services.notifications import unread_count
from webapp.services.order_receipts import LineEntry, confirm_receipt
from webapp.services.orders import move_order
from webapp.services.refusals import ActionRefused
from webapp.services.surveys import (
    record_survey,
    skip_survey,
    survey_due_for_order,
    survey_due_for_store,
)

S = OrderStatus


@pytest.fixture
def world(seeded, db):
    return make_world(db)


def _completed(db, world, tmp_path):
    placed = delivered(db, world)
    confirm_receipt(db.session, world.owner, placed.id, placed.version,
                    {line.id: LineEntry(line.quantity) for line in placed.lines},
                    signer="王", upload_dir=str(tmp_path), now=clock.now())
    db.session.commit()
    return placed


def _refused(reason, call):
    with pytest.raises(ActionRefused) as refused:
        call()
    assert refused.value.reason == reason


def test_the_survey_is_due_once_the_order_is_completed_and_answered_once(world, db,
                                                                        tmp_path):
    placed = _completed(db, world, tmp_path)
    assert survey_due_for_order(db.session, world.owner, placed)
    assert survey_due_for_store(db.session, world.owner, world.store, clock.now()).id == placed.id
    answer = record_survey(db.session, world.owner, placed.id, overall="5", attitude=4,
                           effect="", comment=" 很快 ")
    db.session.commit()
    assert (answer.period, answer.order_id, answer.overall, answer.attitude, answer.effect,
            answer.comment, answer.skipped) == (f"order:{placed.id}", placed.id, 5, 4, None,
                                                "很快", False)
    assert not survey_due_for_order(db.session, world.owner, placed)
    waiting = survey_due_for_store(db.session, world.owner, world.store, clock.now())
    assert waiting is None or waiting.id != placed.id  # the demo's own completed order
    _refused("survey_done", lambda: record_survey(db.session, world.owner, placed.id,
                                                  overall=3))
    _refused("survey_done", lambda: skip_survey(db.session, world.owner, placed.id))
    assert len(db.session.scalars(select(SurveyAnswer).where(
        SurveyAnswer.order_id == placed.id)).all()) == 1


def test_skipping_the_survey_is_stored_once_and_the_survey_is_no_longer_asked(world, db,
                                                                             tmp_path):
    placed = _completed(db, world, tmp_path)
    skipped = skip_survey(db.session, world.owner, placed.id)
    db.session.commit()
    assert skipped.skipped and skipped.overall is None
    assert not survey_due_for_order(db.session, world.owner, placed)
    _refused("survey_done", lambda: skip_survey(db.session, world.owner, placed.id))


@pytest.mark.parametrize(("overall", "reason"), [
    (None, "score_required"), ("", "score_required"), (0, "score_out_of_range"),
    ("6", "score_out_of_range"), ("4.5", "score_out_of_range"), (True, "score_out_of_range"),
])
def test_a_survey_score_is_a_whole_number_from_1_to_5(world, db, tmp_path, overall, reason):
    placed = _completed(db, world, tmp_path)
    before = receipt_counts(db)
    _refused(reason, lambda: record_survey(db.session, world.owner, placed.id,
                                           overall=overall))
    db.session.rollback()
    assert receipt_counts(db) == before


def test_no_survey_before_completion_nor_for_another_owners_order(world, db):
    placed = order(db, world)
    assert not survey_due_for_order(db.session, world.owner, placed)
    _refused("not_completed", lambda: skip_survey(db.session, world.owner, placed.id))
    other = db.session.get(type(world.owner), world.other_store.owner_id)
    _refused("not_found", lambda: skip_survey(db.session, other, placed.id))
    _refused("not_allowed", lambda: skip_survey(db.session, world.hq, placed.id))


def test_going_out_for_delivery_notifies_the_stores_owner_once(world, db):
    """到货通知: the owner hears once, whoever moves the order and however often."""
    placed = order(db, world)
    for version, target in enumerate([S.CONFIRMED, S.PICKING], start=1):
        move_order(db.session, world.hq, placed.id, target, version)
    before = unread_count(db.session, world.owner)  # the demo's own arrival notice
    move_order(db.session, world.hq, placed.id, S.OUT_FOR_DELIVERY, 3)
    db.session.commit()
    (notice,) = db.session.scalars(select(Notification).where(
        Notification.user_id == world.owner.id,
        Notification.subject_id == str(placed.id))).all()
    assert (notice.kind, notice.subject_type, notice.subject_id, notice.store_id) == (
        NotificationKind.ORDER_OUT_FOR_DELIVERY, "order", str(placed.id), world.store.id)
    assert notice.dedupe_key == f"order:{placed.id}:out_for_delivery"
    assert notice.params["number"] == placed.number
    move_order(db.session, world.hq, placed.id, S.DELIVERED, 4)
    db.session.commit()
    assert unread_count(db.session, world.owner) == before + 1


def test_both_surveys_say_which_end_of_the_scale_is_good(world, db, tmp_path, web):
    """Found by QA: the scores read 5 4 3 2 1 with no word of which is good; only the
    error after a missing score told "1 (poor) to 5 (very good)". Both forms say it."""
    placed = _completed(db, world, tmp_path)
    web.login("owner1")
    order_page = web.client.get(f"/store/orders/{placed.id}").get_data(as_text=True)
    assert 'id="survey"' in order_page and "5 分为很好，1 分为差。" in order_page
    quarterly = web.client.get("/store/survey").get_data(as_text=True)
    assert "data-survey-form" in quarterly and "5 分为很好，1 分为差。" in quarterly
