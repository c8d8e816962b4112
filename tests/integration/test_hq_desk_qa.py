"""What an HQ desk user saw on a working day and tripped over (QA pass of the desktop
pages): each test pins one defect a real user met, fixed."""

from datetime import timedelta

import pytest
from order_desk_helpers import desk_world
from rep_page_helpers import add_ticket
from sqlalchemy import update

from webapp.models import Order, utcnow


@pytest.fixture
def exception_ticket(seeded, db):
    """A delivered order reported damaged, and the ticket opened for it."""
    world, placed, _foreign = desk_world(db)
    db.session.execute(update(Order).where(Order.id == placed.id).values(
        status="delivered", exception="damaged"))
    ticket = add_ticket(db, world.store, "TK-QA-1", order_id=placed.id,
                        first_answer_due_at=utcnow() + timedelta(hours=2),
                        resolve_due_at=utcnow() + timedelta(days=2))
    db.session.commit()
    return placed, ticket


def test_the_ticket_page_names_its_order_by_the_order_number(exception_ticket, web):
    """The ticket page said "Order #306" (the database id), a number that appears on no
    order, no receipt and no phone: staff could not tell the store which order it was."""
    placed, ticket = exception_ticket
    web.login("hq")
    html = web.client.get(f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    assert f'<a href="/hq/orders/{placed.id}">{placed.number}</a>' in html
    assert f"#{placed.id}<" not in html
