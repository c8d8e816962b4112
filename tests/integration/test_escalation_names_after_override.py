"""The ticket page's escalation history after a severity override (issue 12 item 2).

Each escalation by the deadline clock is written with the deadline it was for
("first_answer → market_manager", services.ticket_escalation `_notes`), and the page
names it from that note (templates/_macros/tickets.html `event_note`), never by
position among the ticket's deadlines: raising the severity (general → major adds a
temporary-measure deadline and moves the resolution) changes nothing already written.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from ticket_desk_helpers import take_ticket
from time_helpers import move_clock_to

from webapp import clock
from webapp.services.ticket_escalation import escalate_overdue

SH = ZoneInfo("Asia/Shanghai")


def _rows(html: str, table: str) -> list[str]:
    body = html[html.index(f'id="{table}"'):]
    body = body[:body.index("</table>")]
    return body.split("<tr ")[1:]


def _escalated_then_raised(db, client, password, web):
    """A general complaint received Monday 10:00, left unanswered past its first answer
    (Tuesday 10:00, 24 clock hours) and escalated at 11:00; at 11:30 HQ raises it to
    major B: a temporary measure due Monday 18:00 (8 working hours), already past."""
    move_clock_to(datetime(2026, 11, 23, 10, 0, tzinfo=SH), tick=False)  # a Monday
    ticket = take_ticket(db, client, password)
    move_clock_to(datetime(2026, 11, 24, 11, 0, tzinfo=SH), tick=False)
    assert escalate_overdue(db.session, clock.now(), ticket_ids=[ticket.id]) == 1
    db.session.commit()
    web.login("hq")
    page = f"/hq/tickets/{ticket.id}"
    move_clock_to(datetime(2026, 11, 24, 11, 30, tzinfo=SH), tick=False)
    answer = web.post_form(page + "/severity", {"severity": "major_b", "text": "店主受伤"},
                           page=page)
    assert answer.status_code == 303
    return web.client.get(page).get_data(as_text=True)


def test_an_escalation_keeps_its_deadline_after_the_severity_is_raised(
        seeded, db, client, password, web):
    html = _escalated_then_raised(db, client, password, web)
    escalations = [r for r in _rows(html, "history") if r.startswith('data-event="escalation"')]
    assert "2026/11/24 11:00" in escalations[0] and "首次答复 → 市场经理" in escalations[0]
    deadlines = {r.split('"')[1]: r for r in _rows(html, "deadlines")}
    assert 'data-met="yes"' in deadlines["register"]
    assert 'data-met="no"' in deadlines["first_answer"]  # never answered
    assert 'data-met="no"' in deadlines["temp_measure"]  # Monday 18:00, long past
    assert 'data-met="running"' in deadlines["resolve"]  # Wednesday 10:00


def test_the_escalation_after_the_override_names_the_temporary_measure(
        seeded, db, client, password, web):
    """The override adds a temporary measure (Monday 18:00) before the first answer
    already escalated for: the next run names it, and the first answer is not named
    twice (services.ticket_escalation picks by the deadlines' bits, not by position)."""
    html = _escalated_then_raised(db, client, password, web)  # the page escalates on read
    escalations = [r for r in _rows(html, "history") if r.startswith('data-event="escalation"')]
    assert len(escalations) == 2
    assert "首次答复 →" in escalations[0] and "临时对策 →" in escalations[1]
    assert "首次答复 →" not in escalations[1]
