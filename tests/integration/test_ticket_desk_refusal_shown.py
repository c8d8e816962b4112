"""A refused ticket action is shown in the browser (issue 12 item 3: "says plainly why
it is refused"; a decision above the tier "is refused and offered as an escalation").

Every page is boosted by htmx (base.html: hx-boost), and htmx swaps only 2xx answers:
the desk answered its refusals 422, so in a real browser the refusal and the
escalation offer never appeared; the click seemed to do nothing. As every other form
(htmx.invalid_form_status), htmx gets 200 and a plain POST 422, and the address stays
the ticket's page (the action's URL takes only POST)."""

from ticket_desk_helpers import take_ticket

BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}


def test_an_above_tier_refusal_reaches_a_boosted_page_with_its_offer(seeded, db, client,
                                                                     password, web):
    ticket = take_ticket(db, client, password, goods_value="2500")  # above 2000 yuan
    page = f"/hq/tickets/{ticket.id}"
    web.login("manager1")
    web.post_form(page + "/acknowledge", {}, page=page, headers=BOOSTED)
    response = web.post_form(page + "/resolve", {"text": "赔偿"}, page=page, headers=BOOSTED)
    html = response.get_data(as_text=True)
    assert response.status_code == 200  # htmx swaps it in
    assert 'data-refusal="above_tier"' in html and 'id="escalate-offer"' in html
    assert response.headers.get("HX-Push-Url") == page
    db.session.expire_all()
    assert ticket.status != "resolved"


def test_a_refused_severity_change_keeps_the_reason_typed(seeded, db, client, password, web):
    ticket = take_ticket(db, client, password)
    page = f"/hq/tickets/{ticket.id}"
    web.login("manager1")
    response = web.post_form(page + "/severity", {"severity": "major_a", "text": "店主称有人受伤"},
                             page=page, headers=BOOSTED)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="refusal"' in html
    assert "店主称有人受伤" in html  # nothing typed is lost
