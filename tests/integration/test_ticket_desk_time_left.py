"""The queue and the ticket page say a passed deadline is overdue even when no working
time lies between it and now (issue 12 item 1: "each row shows the time left in working
time (or overdue by how much)"). The first answer is due 24 clock hours after the ticket
[003 受理 1 小时/答复], so over a weekend it passes while the working-time count stays
at zero: the desk said "0 h 00 min working time left" for a ticket the clock had
already escalated."""

from datetime import datetime
from zoneinfo import ZoneInfo

from ticket_desk_helpers import take_ticket
from time_helpers import move_clock_to

SH = ZoneInfo("Asia/Shanghai")


def _row(html: str, number: str) -> str:
    start = html.index(number)
    return html[html.rindex("<tr", 0, start):html.index("</tr>", start)]


def test_a_first_answer_passed_over_the_weekend_is_overdue(seeded, db, client, password, web):
    move_clock_to(datetime(2026, 11, 28, 8, 0, tzinfo=SH), tick=False)  # a Saturday
    ticket = take_ticket(db, client, password)
    move_clock_to(datetime(2026, 11, 29, 9, 0, tzinfo=SH), tick=False)  # Sunday, 1 h after
    web.login("manager1")
    row = _row(web.client.get("/hq/tickets").get_data(as_text=True), ticket.number)
    assert 'class="overdue"' in row
    assert "剩余工作时间" not in row and "0小时00分" not in row
    page = web.client.get(f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    first = page[page.index('data-deadline="first_answer"'):]
    first = first[:first.index("</tr>")]
    assert 'data-met="no"' in first and "已超时" in first and "0小时00分" not in first


def test_a_clock_deadline_still_running_over_the_weekend_shows_the_hours_left(
        seeded, db, client, password, web):
    move_clock_to(datetime(2026, 11, 28, 8, 0, tzinfo=SH), tick=False)  # a Saturday
    ticket = take_ticket(db, client, password)
    move_clock_to(datetime(2026, 11, 29, 5, 0, tzinfo=SH), tick=False)  # 3 h before it
    web.login("manager1")
    row = _row(web.client.get("/hq/tickets").get_data(as_text=True), ticket.number)
    assert 'class="overdue"' not in row
    assert "0小时00分" not in row and "3小时00分" in row
