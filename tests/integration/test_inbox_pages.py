"""The in-app inbox (issue 12 item 8): one per user, with an unread badge; each message
in the reader's language with a link to its subject; marking read is idempotent and
touches only the reader's own messages."""

import pytest
from notice_world import build_notice_world
from sqlalchemy import select

from webapp.models import Notification
from webapp.rules.codes import NotificationKind
from webapp.services.notifications import notify, unread_count


@pytest.fixture
def world(db, password_hash):
    return build_notice_world(db.session, password_hash)


def _signed_in(make_web, username):
    web = make_web()
    assert web.login(username).status_code == 302
    return web


def _send(db, user, kind, key, subject_type="restock", subject_id="r1", **params):
    notify(db.session, [user.id], kind, subject_type, subject_id, key, params=params)
    db.session.commit()


def _badge(html: str) -> str | None:
    marker = 'data-unread-badge aria-label="'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split(">", 1)[1].split("<", 1)[0]


def test_the_rep_sees_each_message_in_chinese_and_the_badge_counts_unread(db, world, make_web):
    rep = world.users["rep0"]
    _send(db, rep, NotificationKind.RESTOCK_DECIDED, "k1", store="东一烟酒", approved=False,
          reason="库存足够")
    _send(db, rep, NotificationKind.TICKET_STATUS, "k2", subject_type="ticket",
          subject_id="t-1", number="TK1", status="resolved")
    web = _signed_in(make_web, "rep0")
    page = web.client.get("/rep/inbox").get_data(as_text=True)
    assert "东一烟酒的应急补货申请:已拒绝:库存足够。" in page
    assert "工单 TK1 当前状态:" in page
    assert _badge(page) == "2"
    assert _badge(web.client.get("/rep/today").get_data(as_text=True)) == "2"  # in the nav


def test_english_readers_get_english(db, world, make_web):
    rep = world.users["rep0"]
    rep.locale = "en"
    db.session.commit()
    _send(db, rep, NotificationKind.TICKET_ESCALATED, "k1", subject_type="ticket",
          subject_id="t-1", number="TK9", tier="market_manager")
    page = _signed_in(make_web, "rep0").client.get("/rep/inbox").get_data(as_text=True)
    assert "Ticket TK9 was escalated to you (Market manager)." in page


def test_mark_one_read_then_all_and_again_changes_nothing(db, world, make_web):
    rep = world.users["rep0"]
    for key in ("a", "b", "c"):
        _send(db, rep, NotificationKind.RESTOCK_DECIDED, key, store="东一", approved=True)
    first = db.session.scalars(select(Notification).order_by(Notification.id)).first()
    web = _signed_in(make_web, "rep0")
    assert web.post_form("/rep/inbox/read", {"notification_id": str(first.id)},
                         page="/rep/inbox").status_code == 303
    assert unread_count(db.session, rep) == 2
    db.session.expire_all()
    read_at = db.session.get(Notification, first.id).read_at
    assert read_at is not None
    assert web.post_form("/rep/inbox/read", {}, page="/rep/inbox").status_code == 303
    assert unread_count(db.session, rep) == 0
    again = web.post_form("/rep/inbox/read", {"notification_id": str(first.id)},
                          page="/rep/inbox")
    assert again.status_code == 303
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at == read_at  # the first time stays
    assert _badge(web.client.get("/rep/inbox").get_data(as_text=True)) is None


def test_marking_read_never_touches_another_users_messages(db, world, make_web):
    _send(db, world.users["rep1"], NotificationKind.RESTOCK_DECIDED, "x", store="东三")
    theirs = db.session.scalars(select(Notification)).one()
    web = _signed_in(make_web, "rep0")
    web.post_form("/rep/inbox/read", {"notification_id": str(theirs.id)}, page="/rep/inbox")
    web.post_form("/rep/inbox/read", {}, page="/rep/inbox")
    assert unread_count(db.session, world.users["rep1"]) == 1
    assert "东三" not in web.client.get("/rep/inbox").get_data(as_text=True)


def test_mark_read_needs_the_csrf_token(db, world, make_web):
    _send(db, world.users["rep0"], NotificationKind.RESTOCK_DECIDED, "x", store="东三")
    web = _signed_in(make_web, "rep0")
    web.client.post("/rep/inbox/read", data={})
    assert unread_count(db.session, world.users["rep0"]) == 1


def test_the_htmx_mark_read_answers_the_list_fragment(db, world, make_web):
    _send(db, world.users["mgr0"], NotificationKind.RESTOCK_FOLLOWUP_FAILED, "x", store="东一")
    web = _signed_in(make_web, "mgr0")
    token = web.csrf_from("/hq/inbox")
    answer = web.client.post("/hq/inbox/read", data={"csrf_token": token},
                             headers={"HX-Request": "true"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'id="inbox"' in html and "<html" not in html
    assert 'data-unread="0"' in html


def test_the_hq_inbox_has_a_badge_in_the_sidebar_and_a_link_to_the_subject(db, world,
                                                                            make_web):
    _send(db, world.users["hq1"], NotificationKind.RESTOCK_FOLLOWUP_FAILED, "x", store="东一")
    web = _signed_in(make_web, "hq1")
    page = web.client.get("/hq/").get_data(as_text=True)
    assert _badge(page) == "1"
    inbox = web.client.get("/hq/inbox").get_data(as_text=True)
    assert 'href="/hq/restock"' in inbox and "东一的应急补货销售跟踪未通过" in inbox


@pytest.mark.parametrize(("username", "url"), [("owner_a", "/rep/inbox"), ("rep0", "/hq/inbox"),
                                               ("owner_a", "/hq/inbox")])
def test_each_inbox_is_for_its_own_roles(db, world, make_web, username, url):
    assert _signed_in(make_web, username).client.get(url).status_code == 403


def test_every_kind_has_words_in_both_languages(app, db, world):
    from flask_babel import force_locale

    from webapp.notification_texts import notification_text

    for kind in NotificationKind:
        n = Notification(user_id=1, kind=str(kind), subject_type="x", subject_id="1", params={})
        for locale in ("zh", "en"):
            with app.test_request_context("/"), force_locale(locale):
                text = notification_text(n)
            assert text and "%(" not in text, (kind, locale)


def test_the_badge_is_one_count_query(app, db, world):
    """The badge is on every page: one COUNT on the (user, read_at) index, once a request."""
    from flask import g
    from flask_login import login_user
    from sqlalchemy import event

    from webapp.inbox.pages import unread_badge_count

    _send(db, world.users["rep0"], NotificationKind.RESTOCK_DECIDED, "x", store="东一")
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.test_request_context("/rep/today"):
        login_user(world.users["rep0"])
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert unread_badge_count() == 1 and unread_badge_count() == 1
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        g.pop("unread_notifications", None)
    assert len(statements) == 1 and "count(" in statements[0].lower()


@pytest.mark.parametrize("username, inbox, kind, subject_type", [
    ("rep0", "/rep/inbox", NotificationKind.TICKET_STATUS, "ticket"),
    ("mgr0", "/hq/inbox", NotificationKind.TICKET_ESCALATED, "ticket"),
])
def test_opening_a_message_marks_it_read_and_goes_to_its_page(db, world, make_web, username,
                                                              inbox, kind, subject_type):
    reader = world.users[username]
    _send(db, reader, kind, "opened", subject_type=subject_type, subject_id="t-1",
          number="TK1", status="resolved", tier="market_manager")
    _send(db, reader, kind, "other", subject_type=subject_type, subject_id="t-2",
          number="TK2", status="resolved", tier="market_manager")
    opened, other = db.session.scalars(select(Notification).order_by(Notification.id)).all()
    web = _signed_in(make_web, username)
    page = web.client.get(inbox).get_data(as_text=True)
    assert f'name="open" value="{opened.id}"' in page  # the unread message opens by a button
    answer = web.post_form(f"{inbox}/read", {"open": str(opened.id)}, page=inbox)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/tickets/t-1")
    db.session.expire_all()
    assert db.session.get(Notification, opened.id).read_at is not None
    assert db.session.get(Notification, other.id).read_at is None
    htmx = web.post_form(f"{inbox}/read", {"open": str(other.id)}, page=inbox,
                         headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"].endswith("/tickets/t-2")
    assert unread_count(db.session, reader) == 0


def test_opening_another_users_message_neither_marks_nor_opens_it(db, world, make_web):
    _send(db, world.users["rep1"], NotificationKind.TICKET_STATUS, "x", subject_type="ticket",
          subject_id="t-9", number="TK9", status="resolved")
    theirs = db.session.scalars(select(Notification)).one()
    web = _signed_in(make_web, "rep0")
    answer = web.post_form("/rep/inbox/read", {"open": str(theirs.id)}, page="/rep/inbox")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/rep/inbox")
    assert unread_count(db.session, world.users["rep1"]) == 1
