"""HQ sync conflicts: an HQ edit and a rep's offline update of the same field meet as a
conflict that HQ sees with both values and settles by keeping one (issue: conflicts)."""

import re

from hq_sync_helpers import english, make_conflict, other_region_manager, user
from sqlalchemy import select

from webapp.models import AuditLog, StoreFieldClock


def test_conflict_is_listed_with_both_values(seeded, db, web, make_web, password):
    store, conflict, _ = make_conflict(db, web, make_web().client, password)
    assert conflict.winning_value == "13800002222" and conflict.losing_value == "13900001111"
    assert conflict.winning_source == f"hq:{user(db, 'hq').id}"
    html = web.client.get("/hq/sync/conflicts").get_data(as_text=True)
    row = re.search(rf'<tr id="conflict-{conflict.id}".*?</tr>', html, re.S).group(0)
    assert 'data-status="open"' in row
    assert "13800002222" in row and "13900001111" in row and store.name in row


def test_choosing_the_other_value_swaps_the_store_value(seeded, db, web, make_web, password):
    store, conflict, _ = make_conflict(db, web, make_web().client, password)
    version = store.version
    response = web.post_form(f"/hq/sync/conflicts/{conflict.id}", {"keep": "loser"},
                             page="/hq/sync/conflicts")
    assert response.status_code == 303
    db.session.expire_all()
    assert store.phone == "13900001111" and store.version == version + 1
    assert conflict.status == "swapped" and conflict.resolved_by_id == user(db, "hq").id
    clock = db.session.get(StoreFieldClock, (store.id, "phone"))
    assert clock.source == f"hq:{user(db, 'hq').id}"  # the choice is an HQ edit
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "hq.conflict_swapped"))
    assert audit.details["value"] == "13900001111" and audit.entity_id == str(conflict.id)


def test_keeping_the_value_that_stood_changes_nothing(seeded, db, web, make_web, password):
    store, conflict, _ = make_conflict(db, web, make_web().client, password)
    version = store.version
    web.post_form(f"/hq/sync/conflicts/{conflict.id}", {"keep": "winner"},
                  page="/hq/sync/conflicts")
    db.session.expire_all()
    assert store.phone == "13800002222" and store.version == version
    assert conflict.status == "kept"
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "hq.conflict_kept"))


def test_a_settled_conflict_cannot_be_settled_again(seeded, db, web, make_web, password):
    store, conflict, _ = make_conflict(db, web, make_web().client, password)
    web.post_form(f"/hq/sync/conflicts/{conflict.id}", {"keep": "winner"},
                  page="/hq/sync/conflicts")
    english(web)
    response = web.post_form(f"/hq/sync/conflicts/{conflict.id}", {"keep": "loser"},
                             page="/hq/sync/conflicts", follow_redirects=True)
    assert "already dealt with" in response.get_data(as_text=True)
    db.session.expire_all()
    assert conflict.status == "kept" and store.phone == "13800002222"


def test_htmx_choice_answers_with_the_row_only(seeded, db, web, make_web, password):
    _, conflict, _ = make_conflict(db, web, make_web().client, password)
    token = web.csrf_from("/hq/sync/conflicts")
    response = web.client.post(f"/hq/sync/conflicts/{conflict.id}",
                               data={"keep": "winner", "csrf_token": token},
                               headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="conflict-{conflict.id}"')
    assert 'data-status="kept"' in html and "<html" not in html


def test_status_filter_as_fragment_and_page(seeded, db, web, make_web, password):
    make_conflict(db, web, make_web().client, password)
    fragment = web.client.get("/hq/sync/conflicts?status=kept",
                              headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="conflict-table">')
    assert "data-conflict-id" not in fragment  # nothing kept yet
    page = web.client.get("/hq/sync/conflicts?status=all").get_data(as_text=True)
    assert "<html" in page and "data-conflict-id" in page


def test_a_wrong_choice_is_refused(seeded, db, web, make_web, password):
    _, conflict, _ = make_conflict(db, web, make_web().client, password)
    response = web.post_form(f"/hq/sync/conflicts/{conflict.id}", {"keep": "both"},
                             page="/hq/sync/conflicts")
    assert response.status_code == 400
    db.session.expire_all()
    assert conflict.status == "open"


def test_manager_of_another_region_cannot_see_or_settle(seeded, db, web, make_web, password):
    store, conflict, _ = make_conflict(db, web, make_web().client, password)
    other_region_manager(db, password)
    outsider = make_web()
    outsider.login("manager2")
    html = outsider.client.get("/hq/sync/conflicts?status=all").get_data(as_text=True)
    assert f"conflict-{conflict.id}" not in html
    response = outsider.post_form(f"/hq/sync/conflicts/{conflict.id}", {"keep": "loser"},
                                  page="/hq/sync/conflicts")
    assert response.status_code == 404
    db.session.expire_all()
    assert conflict.status == "open" and store.phone == "13800002222"


def test_manager_of_the_region_can_settle(seeded, db, web, make_web, password):
    store, conflict, _ = make_conflict(db, web, make_web().client, password)
    manager = make_web()
    manager.login("manager1")
    assert f"conflict-{conflict.id}" in manager.client.get("/hq/sync/conflicts").get_data(
        as_text=True)
    response = manager.post_form(f"/hq/sync/conflicts/{conflict.id}", {"keep": "loser"},
                                 page="/hq/sync/conflicts")
    assert response.status_code == 303
    db.session.expire_all()
    assert conflict.status == "swapped" and store.phone == "13900001111"


def test_reps_cannot_open_the_conflicts_page(seeded, web):
    web.login("rep1")
    assert web.client.get("/hq/sync/conflicts").status_code == 403


def test_a_choice_without_csrf_is_refused(seeded, db, web, make_web, password):
    store, conflict, _ = make_conflict(db, web, make_web().client, password)
    response = web.client.post(f"/hq/sync/conflicts/{conflict.id}", data={"keep": "loser"})
    assert response.status_code == 400
    db.session.expire_all()
    assert conflict.status == "open" and store.phone == "13800002222"
