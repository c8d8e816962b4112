"""A long word in a ticket (a pasted link, a serial or batch number) wraps instead of
widening the page. Found by QA (qaloop): a 3,000-character answer without spaces made
the HQ ticket page 18,000 px wide at 1366 px and the rep's ticket page 20,000 px wide
at 360 px, with the history and the action forms off screen."""

import uuid
from datetime import timedelta

import pytest
from browser_helpers import login
from sqlalchemy import select

from webapp.models import Store, Ticket, TicketEvent, User, utcnow

pytestmark = pytest.mark.browser

LINK = "https://example.com/track?batch=" + "A1B2C3D4E5" * 40


def _ticket(db):
    rep = db.session.scalar(select(User).where(User.username == "rep1"))
    store = db.session.scalar(select(Store).where(Store.territory_id == rep.territory_id)
                              .order_by(Store.id))
    ticket = Ticket(id=str(uuid.uuid4()), number="TK-LONG-1", store_id=store.id,
                    category="quality", description="批次号 " + LINK, status="in_progress",
                    created_by_id=rep.id, first_responder_id=rep.id,
                    received_at=utcnow() - timedelta(hours=1))
    db.session.add(ticket)
    db.session.flush()
    db.session.add(TicketEvent(ticket_id=ticket.id, kind="answer", at=utcnow(), by_id=rep.id,
                               note="请看 " + LINK, public=True))
    db.session.commit()
    return ticket


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_long_word_wraps_on_the_reps_phone_and_the_desk(seeded, password, db,
                                                           phone_context, desktop_context,
                                                           screenshot):
    ticket = _ticket(db)
    phone = phone_context.new_page()
    login(phone, "rep1", password)
    phone.goto(f"/rep/tickets/{ticket.id}")
    phone.wait_for_selector("[data-ticket-history] .answer")
    screenshot(phone, "rep-ticket-long-word-zh")
    assert _page_width(phone) <= 360

    desk = desktop_context.new_page()
    login(desk, "manager1", password)
    desk.goto(f"/hq/tickets/{ticket.id}")
    desk.wait_for_selector("#history")
    screenshot(desk, "hq-ticket-long-word-zh")
    assert _page_width(desk) <= 1366
    # and the other columns keep their words on a line or two, not one character a line
    what = desk.locator("#history tbody tr td").nth(3).bounding_box()
    assert what["width"] >= 80


def test_met_deadlines_fit_the_reps_phone_in_english(seeded, password, db, phone_context,
                                                      screenshot):
    """Found by QA (qaloop): in English, "Temporary measure" beside "done 28 Nov 2026,
    13:50" (a badge kept on one line) made the rep's ticket page 377 px wide at 360."""
    ticket = _ticket(db)
    now = utcnow()
    ticket.severity = "major_b"
    ticket.first_answer_due_at, ticket.first_answered_at = now + timedelta(days=1), now
    ticket.temp_measure_due_at, ticket.temp_measure_at = now + timedelta(days=2), now
    ticket.resolve_due_at = now + timedelta(days=3)
    db.session.scalar(select(User).where(User.username == "rep1")).locale = "en"
    db.session.commit()
    phone = phone_context.new_page()
    login(phone, "rep1", password)
    phone.goto(f"/rep/tickets/{ticket.id}")
    phone.wait_for_selector("[data-deadline='temp_measure'] .badge")
    screenshot(phone, "rep-ticket-deadlines-en")
    assert _page_width(phone) <= 360
