"""A resolved ticket can still be found on the desk for its callback and its closing
(issue 12 item 3: "resolve, callback with satisfaction 1–5 and a comment, close";
002 回访). The queue lists open tickets only and its status filter offered only open
statuses: once resolved, a ticket left the desk and its callback had no way in but
the URL."""

from ticket_desk_helpers import take_ticket


def test_resolved_and_called_back_tickets_are_found_by_the_status_filter(seeded, db, client,
                                                                         password, web):
    ticket = take_ticket(db, client, password)
    page = f"/hq/tickets/{ticket.id}"
    web.login("manager1")
    for action, data in (("acknowledge", {}), ("resolve", {"text": "已更换价签"})):
        assert web.post_form(f"{page}/{action}", data, page=page).status_code == 303
    desk = web.client.get("/hq/tickets").get_data(as_text=True)
    assert 'value="resolved"' in desk and 'value="callback_done"' in desk
    waiting = web.client.get("/hq/tickets?status=resolved").get_data(as_text=True)
    assert ticket.number in waiting
    assert web.post_form(f"{page}/callback", {"satisfaction": "4"}, page=page
                         ).status_code == 303
    assert ticket.number not in web.client.get("/hq/tickets?status=resolved").get_data(
        as_text=True)
    assert ticket.number in web.client.get("/hq/tickets?status=callback_done").get_data(
        as_text=True)
