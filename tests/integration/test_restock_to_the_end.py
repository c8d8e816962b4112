"""Emergency restock to the end (issue 12 item 6; spec §3.7): HQ records the cartons
supplied, the rep's sales follow-up comes due `restock_followup_days` after the supply
day, and a failed check (the extra stock did not sell as claimed) flags the request for
the region's market manager [000 防范不规范经营行为的发生]."""

from datetime import UTC, timedelta

from rep_page_helpers import form_fields
from sqlalchemy import func, select
from test_hq_restock import filed_request
from time_helpers import move_clock_to

from webapp import clock
from webapp.models import AuditLog, Notification, RestockRequest, User
from webapp.rules.codes import NotificationKind
from webapp.rules.settings import DEFAULT_SETTINGS

DAYS = DEFAULT_SETTINGS.restock_followup_days


def followup_form(web, req, sold, note=""):
    """The follow-up page's own `restock_followup` capture, filled in."""
    html = web.client.get(f"/rep/restock/{req.id}/follow-up").get_data(as_text=True)
    fields = form_fields(html, "data-followup-due")
    assert fields["r0.type"] == "restock_followup" and fields["r0.data.request_id"] == req.id
    return {**fields, "r0.data.sold_units:int": sold, "r0.data.note": note}


def post_followup(web, req, sold, note=""):
    return web.post_form(f"/rep/restock/{req.id}/follow-up", followup_form(web, req, sold, note))


def _web(make_web, username):
    web = make_web()
    web.login(username)
    return web


def supplied(db, make_web, client, password, cartons=8):
    """rep1 asks 10 cartons; manager1 approves and records `cartons` supplied."""
    world, req, _ = filed_request(db, client, password)
    manager = _web(make_web, "manager1")
    manager.post_form(f"/hq/restock/{req.id}/approve", {}, page="/hq/restock")
    line = req.lines[0]
    answer = manager.post_form(f"/hq/restock/{req.id}/supply", {f"line-{line.id}": cartons},
                               page="/hq/restock?status=to_supply")
    assert answer.status_code == 303
    db.session.expire_all()
    return world, db.session.get(RestockRequest, req.id), manager


def test_hq_records_the_cartons_supplied(seeded, db, make_web, client, password):
    _world, req, manager = supplied(db, make_web, client, password, cartons=8)
    assert req.status == "fulfilled" and req.lines[0].supplied_quantity == 8
    assert req.supplied_by_id == db.session.scalar(
        select(User.id).where(User.username == "manager1"))
    assert req.supplied_at is not None
    row = manager.client.get("/hq/restock?status=decided").get_data(as_text=True)
    assert 'data-supplied="8"' in row


def test_supply_above_the_quantity_asked_is_refused(seeded, db, make_web, client, password):
    world, req, _ = filed_request(db, client, password)
    manager = _web(make_web, "manager1")
    manager.post_form(f"/hq/restock/{req.id}/approve", {}, page="/hq/restock")
    manager.post_form(f"/hq/restock/{req.id}/supply", {f"line-{req.lines[0].id}": 11},
                      page="/hq/restock?status=to_supply")
    db.session.expire_all()
    assert req.status == "approved" and req.supplied_at is None


def test_a_request_not_approved_cannot_be_supplied(seeded, db, make_web, client, password):
    _world, req, _ = filed_request(db, client, password)
    manager = _web(make_web, "manager1")
    manager.post_form(f"/hq/restock/{req.id}/supply", {f"line-{req.lines[0].id}": 5},
                      page="/hq/restock")
    db.session.expire_all()
    assert req.status == "submitted"


def test_follow_up_comes_due_after_the_rules_delay(seeded, db, make_web, client, password):
    world, req, _ = supplied(db, make_web, client, password)
    rep = _web(make_web, "rep1")
    today = rep.client.get("/rep/today").get_data(as_text=True)
    store = rep.client.get(f"/rep/stores/{world['store'].id}").get_data(as_text=True)
    assert f'data-restock-followup="{req.id}"' not in today  # not due yet
    assert f'data-restock-followup="{req.id}"' in store  # shown with its due day
    early = post_followup(rep, req, "8")
    assert early.status_code == 422  # the form again, saying the day it is due
    db.session.expire_all()
    assert req.followed_up_at is None
    move_clock_to(clock.now() + timedelta(days=DAYS))
    today = rep.client.get("/rep/today").get_data(as_text=True)
    assert f'data-restock-followup="{req.id}"' in today


def test_normal_sales_close_the_request(seeded, db, make_web, client, password):
    world, req, _ = supplied(db, make_web, client, password, cartons=8)
    move_clock_to(clock.now() + timedelta(days=DAYS))
    rep = _web(make_web, "rep1")
    done = post_followup(rep, req, "7", "婚宴用完")
    assert done.status_code == 303
    db.session.expire_all()
    assert (req.status, req.followup_sold_units, req.followup_failed) == ("followed_up", 7,
                                                                          False)
    assert req.followup_note == "婚宴用完" and req.followed_up_at is not None
    assert not db.session.scalars(select(Notification).where(
        Notification.kind == NotificationKind.RESTOCK_FOLLOWUP_FAILED)).all()
    today = rep.client.get("/rep/today").get_data(as_text=True)
    assert f'data-restock-followup="{req.id}"' not in today


def test_a_failed_check_flags_it_for_the_regions_manager_only(seeded, db, make_web, client,
                                                              password):
    world, req, manager = supplied(db, make_web, client, password, cartons=8)
    move_clock_to(clock.now() + timedelta(days=DAYS + 1))
    rep = _web(make_web, "rep1")
    assert post_followup(rep, req, "2", "只卖了两箱").status_code == 303
    db.session.expire_all()
    assert req.followup_failed is True and req.status == "followed_up"
    notes = db.session.scalars(select(Notification).where(
        Notification.kind == NotificationKind.RESTOCK_FOLLOWUP_FAILED)).all()
    managers = db.session.scalars(select(User).where(User.id.in_([n.user_id for n in notes])))
    assert [(m.role, m.region_id) for m in managers] == [
        ("market_manager", world["store"].territory.region_id)]
    row = manager.client.get("/hq/restock?status=decided").get_data(as_text=True)
    assert "data-followup-failed" in row


def test_rep_of_another_territory_gets_404(seeded, db, make_web, client, password):
    _world, req, _ = supplied(db, make_web, client, password)
    move_clock_to(clock.now() + timedelta(days=DAYS))
    other = _web(make_web, "rep2")
    assert other.client.get(f"/rep/restock/{req.id}/follow-up").status_code == 404
    token = other.csrf_from("/rep/today")
    fields = followup_form(_web(make_web, "rep1"), req, "1")
    answer = other.client.post(f"/rep/restock/{req.id}/follow-up",
                               data={**fields, "csrf_token": token})
    assert answer.status_code == 404
    db.session.expire_all()
    assert req.followed_up_at is None


def test_manager_of_another_region_cannot_record_supply(seeded, db, make_web, client,
                                                        password):
    from hq_sync_helpers import other_region_manager
    _world, req, _ = filed_request(db, client, password)
    _web(make_web, "manager1").post_form(f"/hq/restock/{req.id}/approve", {},
                                         page="/hq/restock")
    other_region_manager(db, password)
    other = _web(make_web, "manager2")
    answer = other.post_form(f"/hq/restock/{req.id}/supply",
                             {f"line-{req.lines[0].id}": 5}, page="/hq/restock")
    assert answer.status_code == 404
    db.session.expire_all()
    assert req.status == "approved" and req.supplied_at is None


def test_supply_without_csrf_changes_nothing(seeded, db, make_web, client, password):
    _world, req, _ = filed_request(db, client, password)
    manager = _web(make_web, "manager1")
    manager.post_form(f"/hq/restock/{req.id}/approve", {}, page="/hq/restock")
    answer = manager.client.post(f"/hq/restock/{req.id}/supply",
                                 data={f"line-{req.lines[0].id}": 5})
    db.session.expire_all()
    assert answer.status_code == 400 and req.supplied_at is None


def test_fulfilment_and_due_day_with_a_pinned_clock(seeded, db, make_web, client, password):
    """Supplied on Tuesday 24 Nov 10:00 Shanghai: the follow-up is due `DAYS` local days
    later, and not a day before (rules.restock.followup_due)."""
    from datetime import datetime

    from webapp.rules.restock import followup_due
    move_clock_to(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    _world, req, _ = supplied(db, make_web, client, password)
    due = followup_due(datetime(2026, 11, 24).date())
    rep = _web(make_web, "rep1")
    move_clock_to(datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
                  + timedelta(days=DAYS - 1))
    page = rep.client.get(f"/rep/restock/{req.id}/follow-up").get_data(as_text=True)
    assert f'data-followup-due="{due.isoformat()}"' in page
    early = post_followup(rep, req, "9")
    assert early.status_code == 422
    assert f"{due.year}年{due.month}月{due.day}日" in early.get_data(as_text=True)
    move_clock_to(datetime(2026, 11, 24, 2, 0, tzinfo=UTC) + timedelta(days=DAYS))
    assert post_followup(rep, req, "9").status_code == 303


def test_the_form_is_a_restock_followup_capture_applied_once(seeded, db, make_web, client,
                                                             password):
    """Posted without the offline client the form is the same `restock_followup` record:
    posted twice, applied once; another answer afterwards is refused on the form."""
    import uuid

    _world, req, _ = supplied(db, make_web, client, password, cartons=8)
    move_clock_to(clock.now() + timedelta(days=DAYS))
    rep = _web(make_web, "rep1")
    fields = followup_form(rep, req, "8", "卖完了")
    assert rep.post_form(f"/rep/restock/{req.id}/follow-up", fields).status_code == 303
    again = rep.post_form(f"/rep/restock/{req.id}/follow-up", fields, follow_redirects=True)
    assert "已经发送过" in again.get_data(as_text=True)  # a duplicate: nothing changed
    other = rep.post_form(f"/rep/restock/{req.id}/follow-up",
                          {**fields, "r0.id": str(uuid.uuid4()), "r0.data.sold_units:int": "1"})
    assert other.status_code == 422 and "data-capture-error" in other.get_data(as_text=True)
    forged = rep.post_form(f"/rep/restock/{req.id}/follow-up",
                           {**fields, "r0.data.request_id": str(uuid.uuid4())})
    assert forged.status_code == 400
    db.session.expire_all()
    assert (req.followup_sold_units, req.followup_note) == (8, "卖完了")
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(
        AuditLog.action == "rep.restock_followed_up")) == 1


def test_follow_up_without_csrf_changes_nothing(seeded, db, make_web, client, password):
    _world, req, _ = supplied(db, make_web, client, password, cartons=8)
    move_clock_to(clock.now() + timedelta(days=DAYS))
    rep = _web(make_web, "rep1")
    answer = rep.client.post(f"/rep/restock/{req.id}/follow-up",
                             data=followup_form(rep, req, "8"))
    assert answer.status_code == 400
    db.session.expire_all()
    assert req.followed_up_at is None
