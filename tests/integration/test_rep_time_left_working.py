"""The rep's pages measure a ticket's time left as the HQ desk does (issue 12 items 1 and
5): in working time, by the one rule (rules.ticket_deadlines.time_left), so a rep and a
manager looking at the same ticket read the same figure. Over a weekend the rep's pages
counted the clock: Friday 17:00 to Monday 10:00 read "2 days left" on the phone while
the desk said 2 working hours."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from ticket_desk_helpers import take_ticket
from time_helpers import move_clock_to

SH = ZoneInfo("Asia/Shanghai")
TWO_HOURS = "剩余工作时间 2小时00分"


def _block(html: str, marker: str, end: str) -> str:
    start = html.index(marker)
    return html[start:html.index(end, start)]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def test_friday_evening_to_monday_morning_is_two_working_hours_on_both_desks(
        seeded, db, client, password, web):
    move_clock_to(datetime(2026, 11, 27, 9, 0, tzinfo=SH), tick=False)  # a Friday
    ticket = take_ticket(db, client, password)
    ticket.status = "acknowledged"
    ticket.first_answered_at = datetime(2026, 11, 27, 9, 30, tzinfo=SH)
    ticket.resolve_due_at = datetime(2026, 11, 30, 10, 0, tzinfo=SH)  # Monday 10:00
    db.session.commit()
    move_clock_to(datetime(2026, 11, 27, 17, 0, tzinfo=SH), tick=False)  # Friday 17:00

    web.login("rep1", password)  # Chinese, the default
    pages = {
        "my tickets": web.client.get("/rep/tickets").get_data(as_text=True),
        "today": web.client.get("/rep/today").get_data(as_text=True),
        "store": web.client.get(f"/rep/stores/{ticket.store_id}").get_data(as_text=True),
    }
    for name, html in pages.items():
        item = _flat(_block(html, f'data-ticket="{ticket.number}"', "</li>"))
        assert TWO_HOURS in item, (name, item)
        assert "天" not in item.split("·")[-1], (name, item)  # never "2 days"
    page = web.client.get(f"/rep/tickets/{ticket.id}").get_data(as_text=True)
    resolve = _flat(_block(page, 'data-deadline="resolve"', "</dd>"))
    assert TWO_HOURS in resolve, resolve

    web.login("manager1", password)
    queue = web.client.get("/hq/tickets").get_data(as_text=True)
    start = queue.index(ticket.number)
    row = _flat(queue[queue.rindex("<tr", 0, start):queue.index("</tr>", start)])
    assert TWO_HOURS in row, row
    desk = web.client.get(f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    assert TWO_HOURS in _flat(_block(desk, 'data-deadline="resolve"', "</tr>"))


def test_overdue_over_the_weekend_says_by_how_much_working_time(seeded, db, client,
                                                                password, web):
    """Past the deadline the rep reads the desk's words: overdue by the working time."""
    move_clock_to(datetime(2026, 11, 27, 9, 0, tzinfo=SH), tick=False)  # a Friday
    ticket = take_ticket(db, client, password)
    ticket.status = "acknowledged"
    ticket.first_answered_at = datetime(2026, 11, 27, 9, 30, tzinfo=SH)
    ticket.resolve_due_at = datetime(2026, 11, 27, 16, 0, tzinfo=SH)
    db.session.commit()
    move_clock_to(datetime(2026, 11, 30, 10, 30, tzinfo=SH), tick=False)  # Monday 10:30
    web.login("rep1", password)
    item = _flat(_block(web.client.get("/rep/tickets").get_data(as_text=True),
                        f'data-ticket="{ticket.number}"', "</li>"))
    # Friday 16:00–18:00 and Monday 09:00–10:30: 3 h 30 min of working time
    assert "已超时 3小时30分(工作时间)" in item, item


def test_a_major_complaints_temporary_measure_comes_first_on_both_desks(
        seeded, db, client, password, web):
    """The rep's next deadline is the queue's: the earliest step not yet done, a major
    complaint's temporary measure included (the rep's pages skipped it)."""
    move_clock_to(datetime(2026, 11, 27, 9, 0, tzinfo=SH), tick=False)  # a Friday
    general = take_ticket(db, client, password, seq=1)
    major = take_ticket(db, client, password, seq=2)
    for ticket in (general, major):
        ticket.status = "acknowledged"
        ticket.first_answered_at = datetime(2026, 11, 27, 9, 30, tzinfo=SH)
    general.resolve_due_at = datetime(2026, 11, 30, 12, 0, tzinfo=SH)  # Monday 12:00
    major.severity = "major_b"
    major.temp_measure_due_at = datetime(2026, 11, 30, 10, 0, tzinfo=SH)  # Monday 10:00
    major.resolve_due_at = datetime(2026, 12, 1, 17, 0, tzinfo=SH)
    db.session.commit()
    move_clock_to(datetime(2026, 11, 27, 17, 0, tzinfo=SH), tick=False)
    web.login("rep1", password)
    html = web.client.get("/rep/tickets").get_data(as_text=True)
    assert html.index(f'data-ticket="{major.number}"') < html.index(
        f'data-ticket="{general.number}"')
    item = _flat(_block(html, f'data-ticket="{major.number}"', "</li>"))
    assert TWO_HOURS in item, item
    store = web.client.get(f"/rep/stores/{major.store_id}").get_data(as_text=True)
    item = _flat(_block(store, f'data-ticket="{major.number}"', "</li>"))
    assert "临时对策" in item and TWO_HOURS in item, item
    web.login("manager1", password)
    queue = web.client.get("/hq/tickets").get_data(as_text=True)
    assert queue.index(major.number) < queue.index(general.number)
