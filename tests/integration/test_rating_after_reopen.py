"""A reopened ticket's satisfaction (issue 12 items 3 and 7; rules.ticket_status): the
callback asks the store's satisfaction with a result [002 7.3 反饋結果並徵詢滿意度], and
a reopened ticket is unresolved again. The score given before belongs to the earlier
round: the HQ page said "满意度 4 / 5" for a ticket reopened as unsatisfactory, and the
owner was never offered to rate the new resolution (the form waited for an empty score).
"""

import pytest
from notice_world import build_notice_world
from sqlalchemy import select
from test_owner_tickets import raise_ticket

from webapp.models import AuditLog, Ticket


@pytest.fixture
def world(db, password_hash):
    return build_notice_world(db.session, password_hash)


def _signed_in(make_web, username):
    web = make_web()
    assert web.login(username).status_code == 302
    return web


def _ticket(db) -> Ticket:
    db.session.expire_all()
    return db.session.scalars(select(Ticket)).one()


def _act(hq, ticket, action, **form):
    page = f"/hq/tickets/{ticket.id}"
    answer = hq.post_form(f"{page}/{action}", form, page=page)
    assert answer.status_code == 303, answer.get_data(as_text=True)[:2000]


def _facts(html: str) -> str:
    start = html.index('id="ticket-facts"')
    return html[start:html.index("</dl>", start)]


def _rated_closed_and_reopened(db, make_web):
    """owner_a's complaint: resolved by hq1, rated 4 by the owner, closed, reopened by
    the owner as still unsatisfactory. Returns (owner, hq, ticket)."""
    owner = _signed_in(make_web, "owner_a")
    hq = _signed_in(make_web, "hq1")
    raise_ticket(owner, photo=False)
    ticket = _ticket(db)
    owner_url, hq_url = f"/store/tickets/{ticket.id}", f"/hq/tickets/{ticket.id}"
    _act(hq, ticket, "acknowledge", text="")
    _act(hq, ticket, "resolve", text="已换货")
    assert owner.post_form(owner_url + "/rate", {"satisfaction": "4", "comment": "满意"},
                           page=owner_url).status_code == 303
    _act(hq, ticket, "close", text="")
    assert 'data-satisfaction="4"' in _facts(hq.client.get(hq_url).get_data(as_text=True))
    assert owner.post_form(owner_url + "/reopen", {"reason": "还是受潮"},
                           page=owner_url).status_code == 303
    assert _ticket(db).status == "reopened"
    return owner, hq, ticket


def test_the_owner_rates_the_new_resolution_of_a_reopened_ticket_once(db, world, make_web):
    owner, hq, ticket = _rated_closed_and_reopened(db, make_web)
    owner_url = f"/store/tickets/{ticket.id}"
    assert "data-rate-form" not in owner.client.get(owner_url).get_data(as_text=True)
    _act(hq, ticket, "resolve", text="整批更换")
    page = owner.client.get(owner_url).get_data(as_text=True)
    assert "整批更换" in page and "data-rate-form" in page  # rate the new resolution
    assert owner.post_form(owner_url + "/rate", {"satisfaction": "2"},
                           page=owner_url).status_code == 303
    ticket = _ticket(db)
    assert (ticket.satisfaction, ticket.status) == (2, "callback_done")
    assert "data-rate-form" not in owner.client.get(owner_url).get_data(as_text=True)
    again = owner.post_form(owner_url + "/rate", {"satisfaction": "5"}, page=owner_url)
    assert again.status_code == 303 and _ticket(db).satisfaction == 2  # once per round
    # each round's score stays on record (the audit log)
    scores = [a.details.get("satisfaction") for a in db.session.scalars(
        select(AuditLog).where(AuditLog.action == "ticket_owner_callback")
        .order_by(AuditLog.id))]
    assert scores == [4, 2]


def test_the_hq_page_shows_a_score_given_before_reopening_as_the_earlier_rounds(
        db, world, make_web):
    _, hq, ticket = _rated_closed_and_reopened(db, make_web)
    hq_url = f"/hq/tickets/{ticket.id}"
    facts = _facts(hq.client.get(hq_url).get_data(as_text=True))
    assert 'data-satisfaction="4"' not in facts  # not this round's
    assert 'data-satisfaction-earlier="4"' in facts and "重开前" in facts
    _act(hq, ticket, "resolve", text="整批更换")
    facts = _facts(hq.client.get(hq_url).get_data(as_text=True))
    assert 'data-satisfaction-earlier="4"' in facts and "新的处理结果尚未评价" in facts
    _act(hq, ticket, "callback", satisfaction="3", text="勉强接受")  # HQ's callback
    facts = _facts(hq.client.get(hq_url).get_data(as_text=True))
    assert 'data-satisfaction="3"' in facts and "data-satisfaction-earlier" not in facts
