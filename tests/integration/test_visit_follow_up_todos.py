"""Visit follow-ups come back as dated to-dos (issue 12 item 5): on Today and the store page
until marked done; "Done" is a `follow_up_done` capture (posted here without the offline
client, with the CSRF token), idempotent, and only for the rep of the store's territory.
The last visit's findings show on the store page."""

import uuid
from datetime import timedelta

from rep_page_helpers import add_visit, blank_round, form_fields, user

from webapp import clock
from webapp.models import AuditLog, VisitFollowUp


def _todo(db, store, rep, text="补贴价签", days=2):
    visit = add_visit(db, store, rep, days_ago=1,
                      findings={"price_tags": {"ok": False, "note": "缺价签"},
                                "display": {"ok": True, "note": ""}})
    item = VisitFollowUp(visit_id=visit.id, text=text,
                         due_date=clock.today("Asia/Shanghai") + timedelta(days=days))
    db.session.add(item)
    db.session.commit()
    return item


def _done_fields(web, item, page):
    html = web.client.get(page).get_data(as_text=True)
    return form_fields(html, f'data-follow-up="{item.id}"')


def _web(make_web, username):
    web = make_web()
    web.login(username)
    return web


def test_follow_up_shows_on_today_and_store_page_until_done(seeded, db, make_web):
    rep = user(db, "rep1")
    store = blank_round(db, rep)[0]
    item = _todo(db, store, rep)
    web = _web(make_web, "rep1")
    for url in ("/rep/today", f"/rep/stores/{store.id}"):
        html = web.client.get(url).get_data(as_text=True)
        assert f'data-follow-up="{item.id}"' in html and "补贴价签" in html
    fields = _done_fields(web, item, "/rep/today")
    assert fields["next"] == "today" and fields["r0.type"] == "follow_up_done"
    answer = web.post_form(f"/rep/follow-ups/{item.id}/done", fields, page="/rep/today")
    assert answer.status_code == 303 and answer.location.endswith("/rep/today")
    db.session.expire_all()
    first = item.done_at
    assert first is not None
    again = web.post_form(f"/rep/follow-ups/{item.id}/done", fields, page="/rep/today")
    assert again.status_code == 303  # the same record: a duplicate
    other = web.post_form(f"/rep/follow-ups/{item.id}/done",
                          {**fields, "r0.id": str(uuid.uuid4())}, page="/rep/today")
    assert other.status_code == 303  # another record (another tab): fine, nothing changes
    db.session.expire_all()
    assert item.done_at == first  # idempotent: done once, at the first time
    assert db.session.query(AuditLog).filter_by(action="rep.follow_up_done").count() == 1
    for url in ("/rep/today", f"/rep/stores/{store.id}"):
        assert f'data-follow-up="{item.id}"' not in web.client.get(url).get_data(as_text=True)


def test_marking_without_csrf_changes_nothing(seeded, db, make_web):
    rep = user(db, "rep1")
    item = _todo(db, blank_round(db, rep)[0], rep)
    web = _web(make_web, "rep1")
    assert web.client.post(f"/rep/follow-ups/{item.id}/done").status_code == 400
    db.session.expire_all()
    assert item.done_at is None


def test_rep_of_another_territory_gets_404(seeded, db, make_web):
    rep = user(db, "rep1")
    store = blank_round(db, rep)[0]
    item = _todo(db, store, rep)
    other = _web(make_web, "rep2")
    assert f'data-follow-up="{item.id}"' not in other.client.get("/rep/today").get_data(
        as_text=True)
    fields = _done_fields(_web(make_web, "rep1"), item, "/rep/today")
    answer = other.post_form(f"/rep/follow-ups/{item.id}/done", fields, page="/rep/today")
    assert answer.status_code == 404
    assert other.client.get(f"/rep/stores/{store.id}").status_code == 404
    db.session.expire_all()
    assert item.done_at is None


def test_last_visits_findings_show_problems_first(seeded, db, make_web):
    rep = user(db, "rep1")
    store = blank_round(db, rep)[0]
    _todo(db, store, rep)
    html = _web(make_web, "rep1").client.get(f"/rep/stores/{store.id}").get_data(as_text=True)
    findings = html.split("data-findings", 1)[1].split("</ul>", 1)[0]
    items = findings.split("<li ")[1:]
    assert len(items) == 2 and items[0].startswith('class="bad"') and "缺价签" in items[0]
    assert items[1].startswith('class="ok"')


def test_the_done_form_names_only_its_own_to_do_and_store(seeded, db, make_web):
    """The posted record must be the URL's to-do of its store (never trust the post)."""
    rep = user(db, "rep1")
    stores = blank_round(db, rep)
    item, other = _todo(db, stores[0], rep), _todo(db, stores[0], rep, text="换海报")
    web = _web(make_web, "rep1")
    fields = _done_fields(web, item, f"/rep/stores/{stores[0].id}")
    url = f"/rep/follow-ups/{item.id}/done"
    assert web.post_form(url, {**fields, "r0.data.follow_up_id:int": str(other.id)},
                         page="/rep/today").status_code == 400
    assert web.post_form(url, {**fields, "r0.data.store_id:int": str(stores[1].id)},
                         page="/rep/today").status_code == 400
    db.session.expire_all()
    assert item.done_at is None and other.done_at is None
