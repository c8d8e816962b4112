"""The store owner's inbox says what each message is and leads to it (issue 12 item 8:
"answers and status changes of my tickets ... notices published to my stores"; item 7:
the owner sees each ticket's answers). The owner's inbox knew only the order messages:
an answer to the owner's ticket or a notice to the store read "You have a new
message." with nowhere to go, a dead end."""

import re

from sqlalchemy import select
from ticket_desk_helpers import take_ticket, user

from webapp.models import Notification, Store


def _opens(db, owner, user_id: int, subject_id: str) -> str:
    """Where opening the owner's message about `subject_id` leads (the inbox's open button
    posts the message's id; the answer redirects to its subject's page)."""
    note = db.session.scalar(select(Notification).where(
        Notification.user_id == user_id, Notification.subject_id == str(subject_id))
        .order_by(Notification.id.desc()))
    answer = owner.post_form("/store/inbox/read", {"open": str(note.id)}, page="/store/inbox")
    assert answer.status_code == 303
    return answer.headers["Location"].split("localhost", 1)[-1]


def test_an_answer_to_the_owners_ticket_says_so_and_opens_the_ticket(seeded, db, client,
                                                                     password, make_web):
    ticket = take_ticket(db, client, password)
    owner_id = db.session.scalar(select(Store.owner_id).where(Store.id == ticket.store_id))
    assert owner_id == user(db, "owner1").id
    manager = make_web()
    manager.login("manager1")
    page = f"/hq/tickets/{ticket.id}"
    manager.post_form(page + "/acknowledge", {}, page=page)
    manager.post_form(page + "/answer", {"text": "明天到店更换价签"}, page=page)
    owner = make_web()
    owner.login("owner1")
    html = owner.client.get("/store/inbox").get_data(as_text=True)
    assert "您有一条新消息" not in html
    assert f"工单 {ticket.number} 有了答复" in html
    assert _opens(db, owner, owner_id, ticket.id) == f"/store/tickets/{ticket.id}"


def test_a_notice_to_the_store_names_its_title_and_opens_it(seeded, db, make_web):
    manager = make_web()
    manager.login("manager1")
    store = db.session.get(Store, 1)
    response = manager.post_form("/hq/notices/new", {
        "kind": "arrival", "title": "周一到货推迟", "body": "因天气原因,周一到货推迟到下午。",
        "territory_ids": str(store.territory_id)})
    assert response.status_code == 303
    notice_path = response.headers["Location"].split("localhost", 1)[-1]
    notice_id = notice_path.rstrip("/").rsplit("/", 1)[-1]
    owner = make_web()
    owner.login("owner1")
    html = owner.client.get("/store/inbox").get_data(as_text=True)
    assert "您有一条新消息" not in html and "周一到货推迟" in html
    assert _opens(db, owner, user(db, "owner1").id, notice_id) == f"/store/notices/{notice_id}"


def test_reading_a_notice_from_the_home_page_clears_its_message(seeded, db, make_web):
    """Found by QA: the owner opened the notice from their home page (the read receipt was
    recorded), but its inbox message stayed unread and the badge stayed at 1."""
    manager = make_web()
    manager.login("manager1")
    store = db.session.get(Store, 1)
    response = manager.post_form("/hq/notices/new", {
        "kind": "arrival", "title": "周二到货推迟", "body": "周二到货推迟到下午。",
        "territory_ids": str(store.territory_id)})
    notice_id = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    owner = make_web()
    owner.login("owner1")
    home = owner.client.get("/store/").get_data(as_text=True)
    assert f"/store/notices/{notice_id}" in home
    before = _badge(home)
    assert owner.client.get(f"/store/notices/{notice_id}").status_code == 200
    assert _badge(owner.client.get("/store/").get_data(as_text=True)) == before - 1


def _badge(html: str) -> int:
    """The unread count the bottom bar shows (0 without a badge)."""
    found = re.search(r'data-unread-badge aria-label="[^"]*">(\d+)<', html)
    return int(found[1]) if found else 0
