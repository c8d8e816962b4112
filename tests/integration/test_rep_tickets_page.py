"""The rep's tickets and the answers to them (issue 12 item 5): the list, one ticket with
its status, deadlines and public answers, and the first responder's action form, which
posts a `ticket_update` record (the same record the phone queues offline)."""

import re

from rep_page_helpers import add_ticket, user
from sqlalchemy import select
from sync_helpers import rep_world

from webapp.models import TicketEvent


def _web(make_web, username="rep1"):
    web = make_web()
    web.login(username)
    return web


def _mine(db, store, rep, number="T-9", **fields):
    ticket = add_ticket(db, store, number, created_by_id=rep.id, first_responder_id=rep.id,
                        **fields)
    db.session.commit()
    return ticket


def _form_fields(html, index=0):
    form = re.findall(r'<form[^>]*data-capture="ticket_update".*?</form>', html, re.S)[index]
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    return fields


def test_my_tickets_lists_what_the_rep_took_with_its_status(seeded, db, make_web):
    world = rep_world(db)
    ticket = _mine(db, world["store"], world["rep"])
    html = _web(make_web).client.get("/rep/tickets").get_data(as_text=True)
    assert f'data-ticket="{ticket.number}" data-status="new"' in html
    store_page = _web(make_web).client.get(f"/rep/stores/{world['store'].id}").get_data(
        as_text=True)
    assert f'data-ticket="{ticket.number}" data-status="new"' in store_page
    assert f"/rep/tickets/{ticket.id}" in store_page


def test_acknowledge_then_resolve_from_the_ticket_page(seeded, db, make_web):
    world = rep_world(db)
    ticket = _mine(db, world["store"], world["rep"])
    web = _web(make_web)
    url = f"/rep/tickets/{ticket.id}"
    fields = _form_fields(web.client.get(url).get_data(as_text=True))
    assert fields["r0.data.action"] == "acknowledge"
    fields["r0.data.note"] = "已受理"
    assert web.client.post(url, data=fields).status_code == 303
    again = web.client.post(url, data=fields)  # the same record id: arrives once
    assert again.status_code == 303
    db.session.expire_all()
    assert ticket.status == "acknowledged"
    fields = _form_fields(web.client.get(url).get_data(as_text=True))
    assert fields["r0.data.action"] == "resolve"
    fields["r0.data.note"] = "已当场换货"
    assert web.client.post(url, data=fields).status_code == 303
    html = web.client.get(url).get_data(as_text=True)
    assert 'data-ticket-status="resolved"' in html and "已当场换货" in html
    assert db.session.query(TicketEvent).filter_by(ticket_id=ticket.id,
                                                   to_status="acknowledged").count() == 1


def test_resolving_without_a_resolution_shows_the_form_again(seeded, db, make_web):
    world = rep_world(db)
    ticket = _mine(db, world["store"], world["rep"], status="acknowledged")
    web = _web(make_web)
    url = f"/rep/tickets/{ticket.id}"
    fields = _form_fields(web.client.get(url).get_data(as_text=True))
    fields.pop("r0.data.note", None)
    assert web.client.post(url, data=fields).status_code == 422
    db.session.expire_all()
    assert ticket.status == "acknowledged"


def test_above_the_tier_the_page_offers_no_resolve(seeded, db, make_web):
    world = rep_world(db)
    ticket = _mine(db, world["store"], world["rep"], status="acknowledged",
                   tier="market_manager")
    html = _web(make_web).client.get(f"/rep/tickets/{ticket.id}").get_data(as_text=True)
    assert 'data-capture="ticket_update"' not in html and "data-above-tier" in html


def test_rep_of_another_territory_gets_404(seeded, db, make_web):
    world = rep_world(db)
    ticket = _mine(db, world["store"], world["rep"])
    other = _web(make_web, "rep2")
    assert other.client.get(f"/rep/tickets/{ticket.id}").status_code == 404
    token = other.csrf_from("/rep/today")
    answer = other.client.post(f"/rep/tickets/{ticket.id}", data={
        "csrf_token": token, "r0.id": "6f9619ff-8b86-d011-b42d-00c04fc964ff",
        "r0.type": "ticket_update", "r0.data.store_id:int": str(ticket.store_id),
        "r0.data.ticket_id": ticket.id, "r0.data.action": "acknowledge"})
    assert answer.status_code == 404
    assert f'data-ticket="{ticket.number}"' not in other.client.get(
        "/rep/tickets").get_data(as_text=True)
    db.session.expire_all()
    assert ticket.status == "new"
    assert user(db, "rep2") is not None
    assert not db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id)).all()


def test_settled_on_the_spot_records_both_steps_at_once(seeded, db, make_web):
    """A rep who settles a matter on the spot records the acknowledgement and the
    resolution together (rules.ticket_status): one form, two ticket_update records."""
    world = rep_world(db)
    ticket = _mine(db, world["store"], world["rep"])
    web = _web(make_web)
    url = f"/rep/tickets/{ticket.id}"
    fields = _form_fields(web.client.get(url).get_data(as_text=True), index=1)
    assert (fields["r0.data.action"], fields["r1.data.action"]) == ("acknowledge", "resolve")
    fields["r1.data.note"] = "当场退换"
    assert web.client.post(url, data=fields).status_code == 303
    db.session.expire_all()
    assert ticket.status == "resolved"
    steps = db.session.scalars(select(TicketEvent.to_status).where(
        TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)).all()
    assert steps == ["acknowledged", "in_progress", "resolved"]


def test_my_tickets_addresses_the_rep_as_every_page_does(seeded, db, make_web):
    """Found by QA (qaloop): the one rep page saying "你" where every other says "您"."""
    html = _web(make_web).client.get("/rep/tickets").get_data(as_text=True)
    assert "您受理或负责的工单" in html and "你受理" not in html
