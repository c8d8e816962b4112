"""The ticket page's history speaks the reader's language (issue 12 item 2; the raw-code
rule of tests/integration/test_no_raw_codes.py): an escalation by the deadline clock
names the missed deadline and the new tier, a severity override both severities, in
words, not as stored codes ("resolve → market_manager", "general → major_b")."""

from datetime import datetime
from zoneinfo import ZoneInfo

from ticket_desk_helpers import take_ticket
from time_helpers import move_clock_to

from webapp import clock
from webapp.services.ticket_escalation import escalate_overdue

SH = ZoneInfo("Asia/Shanghai")


def test_an_escalation_names_the_deadline_and_the_tier_in_words(seeded, db, client, password,
                                                                 web):
    """A ticket left new past its first-answer deadline goes up one tier [003 处理逾期]."""
    move_clock_to(datetime(2026, 11, 23, 10, 0, tzinfo=SH), tick=False)
    ticket = take_ticket(db, client, password)
    move_clock_to(datetime(2026, 11, 25, 10, 0, tzinfo=SH), tick=False)
    assert escalate_overdue(db.session, clock.now(), ticket_ids=[ticket.id]) >= 1
    db.session.commit()
    web.login("manager1")
    html = web.client.get(f"/hq/tickets/{ticket.id}").get_data(as_text=True)
    assert "→ market_manager" not in html
    assert "首次答复 → 市场经理" in html or "登记 → 市场经理" in html
    row = html[html.index('<tr data-event="escalation">'):]
    row = row[:row.index("</tr>")]
    assert "网页" not in row  # the deadline clock, on no device: not "Web page"


def test_a_severity_override_shows_both_severities_in_words(seeded, db, client, password,
                                                            web):
    ticket = take_ticket(db, client, password)
    web.login("hq")
    page = f"/hq/tickets/{ticket.id}"
    response = web.post_form(page + "/severity", {"severity": "major_b", "text": "店主受伤"},
                             page=page)
    assert response.status_code == 303
    html = web.client.get(page).get_data(as_text=True)
    assert "一般投诉 → 重大投诉(B级): 店主受伤" in html
    assert "general → major_b" not in html
