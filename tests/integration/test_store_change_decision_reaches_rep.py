"""HQ's decision on a rep's reported store change reaches the rep (issue 12 item 5): on
Today, on the store page and as one notification; the store page says which fields wait
for HQ; an approved change keeps showing what it changed (a QA finding: it went blank)."""

import re

from hq_sync_helpers import store_update
from sqlalchemy import select
from sync_helpers import push, register, rep_world

from webapp.models import Notification, StoreChange, User
from webapp.rules.codes import NotificationKind
from webapp.services.store_changes import waiting_fields


def reported(db, client, password):
    """rep1 reports a new address and phone: the phone applies at once, the address waits."""
    store = rep_world(db)["store"]
    device = register(client, "rep1", password)
    update = store_update(store.id, store.version, {"address": "新华路 88 号",
                                                    "phone": "13800138000"})
    push(client, device, [update])
    return store, db.session.get(StoreChange, update["id"])


def _decide(make_web, change, action, reason=""):
    hq = make_web()
    hq.login("hq")
    data = {"reason": reason} if reason else {}
    assert hq.post_form(f"/hq/store-changes/{change.id}/{action}", data,
                        page="/hq/store-changes").status_code == 303


def _rep_pages(make_web, store_id, username="rep1"):
    rep = make_web()
    rep.login(username)
    return (rep.client.get("/rep/today").get_data(as_text=True),
            rep.client.get(f"/rep/stores/{store_id}").get_data(as_text=True))


def _notes(db, kind):
    return db.session.scalars(select(Notification).where(Notification.kind == kind)).all()


def test_store_page_says_the_address_waits_for_hq(seeded, db, make_web, client, password):
    store, _change = reported(db, client, password)
    _, page = _rep_pages(make_web, store.id)
    block = re.search(r'<div class="note" id="waiting-for-hq".*?</div>', page, re.S).group(0)
    assert 'data-waiting-field="address"' in block and "新华路 88 号" in block
    assert "phone" not in block  # applied at once, nothing waits


def test_an_approved_change_keeps_what_it_changed(seeded, db, make_web, client, password):
    store, change = reported(db, client, password)
    _decide(make_web, change, "approve")
    db.session.expire_all()
    assert store.address == "新华路 88 号" and store.phone == "13800138000"
    # the HQ row and the rep's decision list read the approved fields from here
    assert waiting_fields(change) == {"address": "新华路 88 号"}
    assert change.previous.keys() == {"phone"}


def test_a_refusal_reaches_rep1_once_and_no_other_rep(seeded, db, make_web, client, password):
    store, change = reported(db, client, password)
    _decide(make_web, change, "reject", "地址与营业执照不符")
    today, page = _rep_pages(make_web, store.id)
    for html in (today, page):
        assert f'data-store-change-decision="{change.id}"' in html
        assert "地址与营业执照不符" in html
    assert 'id="waiting-for-hq"' not in page
    notes = _notes(db, NotificationKind.STORE_CHANGE_DECIDED)
    rep1 = db.session.scalar(select(User).where(User.username == "rep1"))
    assert [n.user_id for n in notes] == [rep1.id] and notes[0].subject_id == change.id
    rep2_today, _ = _rep_pages(make_web, store.id, "rep2")
    assert f'data-store-change-decision="{change.id}"' not in rep2_today


def test_restock_decision_notifies_the_rep_who_asked_once(seeded, db, make_web, client,
                                                          password):
    from test_hq_restock import filed_request
    _world, req, _ = filed_request(db, client, password)
    manager = make_web()
    manager.login("manager1")
    manager.post_form(f"/hq/restock/{req.id}/refuse", {"reason": "库存足够"}, page="/hq/restock")
    again = manager.post_form(f"/hq/restock/{req.id}/refuse", {"reason": "again"},
                              page="/hq/restock")
    assert again.status_code == 303
    notes = _notes(db, NotificationKind.RESTOCK_DECIDED)
    assert [(n.user_id, n.params["status"]) for n in notes] == [(req.requested_by_id,
                                                                 "rejected")]
