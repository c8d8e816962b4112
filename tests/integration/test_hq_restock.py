"""Emergency restock: the market manager verifies and approves, or refuses with a reason,
the requests reps file (spec §3.7 [000 认真核实、审批]; limits in webapp/rules/restock.py)."""

import re

from hq_sync_helpers import english, other_region_manager, user
from sqlalchemy import select
from sync_helpers import push, record, register, rep_world
from time_helpers import hlc_ms, today

from webapp.models import AuditLog, RestockRequest, Setting


def filed_request(db, client, password, quantity=10, seq=1, device=None):
    """rep1's phone files an emergency restock request for a wedding."""
    world = rep_world(db)
    device = device or register(client, "rep1", password)
    body = record("restock_request", {
        "store_id": world["store"].id, "reason": "wedding", "note": "周六婚宴",
        "lines": [{"product_id": world["product"].id, "quantity": quantity}],
        "wanted_by": today(3).isoformat()}, seq=seq)
    result = push(client, device, [body]).get_json()["results"][0]
    assert result["status"] == "applied", result
    return world, db.session.get(RestockRequest, body["id"]), device


def row_of(html: str, request_id: str) -> str:
    return re.search(rf'<tr id="restock-{request_id}".*?</tr>', html, re.S).group(0)


def test_waiting_request_is_listed_with_its_lines_and_limits(seeded, db, web, client,
                                                             password):
    world, req, _ = filed_request(db, client, password)
    web.login("manager1")
    english(web)
    row = row_of(web.client.get("/hq/restock").get_data(as_text=True), req.id)
    assert world["store"].name in row and world["product"].name in row and "× 10" in row
    assert "Wedding" in row and "Within the limits" in row and 'data-status="submitted"' in row


def test_manager_approves_and_it_is_audited(seeded, db, web, client, password):
    _, req, _ = filed_request(db, client, password)
    web.login("manager1")
    response = web.post_form(f"/hq/restock/{req.id}/approve", {}, page="/hq/restock")
    assert response.status_code == 303
    db.session.expire_all()
    assert req.status == "approved" and req.decided_by_id == user(db, "manager1").id
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "hq.restock_approved"))
    assert audit.entity_id == req.id and audit.user_id == user(db, "manager1").id


def test_refusal_needs_a_reason(seeded, db, web, client, password):
    _, req, _ = filed_request(db, client, password)
    web.login("manager1")
    english(web)
    token = web.csrf_from("/hq/restock")
    empty = web.client.post(f"/hq/restock/{req.id}/refuse",
                            data={"csrf_token": token, "reason": "  "},
                            headers={"HX-Request": "true"})
    body = empty.get_data(as_text=True)
    assert body.lstrip().startswith("<tr") and "Give a reason" in body
    db.session.expire_all()
    assert req.status == "submitted"
    done = web.client.post(f"/hq/restock/{req.id}/refuse",
                           data={"csrf_token": token, "reason": "库存足够,无需应急"},
                           headers={"HX-Request": "true"})
    row = done.get_data(as_text=True)
    assert 'data-status="rejected"' in row and "库存足够" in row and "<html" not in row
    db.session.expire_all()
    assert req.status == "rejected" and req.decision_reason == "库存足够,无需应急"
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "hq.restock_rejected"))


def test_refusal_without_js_flashes_and_redirects(seeded, db, web, client, password):
    _, req, _ = filed_request(db, client, password)
    web.login("manager1")
    english(web)
    response = web.post_form(f"/hq/restock/{req.id}/refuse", {"reason": ""},
                             page="/hq/restock", follow_redirects=True)
    assert "Give a reason" in response.get_data(as_text=True)
    db.session.expire_all()
    assert req.status == "submitted"


def test_a_decided_request_cannot_be_decided_again(seeded, db, web, client, password):
    _, req, _ = filed_request(db, client, password)
    web.login("manager1")
    english(web)
    web.post_form(f"/hq/restock/{req.id}/refuse", {"reason": "no"}, page="/hq/restock")
    response = web.post_form(f"/hq/restock/{req.id}/approve", {}, page="/hq/restock",
                             follow_redirects=True)
    assert "already decided" in response.get_data(as_text=True)
    db.session.expire_all()
    assert req.status == "rejected"


def test_over_the_store_limit_cannot_be_approved(seeded, db, web, client, password):
    # the limit was lowered after the requests were filed: two in the window, limit now 1
    _, first, device = filed_request(db, client, password)
    _, second, _ = filed_request(db, client, password, seq=2, device=device)
    db.session.add(Setting(key="restock_max_requests_per_store", value=1))
    db.session.commit()
    web.login("manager1")
    english(web)
    html = web.client.get("/hq/restock").get_data(as_text=True)
    assert 'data-over-limit="yes"' in row_of(html, second.id)
    assert 'data-earlier="1"' in row_of(html, second.id)
    first_row = row_of(html, first.id)
    assert 'data-earlier="0"' in first_row and "data-over-limit" not in first_row
    response = web.post_form(f"/hq/restock/{second.id}/approve", {}, page="/hq/restock",
                             follow_redirects=True)
    assert "over a restock limit" in response.get_data(as_text=True)
    db.session.expire_all()
    assert second.status == "submitted"


def test_manager_of_another_region_cannot_see_or_decide(seeded, db, web, client, password):
    _, req, _ = filed_request(db, client, password)
    other_region_manager(db, password)
    web.login("manager2")
    assert req.id not in web.client.get("/hq/restock").get_data(as_text=True)
    response = web.post_form(f"/hq/restock/{req.id}/approve", {}, page="/hq/restock")
    assert response.status_code == 404
    db.session.expire_all()
    assert req.status == "submitted"


def test_hq_sees_every_request_and_filters_by_status(seeded, db, web, client, password):
    _, req, _ = filed_request(db, client, password)
    web.login("hq")
    web.post_form(f"/hq/restock/{req.id}/approve", {}, page="/hq/restock")
    fragment = web.client.get("/hq/restock?status=decided", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert text.lstrip().startswith('<div id="restock-table">') and req.id in text
    assert req.id not in web.client.get("/hq/restock").get_data(as_text=True)


def test_without_csrf_nothing_is_decided(seeded, db, web, client, password):
    _, req, _ = filed_request(db, client, password)
    web.login("manager1")
    assert web.client.post(f"/hq/restock/{req.id}/approve").status_code == 400
    db.session.expire_all()
    assert req.status == "submitted"


def test_reps_and_owners_cannot_decide(seeded, db, make_web, client, password):
    _, req, _ = filed_request(db, client, password)
    for username in ("rep1", "owner1"):
        web = make_web()
        web.login(username)
        assert web.client.get("/hq/restock").status_code == 403
    db.session.expire_all()
    assert req.status == "submitted"


def test_requests_pushed_together_count_in_capture_order(seeded, db, web, client, password):
    world = rep_world(db)
    device = register(client, "rep1", password)
    wanted = today(3).isoformat()
    batch = [record("restock_request", {
        "store_id": world["store"].id, "reason": reason, "wanted_by": wanted,
        "lines": [{"product_id": world["product"].id, "quantity": 5}]}, seq=seq,
        hlc=f"{hlc_ms(-60_000) + seq}:0:phone-a") for seq, reason in ((1, "wedding"),
                                                                    (2, "funeral"))]
    assert [r["status"] for r in push(client, device, batch).get_json()["results"]] == [
        "applied", "applied"]
    web.login("manager1")
    html = web.client.get("/hq/restock").get_data(as_text=True)
    assert 'data-earlier="0"' in row_of(html, batch[0]["id"])
    assert 'data-earlier="1"' in row_of(html, batch[1]["id"])
