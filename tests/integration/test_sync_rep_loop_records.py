"""What comes back to the rep, closed from the phone as sync records (issue 12 items 5
and 6; docs/sync-protocol.md "follow_up_done" and "restock_followup"): a visit to-do
marked done and the sales follow-up of a supplied emergency restock arrive exactly once
(the push's receipts), through the services the pages use; refused with a reason the
outbox names when the to-do or request is unknown or outside the territory, when the
follow-up is not due, not supplied, or answered differently before; reps only."""

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sync_helpers import push, record, register, rep_world, visit_data
from time_helpers import ago_iso, local_iso

from sync.refusals import refusal_code
from webapp import clock
from webapp.models import (
    AuditLog,
    Notification,
    Product,
    QuarantinedRecord,
    RestockLine,
    RestockRequest,
    SyncReceipt,
    Visit,
    VisitFollowUp,
    utcnow,
)
from webapp.rules.codes import NotificationKind
from webapp.rules.settings import DEFAULT_SETTINGS

DAYS = DEFAULT_SETTINGS.restock_followup_days


def _to_do(db, store, rep, text="补贴价签"):
    visit = Visit(id=str(uuid.uuid4()), store_id=store.id, rep_id=rep.id,
                  started_at=utcnow() - timedelta(days=1), purposes=["routine"])
    db.session.add(visit)
    db.session.flush()
    item = VisitFollowUp(visit_id=visit.id, text=text, due_date=clock.today("Asia/Shanghai"))
    db.session.add(item)
    db.session.commit()
    return item


def _supplied(db, store, rep, days_ago=DAYS + 1, status="fulfilled", cartons=10):
    """A request of `store` HQ supplied `days_ago` days ago (`cartons` of one product)."""
    now = utcnow()
    product = db.session.scalars(select(Product).order_by(Product.id)).first()
    request = RestockRequest(
        id=str(uuid.uuid4()), store_id=store.id, requested_by_id=rep.id, reason="wedding",
        wanted_by=(now - timedelta(days=days_ago + 1)).date(), status=status,
        decided_at=now - timedelta(days=days_ago + 1),
        supplied_at=now - timedelta(days=days_ago) if status == "fulfilled" else None,
        requested_at=now - timedelta(days=days_ago + 2))
    db.session.add(request)
    db.session.flush()
    db.session.add(RestockLine(request_id=request.id, product_id=product.id, quantity=cartons,
                               supplied_quantity=cartons if status == "fulfilled" else None))
    db.session.commit()
    return request


def done(item, store_id=None, **data):
    body = {"follow_up_id": item.id, "store_id": store_id or item.visit.store_id,
            "done_at": ago_iso(minutes=5)}
    body.update(data)
    return record("follow_up_done", body)


def followup(request, sold=9, note="婚宴用完", **data):
    body = {"request_id": request.id, "store_id": request.store_id, "sold_units": sold,
            "note": note, "checked_at": ago_iso(minutes=5)}
    body.update(data)
    return record("restock_followup", body)


def _results(client, device, records):
    answer = push(client, device, records)
    assert answer.status_code == 200
    return answer.get_json()["results"]


def _receipts(db, record_id):
    return db.session.scalar(select(func.count()).select_from(SyncReceipt)
                             .where(SyncReceipt.record_id == record_id))


# ---- follow_up_done ----

def test_a_to_do_marked_done_offline_arrives_once(seeded, db, client, password):
    world = rep_world(db)
    item = _to_do(db, world["store"], world["rep"])
    device = register(client, "rep1", password)
    body = done(item, done_at=ago_iso(hours=3))  # marked three hours ago, no signal
    first, again = _results(client, device, [body])[0], _results(client, device, [body])[0]
    assert (first["status"], again["status"]) == ("applied", "duplicate")
    assert first["follow_up_id"] == item.id and first["already_done"] is False
    db.session.expire_all()
    assert abs(item.done_at.replace(tzinfo=None) - (utcnow() - timedelta(hours=3)).replace(
        tzinfo=None)) < timedelta(minutes=1)  # the phone's time, not the upload's
    assert db.session.query(AuditLog).filter_by(action="rep.follow_up_done").count() == 1
    assert _receipts(db, body["id"]) == 1


def test_marking_done_again_keeps_the_first_time(seeded, db, client, password):
    world = rep_world(db)
    item = _to_do(db, world["store"], world["rep"])
    device = register(client, "rep1", password)
    first = _results(client, device, [done(item, done_at=ago_iso(hours=2))])[0]
    db.session.expire_all()
    kept = item.done_at
    second = _results(client, device, [done(item, done_at=ago_iso(hours=5))])[0]
    assert first["status"] == second["status"] == "applied"  # a second phone: fine
    assert second["already_done"] is True
    db.session.expire_all()
    assert item.done_at == kept
    assert db.session.query(AuditLog).filter_by(action="rep.follow_up_done").count() == 1


def test_a_to_do_of_a_visit_in_the_same_push_is_named_by_visit_and_index(seeded, db, client,
                                                                         password):
    """A to-do of a visit the phone captured itself has no server id yet: the phone names
    it by the visit record's id and its place in the visit's follow_ups."""
    world = rep_world(db)
    device = register(client, "rep1", password)
    visit = record("visit", visit_data(world["store"].id, follow_ups=[
        {"text": "补货", "due": local_iso(1)[:10]}, {"text": "换海报", "due": local_iso(2)[:10]}]),
        seq=1)
    mark = record("follow_up_done", {"visit_id": visit["id"], "follow_up_index": 1,
                                     "store_id": world["store"].id,
                                     "done_at": ago_iso(minutes=1)}, seq=2)
    results = _results(client, device, [mark, visit])  # any order inside the push
    assert [r["status"] for r in results] == ["applied", "applied"]
    rows = db.session.scalars(select(VisitFollowUp).where(
        VisitFollowUp.visit_id == visit["id"]).order_by(VisitFollowUp.id)).all()
    assert [(r.text, r.done_at is not None) for r in rows] == [("补货", False), ("换海报", True)]
    assert results[0]["follow_up_id"] == rows[1].id
    missing = _results(client, device, [record("follow_up_done", {
        "visit_id": visit["id"], "follow_up_index": 5, "store_id": world["store"].id,
        "done_at": ago_iso()})])[0]
    assert refusal_code(missing["error"]) == "follow_up_unknown"


def test_a_to_do_of_another_territory_is_refused(seeded, db, client, password):
    world = rep_world(db)
    foreign = _to_do(db, world["foreign"], world["rep"])
    mine = _to_do(db, world["store"], world["rep"])
    device = register(client, "rep1", password)
    results = _results(client, device, [
        done(foreign),  # the other territory's store itself
        done(foreign, store_id=world["store"].id),  # its id under my store
        done(mine, store_id=world["foreign"].id),  # my to-do under their store
        done(mine, follow_up_id=2_000_000)])  # no such to-do
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert [refusal_code(r["error"]) for r in results] == [
        "store_unknown", "follow_up_unknown", "store_unknown", "follow_up_unknown"]
    db.session.expire_all()
    assert foreign.done_at is None and mine.done_at is None
    assert db.session.scalar(select(func.count()).select_from(QuarantinedRecord)) == 4


def test_an_owner_cannot_push_either(seeded, db, client, password):
    world = rep_world(db)
    item = _to_do(db, world["store"], world["rep"])
    request = _supplied(db, world["store"], world["rep"])
    device = register(client, "owner1", password)
    results = _results(client, device, [done(item), followup(request)])
    assert [refusal_code(r["error"]) for r in results] == ["role_not_allowed"] * 2
    db.session.expire_all()
    assert item.done_at is None and request.followed_up_at is None


# ---- restock_followup ----

def test_a_sales_follow_up_recorded_offline_arrives_once(seeded, db, client, password):
    world = rep_world(db)
    request = _supplied(db, world["store"], world["rep"], cartons=10)
    device = register(client, "rep1", password)
    body = followup(request, sold=9, checked_at=ago_iso(hours=20))
    first, again = _results(client, device, [body])[0], _results(client, device, [body])[0]
    assert (first["status"], again["status"]) == ("applied", "duplicate")
    assert first["request_status"] == "followed_up" and first["followup_failed"] is False
    db.session.expire_all()
    assert (request.status, request.followup_sold_units, request.followup_note) == (
        "followed_up", 9, "婚宴用完")
    assert db.session.query(AuditLog).filter_by(action="rep.restock_followed_up").count() == 1
    assert _receipts(db, body["id"]) == 1
    assert not db.session.scalars(select(Notification).where(
        Notification.kind == NotificationKind.RESTOCK_FOLLOWUP_FAILED)).all()


def test_a_failed_check_flags_the_request_and_tells_the_manager_once(seeded, db, client,
                                                                    password):
    world = rep_world(db)
    request = _supplied(db, world["store"], world["rep"], cartons=10)
    device = register(client, "rep1", password)
    body = followup(request, sold=2, note="只卖了两箱")
    result = _results(client, device, [body])[0]
    _results(client, device, [body])  # the phone retried
    assert result["status"] == "applied" and result["followup_failed"] is True
    db.session.expire_all()
    assert request.followup_failed is True and request.status == "followed_up"
    notes = db.session.scalars(select(Notification).where(
        Notification.kind == NotificationKind.RESTOCK_FOLLOWUP_FAILED)).all()
    assert len(notes) >= 1 and {n.subject_id for n in notes} == {request.id}
    assert len({n.user_id for n in notes}) == len(notes)  # once per manager


def test_a_second_answer_is_refused_the_same_answer_changes_nothing(seeded, db, client,
                                                                    password):
    world = rep_world(db)
    request = _supplied(db, world["store"], world["rep"])
    device = register(client, "rep1", password)
    first = _results(client, device, [followup(request, sold=9)])[0]
    same = _results(client, device, [followup(request, sold=9)])[0]  # another record id
    other = _results(client, device, [followup(request, sold=3)])[0]
    assert (first["status"], same["status"], other["status"]) == (
        "applied", "applied", "rejected")
    assert same["already_recorded"] is True
    assert refusal_code(other["error"]) == "restock_followup_recorded"
    db.session.expire_all()
    assert request.followup_sold_units == 9 and request.followup_failed is False


def test_not_due_yet_is_refused_with_the_due_day(seeded, db, client, password):
    world = rep_world(db)
    request = _supplied(db, world["store"], world["rep"], days_ago=1)
    device = register(client, "rep1", password)
    result = _results(client, device, [followup(request)])[0]
    assert result["status"] == "rejected"
    assert refusal_code(result["error"]) == "restock_followup_not_due"
    due = (clock.today("Asia/Shanghai") + timedelta(days=DAYS - 1)).isoformat()
    assert due in result["error"]
    db.session.expire_all()
    assert request.status == "fulfilled" and request.followed_up_at is None


def test_checked_before_the_due_day_is_refused_even_if_it_arrives_later(seeded, db, client,
                                                                        password):
    """The day the rep checked decides, not the day the phone found a signal."""
    world = rep_world(db)
    request = _supplied(db, world["store"], world["rep"], days_ago=DAYS + 2)
    device = register(client, "rep1", password)
    result = _results(client, device, [followup(request, checked_at=ago_iso(days=4))])[0]
    assert refusal_code(result["error"]) == "restock_followup_not_due"


def test_a_request_not_approved_or_not_supplied_is_refused(seeded, db, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    for status in ("submitted", "approved", "rejected"):
        request = _supplied(db, world["store"], world["rep"], status=status)
        result = _results(client, device, [followup(request)])[0]
        assert refusal_code(result["error"]) == "restock_not_supplied", status
        db.session.expire_all()
        assert db.session.get(RestockRequest, request.id).status == status


def test_a_request_of_another_territory_is_refused(seeded, db, client, password):
    world = rep_world(db)
    foreign = _supplied(db, world["foreign"], world["rep"])
    mine = _supplied(db, world["store"], world["rep"])
    device = register(client, "rep1", password)
    results = _results(client, device, [
        followup(foreign),
        followup(foreign, store_id=world["store"].id),
        followup(mine, request_id=str(uuid.uuid4()))])
    assert [refusal_code(r["error"]) for r in results] == [
        "store_unknown", "restock_unknown", "restock_unknown"]
    db.session.expire_all()
    assert foreign.followed_up_at is None and mine.followed_up_at is None


def test_a_phone_clock_ahead_is_clamped(seeded, db, client, password):
    world = rep_world(db)
    request = _supplied(db, world["store"], world["rep"])
    device = register(client, "rep1", password)
    ahead = (clock.now() + timedelta(days=3)).isoformat()
    result = _results(client, device, [followup(request, checked_at=ahead)])[0]
    assert result["status"] == "applied" and result["flags"] == ["clock_skew"]
    db.session.expire_all()
    assert abs(request.followed_up_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None)) \
        < timedelta(minutes=1)
