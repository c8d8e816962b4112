"""A ticket's deadlines, and checking a promised reply time against them (首问负责).

All deadlines count from the moment the ticket was received:
- register (issue the ticket) within 1 clock hour [003 1小时内发出];
- first answer within 24 clock hours [000 不能解答的在24小时内答复]; when the first
  person asked passes it on, the customer still gets a definite answer within 1 working
  day [000 在一个工作日内给客户明确答复]. The manuals write 小时 here, not 工作小时, so
  these two count clock time; everything else counts working time;
- major complaints: a temporary measure within 8 working hours and the permanent answer
  within 2 working days [003 8个工作小时内] [003 2个工作日内回复永久对策];
- general complaints: resolved within 3 working days [003 3个工作日内回复];
- requests, inquiries, suggestions and praise: answered (praise: thanked and passed on)
  within 1 working day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .calendar import DEFAULT_CALENDAR, WorkCalendar, to_utc
from .codes import Severity, TicketKind
from .settings import DEFAULT_SETTINGS, ServiceSettings


class DeadlineName(StrEnum):
    """The deadlines a ticket can have, in the order they usually fall."""

    REGISTER = "register"
    FIRST_ANSWER = "first_answer"
    TEMP_MEASURE = "temp_measure"
    RESOLVE = "resolve"


@dataclass(frozen=True)
class TicketDeadlines:
    """When each step is due (UTC); only major complaints have a temporary-measure one."""

    register_by: datetime
    first_answer_by: datetime
    temp_measure_by: datetime | None
    resolve_by: datetime

    def items(self) -> tuple[tuple[DeadlineName, datetime], ...]:
        """(name, due) for each deadline the ticket has."""
        pairs = (
            (DeadlineName.REGISTER, self.register_by),
            (DeadlineName.FIRST_ANSWER, self.first_answer_by),
            (DeadlineName.TEMP_MEASURE, self.temp_measure_by),
            (DeadlineName.RESOLVE, self.resolve_by),
        )
        return tuple((name, due) for name, due in pairs if due is not None)


@dataclass(frozen=True)
class TimeLeft:
    """The time to a deadline still open, as every desk shows it: `working` is the working
    time left (negative: overdue by that much working time), `clock` the plain time to
    it. A deadline counted in clock hours (the first answer) can pass, or come near, over
    a night or a weekend with no working time in between: it is overdue by the clock, as
    escalation decides."""

    working: timedelta
    clock: timedelta

    @property
    def overdue(self) -> bool:
        """Whether the deadline has passed (by the clock)."""
        return self.clock < timedelta(0)


def time_left(now: datetime, due: datetime, calendar: WorkCalendar = DEFAULT_CALENDAR
              ) -> TimeLeft:
    """The time from `now` to the deadline `due`, in working time and by the clock (the
    one rule of the HQ queue, the HQ ticket page and the rep's pages)."""
    return TimeLeft(calendar.working_time_between(now, due), to_utc(due) - to_utc(now))


def is_major(severity: str) -> bool:
    """Whether a severity uses the major-complaint deadlines (A and B alike, spec §5.5)."""
    return Severity(severity) is not Severity.GENERAL


def ticket_deadlines(
    received_at: datetime,
    severity: str,
    kind: str = TicketKind.COMPLAINT,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    settings: ServiceSettings = DEFAULT_SETTINGS,
    *,
    forwarded: bool = False,
) -> TicketDeadlines:
    """The deadlines of a ticket received at `received_at`.

    `forwarded` is true when the first person asked passed the ticket on because it
    was outside their remit; the first answer is then due within working days.
    """
    received = to_utc(received_at)
    kind = TicketKind(kind)
    s = settings
    register_by = received + timedelta(hours=s.ticket_register_hours)
    if forwarded:
        first = calendar.add_working_days(received, s.ticket_forwarded_answer_working_days)
    else:
        first = received + timedelta(hours=s.ticket_first_answer_hours)
    if kind is not TicketKind.COMPLAINT:
        resolve = calendar.add_working_days(received, s.ticket_request_answer_working_days)
        return TicketDeadlines(register_by, first, None, resolve)
    if is_major(severity):
        temp = calendar.add_working_hours(received, s.ticket_major_temp_measure_working_hours)
        resolve = calendar.add_working_days(received, s.ticket_major_resolve_working_days)
        return TicketDeadlines(register_by, first, temp, resolve)
    resolve = calendar.add_working_days(received, s.ticket_general_resolve_working_days)
    return TicketDeadlines(register_by, first, None, resolve)


def check_promised_reply(
    received_at: datetime, promised_at: datetime, deadlines: TicketDeadlines
) -> datetime:
    """Validate the reply time promised to the customer (首问负责); returns it in UTC.

    Whoever cannot answer on the spot must promise a definite time
    [000 不能当场解答的须明确答复时间]; it may not be before the ticket was received nor
    after the first-answer deadline.
    """
    promised = to_utc(promised_at)
    if promised < to_utc(received_at):
        raise ValueError("the promised reply time is before the ticket was received")
    if promised > deadlines.first_answer_by:
        raise ValueError(
            "the promised reply time is after the first-answer deadline "
            f"({deadlines.first_answer_by.isoformat()})"
        )
    return promised
