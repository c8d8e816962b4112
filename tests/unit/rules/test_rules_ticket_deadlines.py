"""Ticket deadlines in clock and working time (Mon–Fri 09:00–18:00 Asia/Shanghai)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from webapp.rules.calendar import WorkCalendar
from webapp.rules.settings import ServiceSettings
from webapp.rules.ticket_deadlines import (
    DeadlineName,
    TicketDeadlines,
    check_promised_reply,
    is_major,
    ticket_deadlines,
)

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def sh(d, h, mi=0):
    return datetime(2026, 1, d, h, mi, tzinfo=SH)  # 5 January 2026 is a Monday


@pytest.mark.parametrize(("received", "severity", "kind", "expected"), [
    # General complaint on Monday 10:00: registered by 11:00 [003 1小时内发出], first answer
    # within 24 h [000 不能解答的在24小时内答复], resolved in 3 working days [003 3个工作日内回复].
    (sh(5, 10), "general", "complaint", (sh(5, 11), sh(6, 10), None, sh(8, 10))),
    # Major: temporary measure in 8 working hours [003 8个工作小时内], permanent answer in
    # 2 working days [003 2个工作日内回复永久对策].
    (sh(5, 10), "major_a", "complaint", (sh(5, 11), sh(6, 10), sh(5, 18), sh(7, 10))),
    (sh(5, 10), "major_b", "complaint", (sh(5, 11), sh(6, 10), sh(5, 18), sh(7, 10))),
    # Friday 16:00: 2 h on Friday + 6 h on Monday; 2 working days end Tuesday 16:00.
    (sh(9, 16), "major_a", "complaint", (sh(9, 17), sh(10, 16), sh(12, 15), sh(13, 16))),
    # Friday 17:00 general: the 24-hour answer is clock time (Saturday), the rest is not.
    (sh(9, 17), "general", "complaint", (sh(9, 18), sh(10, 17), None, sh(14, 17))),
    # Received on Saturday: working time starts Monday 09:00 (Mon + Tue + Wed = 27 h).
    (sh(10, 10), "general", "complaint", (sh(10, 11), sh(11, 10), None, sh(14, 18))),
    # Other kinds: a definite answer within 1 working day [000 在一个工作日内给客户明确答复].
    (sh(5, 10), "general", "inquiry", (sh(5, 11), sh(6, 10), None, sh(6, 10))),
    (sh(5, 10), "general", "request", (sh(5, 11), sh(6, 10), None, sh(6, 10))),
    (sh(9, 17), "general", "suggestion", (sh(9, 18), sh(10, 17), None, sh(12, 17))),
    (sh(5, 10), "general", "praise", (sh(5, 11), sh(6, 10), None, sh(6, 10))),
])
def test_ticket_deadlines(received, severity, kind, expected):
    due = ticket_deadlines(received, severity, kind, CAL)
    assert (due.register_by, due.first_answer_by, due.temp_measure_by, due.resolve_by) == expected


def test_a_forwarded_ticket_is_answered_within_one_working_day():
    # 首问负责: passed on, the customer still gets an answer within 1 working day
    # [000 在一个工作日内给客户明确答复]; Friday 17:00 → Monday 17:00.
    due = ticket_deadlines(sh(9, 17), "general", "complaint", CAL, forwarded=True)
    assert due.first_answer_by == sh(12, 17)


def test_deadlines_follow_the_settings_and_calendar():
    s = ServiceSettings.from_mapping({
        "ticket_general_resolve_working_days": 5, "ticket_register_hours": 2,
    })
    cal = WorkCalendar(holidays=frozenset({datetime(2026, 1, 6).date()}))
    due = ticket_deadlines(sh(5, 10), "general", "complaint", cal, s)
    assert due.register_by == sh(5, 12)
    assert due.resolve_by == sh(13, 10)  # five working days, skipping Tuesday's holiday


def test_deadline_items_skip_the_missing_temporary_measure():
    due = ticket_deadlines(sh(5, 10), "general", "complaint", CAL)
    assert [name for name, _ in due.items()] == [
        DeadlineName.REGISTER, DeadlineName.FIRST_ANSWER, DeadlineName.RESOLVE]


def test_major_means_a_or_b():
    assert is_major("major_a") and is_major("major_b") and not is_major("general")


def test_unknown_kind_or_severity_is_refused():
    with pytest.raises(ValueError):
        ticket_deadlines(sh(5, 10), "general", "rant", CAL)
    with pytest.raises(ValueError):
        ticket_deadlines(sh(5, 10), "urgent", "complaint", CAL)


DUE = TicketDeadlines(sh(5, 11), sh(6, 10), None, sh(8, 10))


def test_a_promised_reply_time_within_the_first_answer_deadline_is_kept():
    # [000 不能当场解答的须明确答复时间]
    assert check_promised_reply(sh(5, 10), sh(6, 10), DUE) == sh(6, 10)


@pytest.mark.parametrize(("promised", "message"), [
    (sh(5, 9), "before the ticket was received"),
    (sh(6, 11), "after the first-answer deadline"),
])
def test_a_promised_reply_time_outside_the_limits_is_refused(promised, message):
    with pytest.raises(ValueError, match=message):
        check_promised_reply(sh(5, 10), promised, DUE)
