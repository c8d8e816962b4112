"""What the store adds to its ticket (issue 12 item 7, "add information") is told as
such to the people dealing with it. Found by QA (qaloop): the holder's inbox said
"工单 … 当前状态:已解决。" (a status change that did not happen now), the rep's ticket
page titled the store's words "给客户的答复" (our answer to the store), a temporary
measure too, and the HQ desk's history showed the raw code "info"."""

import pytest
from notice_world import build_notice_world
from sqlalchemy import select
from test_owner_tickets import _signed_in, _ticket, raise_ticket

from webapp.models import TicketEvent


@pytest.fixture
def world(db, password_hash):
    return build_notice_world(db.session, password_hash)


def _resolved_with_information(db, world, make_web):
    """owner_a raises a ticket, rep0 holds it and resolved it; the store adds more."""
    owner = _signed_in(make_web, "owner_a")
    raise_ticket(owner, photo=False)
    ticket = _ticket(db)
    ticket.assignee_id = ticket.first_responder_id = world.users["rep0"].id
    ticket.status = "resolved"
    db.session.add(TicketEvent(ticket_id=ticket.id, kind="temp_measure", at=ticket.received_at,
                               by_id=world.users["hq1"].id, note="先下架该批次", public=True))
    db.session.commit()
    url = f"/store/tickets/{ticket.id}"
    assert owner.post_form(url + "/info", {"text": "另有两条也受潮"}, page=url).status_code == 303
    return ticket


def test_the_holders_inbox_says_the_store_added_information(db, world, make_web):
    ticket = _resolved_with_information(db, world, make_web)
    html = _signed_in(make_web, "rep0").client.get("/rep/inbox").get_data(as_text=True)
    assert f"门店补充了工单 {ticket.number} 的信息" in html
    assert "当前状态:已解决" not in html


def test_the_reps_ticket_page_names_the_stores_information_and_the_measure(db, world,
                                                                           make_web):
    ticket = _resolved_with_information(db, world, make_web)
    html = _signed_in(make_web, "rep0").client.get(
        f"/rep/tickets/{ticket.id}").get_data(as_text=True)
    history = html.split("data-ticket-history", 1)[1].split("</ul>", 1)[0]
    info = history.split("另有两条也受潮")[0].rsplit("<li", 1)[1]
    assert "门店补充说明" in info and "给客户的答复" not in info
    measure = history.split("先下架该批次")[0].rsplit("<li", 1)[1]
    assert "临时措施" in measure and "给客户的答复" not in measure


def test_the_desk_history_names_the_stores_information(db, world, make_web):
    ticket = _resolved_with_information(db, world, make_web)
    html = _signed_in(make_web, "hq1").client.get(
        f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    row = html[html.index('<tr data-event="info">'):]
    row = row[:row.index("</tr>")]
    assert "门店补充说明" in row and ">info" not in row
    assert db.session.scalars(select(TicketEvent).where(TicketEvent.kind == "info")).one()
