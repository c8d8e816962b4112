"""The owner's inbox tells each status a ticket reached once (issue 12 item 8).

Found by QA: a rep resolving the owner's ticket on the spot put "Ticket … is now:
Resolved" in the owner's inbox twice (the pass through "in progress" on the way said
"Resolved" too, as it named the ticket's status after the whole action, not the step's):
two unread messages for one answer, the badge one too high.
"""

from sqlalchemy import select
from ticket_desk_helpers import take_ticket, user

from webapp.models import Notification


def _status_messages(db, owner_id: int, ticket_id: str) -> list[str]:
    db.session.expire_all()
    notes = db.session.scalars(select(Notification).where(
        Notification.user_id == owner_id, Notification.subject_id == str(ticket_id),
        Notification.kind == "ticket_status").order_by(Notification.id))
    return [n.params["status"] for n in notes]


def test_a_resolved_ticket_tells_the_owner_each_status_once(seeded, db, client, password,
                                                            make_web):
    ticket = take_ticket(db, client, password)
    owner_id = user(db, "owner1").id
    manager = make_web()
    manager.login("manager1")
    page = f"/hq/tickets/{ticket.id}"
    manager.post_form(page + "/acknowledge", {}, page=page)
    manager.post_form(page + "/resolve", {"text": "已更换价签"}, page=page)
    assert _status_messages(db, owner_id, ticket.id) == ["acknowledged", "resolved"]
    owner = make_web()
    owner.login("owner1")
    html = owner.client.get("/store/inbox").get_data(as_text=True)
    assert html.count(f"工单 {ticket.number} 当前状态:已解决") == 1
