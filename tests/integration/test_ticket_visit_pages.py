"""The visit a ticket was taken in, over HTTP (issue 12 item 2): the rep checks in, takes
a ticket from the visit (the form names the open check-in), checks out; HQ's ticket page
then shows "Taken during the visit of …" with the visit's rep, purposes and notes, the
rep's ticket page its time, and the store owner nothing of it."""

import re

from sqlalchemy import select

from webapp.models import Store, Ticket, User


def _owner1_store(db) -> Store:
    owner = db.session.scalar(select(User).where(User.username == "owner1"))
    return db.session.scalar(select(Store).where(Store.owner_id == owner.id).order_by(Store.id))


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert match, f"no {name} on the page"
    return match.group(1)


def _take_ticket_during_a_visit(db, web, store: Store) -> Ticket:
    """rep1 without JavaScript: check in, the ticket form, check out."""
    web.login("rep1")
    visit_page = f"/rep/stores/{store.id}/visit"
    web.post_form(visit_page, {"checkin": "1"})
    html = web.client.get(visit_page).get_data(as_text=True)
    visit_id = _hidden(html, "r0.id")
    ticket_page = f"/rep/stores/{store.id}/ticket"
    form = web.client.get(ticket_page).get_data(as_text=True)
    assert _hidden(form, "r0.data.visit_id") == visit_id  # the check-in under way
    assert "data-visit-note hidden" not in form
    ticket_id = _hidden(form, "r0.id")
    response = web.post_form(ticket_page, {
        "r0.id": ticket_id, "r0.type": "ticket", "r0.data.store_id:int": str(store.id),
        "r0.data.visit_id": visit_id, "r0.data.kind": "complaint",
        "r0.data.category": "expired", "r0.data.description": "货架上有过期牛奶"})
    assert response.status_code in (200, 303), response.get_data(as_text=True)
    ticket = db.session.get(Ticket, ticket_id)
    assert ticket is not None and ticket.visit_id is None  # the visit is not stored yet
    response = web.post_form(visit_page, {
        "r0.id": visit_id, "r0.type": "visit", "r0.data.store_id:int": str(store.id),
        "r0.data.purposes[]": "complaint_followup", "r0.data.notes": "顾客投诉过期牛奶，已下架",
        "checkout": "1"})
    assert response.status_code in (200, 303), response.get_data(as_text=True)
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket_id)
    assert ticket.visit_id == visit_id  # linked once the visit arrived
    return ticket


def test_hq_rep_and_owner_pages_after_a_ticket_taken_during_a_visit(
        seeded, db, client, password, web, make_web):
    store = _owner1_store(db)
    ticket = _take_ticket_during_a_visit(db, web, store)
    rep_view = web.client.get(f"/rep/tickets/{ticket.id}").get_data(as_text=True)
    assert f'data-ticket-visit="{ticket.visit_id}"' in rep_view and "拜访时受理" in rep_view

    hq = make_web()
    hq.login("manager1")
    page = hq.client.get(f"/hq/tickets/{ticket.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    section = html[html.index('id="ticket-visit"'):]
    section = section[:section.index("</section>")]
    rep_name = db.session.scalar(select(User.display_name).where(User.username == "rep1"))
    assert f'data-visit="{ticket.visit_id}"' in html and rep_name in section
    assert "顾客投诉过期牛奶，已下架" in section  # the visit's notes
    assert "拜访时受理" in section and "投诉" in section  # its purpose, in words

    owner = make_web()
    owner.login("owner1")
    owner_page = owner.client.get(f"/store/tickets/{ticket.id}")
    assert owner_page.status_code == 200
    owner_html = owner_page.get_data(as_text=True)
    assert ticket.visit_id not in owner_html and "顾客投诉过期牛奶" not in owner_html


def test_no_visit_under_way_no_visit_on_the_form(seeded, db, client, password, web):
    store = _owner1_store(db)
    web.login("rep1")
    form = web.client.get(f"/rep/stores/{store.id}/ticket").get_data(as_text=True)
    assert _hidden(form, "r0.data.visit_id") == "" and "data-visit-note hidden" in form


def test_hq_page_of_a_ticket_without_a_visit_has_no_visit_section(seeded, db, client,
                                                                   password, web):
    from ticket_desk_helpers import take_ticket

    ticket = take_ticket(db, client, password)
    web.login("manager1")
    html = web.client.get(f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    assert 'id="ticket-visit"' not in html
