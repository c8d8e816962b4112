"""The ticket desk over HTTP (issue 12 items 1–3): scoped like every store page (a
manager of another region gets 404 and an empty queue; reps and owners have no desk),
the queue's filters and order, a refused decision offering the escalation, and the
notifications reaching exactly the rep who took the ticket and the store's owner."""

import pytest
from hq_sync_helpers import other_region_manager
from sqlalchemy import select
from ticket_desk_helpers import take_ticket, user

from webapp.models import Notification, Store


def _page(ticket) -> str:
    return f"/hq/tickets/{ticket.id}"


def test_manager_of_another_region_sees_nothing(seeded, db, client, password, web):
    ticket = take_ticket(db, client, password)
    other_region_manager(db, password)
    web.login("manager2")
    assert ticket.number not in web.client.get("/hq/tickets").get_data(as_text=True)
    assert web.client.get(_page(ticket)).status_code == 404
    token = web.csrf_from("/hq/tickets")
    response = web.client.post(_page(ticket) + "/acknowledge", data={"csrf_token": token})
    assert response.status_code == 404
    db.session.expire_all()
    assert ticket.status == "new"


@pytest.mark.parametrize("username", ["rep1", "owner1"])
def test_reps_and_owners_have_no_desk(seeded, db, client, password, make_web, username):
    ticket = take_ticket(db, client, password)
    other = make_web()
    other.login(username)
    for url in ("/hq/tickets", _page(ticket)):
        assert other.client.get(url).status_code in (403, 404)


def test_queue_filters_and_orders_by_the_next_deadline(seeded, db, client, password, web):
    general = take_ticket(db, client, password)
    major = take_ticket(db, client, password, seq=2, facts={"product_harm": True})
    web.login("manager1")
    html = web.client.get("/hq/tickets").get_data(as_text=True)
    assert html.index(major.number) < html.index(general.number)  # 8 working hours first
    only_major = web.client.get("/hq/tickets?severity=major_a").get_data(as_text=True)
    assert major.number in only_major and general.number not in only_major
    assert general.number not in web.client.get(
        "/hq/tickets?breached=yes").get_data(as_text=True)
    assert "工作时间" in html  # time left in working time, in Chinese


def test_a_decision_above_the_tier_is_refused_and_offered_as_escalation(seeded, db, client,
                                                                        password, web):
    ticket = take_ticket(db, client, password, goods_value="2500")
    web.login("manager1")
    web.post_form(_page(ticket) + "/acknowledge", {}, page=_page(ticket))
    response = web.post_form(_page(ticket) + "/resolve", {"text": "赔偿"}, page=_page(ticket))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'data-refusal="above_tier"' in html and 'id="escalate-offer"' in html
    response = web.post_form(_page(ticket) + "/escalate", {}, page=_page(ticket))
    assert response.status_code == 303
    db.session.expire_all()
    assert ticket.assignee_id == user(db, "hq").id
    assert db.session.scalar(select(Notification.user_id).where(
        Notification.kind == "ticket_escalated")) == user(db, "hq").id


def test_notifications_reach_exactly_the_rep_and_the_store_owner(seeded, db, client, password,
                                                                 web):
    ticket = take_ticket(db, client, password)
    owner_id = db.session.scalar(select(Store.owner_id).where(Store.id == ticket.store_id))
    web.login("manager1")
    web.post_form(_page(ticket) + "/acknowledge", {}, page=_page(ticket))
    web.post_form(_page(ticket) + "/answer", {"text": "明天到店"}, page=_page(ticket))
    rows = db.session.execute(select(Notification.user_id, Notification.kind).where(
        Notification.subject_type == "ticket")).all()  # the seed's arrival notice aside
    expected = {(user(db, "rep1").id, "ticket_status"), (owner_id, "ticket_status"),
                (user(db, "rep1").id, "ticket_answered"), (owner_id, "ticket_answered")}
    # acknowledge, then answer (moving it to in progress too): one each per event
    assert set(rows) == expected
    assert user(db, "manager1").id not in {r[0] for r in rows}


def test_manager_acknowledges_answers_and_records_the_callback(seeded, db, client, password,
                                                               web):
    ticket = take_ticket(db, client, password)
    web.login("manager1")
    for action, data in (("acknowledge", {}), ("answer", {"text": "已安排更换"}),
                         ("resolve", {"text": "已更换价签"}),
                         ("callback", {"satisfaction": "5", "text": "很满意"}),
                         ("close", {})):
        assert web.post_form(_page(ticket) + f"/{action}", data,
                             page=_page(ticket)).status_code == 303, action
    html = web.client.get(_page(ticket)).get_data(as_text=True)
    assert 'data-status="closed"' in html and 'data-satisfaction="5"' in html
    assert "很满意" in html and 'data-met="yes"' in html


def test_a_move_the_machine_refuses_is_told_in_words(seeded, db, client, password, web):
    """Answering before acknowledging is refused (首问负责 first), in Chinese, nothing saved."""
    ticket = take_ticket(db, client, password)
    web.login("manager1")
    response = web.post_form(_page(ticket) + "/answer", {"text": "好的"}, page=_page(ticket))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "工单当前状态下不能这样操作(新建)" in html
    db.session.expire_all()
    assert ticket.status == "new" and ticket.first_answered_at is None


def test_the_queue_pages(seeded, db, client, password, web):
    """50 a page; page 2 holds the rest."""
    from sync_helpers import register

    device = register(client, "rep1", password)
    tickets = [take_ticket(db, client, password, device=device, seq=n + 1) for n in range(52)]
    web.login("hq")
    first = web.client.get("/hq/tickets").get_data(as_text=True)
    second = web.client.get("/hq/tickets?page=2").get_data(as_text=True)
    numbers = [t.number for t in tickets]
    assert first.count("<tr data-ticket-id=") == 50
    assert all(n in first or n in second for n in numbers)
    assert not any(n in first and n in second for n in numbers)


@pytest.mark.parametrize("name", ["owner", "region"])
def test_a_huge_number_in_a_queue_filter_finds_nothing_instead_of_a_500(seeded, db, client,
                                                                        password, web, name):
    """Found by QA (qaloop): /hq/tickets?owner=99999999999999999999999 answered 500 (the
    number does not fit the database's integer); like the orders queue, it matches none."""
    take_ticket(db, client, password)
    web.login("manager1")
    response = web.client.get(f"/hq/tickets?{name}=99999999999999999999999")
    assert response.status_code == 200
    assert "0 张未结工单" in response.get_data(as_text=True)


def test_passing_on_to_a_huge_person_number_is_refused_not_a_500(seeded, db, client, password,
                                                                 web):
    """Found by QA (qaloop): a pass-on form naming person 99999999999999999999999 (an
    edited page) answered 500; it is refused like any person who cannot hold it."""
    ticket = take_ticket(db, client, password)
    web.login("hq")
    response = web.post_form(_page(ticket) + "/pass_on",
                             {"assignee_id": "99999999999999999999999"}, page=_page(ticket))
    assert response.status_code == 422
    assert 'data-refusal="no_such_assignee"' in response.get_data(as_text=True)
