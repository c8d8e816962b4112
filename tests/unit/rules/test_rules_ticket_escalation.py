"""Missed deadlines escalate one tier each; same store, same matter within 30 days repeats."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from webapp.rules.codes import Tier
from webapp.rules.settings import ServiceSettings
from webapp.rules.ticket_deadlines import DeadlineName, TicketDeadlines
from webapp.rules.ticket_escalation import (
    PriorTicket,
    TicketMilestones,
    escalated_mask,
    is_repeated,
    missed_deadlines,
    missed_names,
    not_yet_escalated,
    overdue_escalations,
    repeated_of,
)

SH = ZoneInfo("Asia/Shanghai")


def sh(d, h, mi=0):
    return datetime(2026, 1, d, h, mi, tzinfo=SH)


# A major complaint received Monday 5 January 10:00.
DUE = TicketDeadlines(
    register_by=sh(5, 11), first_answer_by=sh(6, 10), temp_measure_by=sh(5, 18),
    resolve_by=sh(7, 10),
)
ON_TIME = TicketMilestones(sh(5, 10, 30), sh(5, 12), sh(5, 17), sh(7, 9))


def test_nothing_missed_means_no_escalation():
    outcome = overdue_escalations(DUE, ON_TIME, sh(9, 10), Tier.FIRST_RESPONDER)
    assert outcome.missed == () and outcome.level == 0
    assert outcome.tier is Tier.FIRST_RESPONDER


def test_done_exactly_at_the_deadline_is_on_time():
    exact = TicketMilestones(sh(5, 11), sh(6, 10), sh(5, 18), sh(7, 10))
    assert missed_deadlines(DUE, exact, sh(9, 10)) == ()


def test_an_open_step_past_its_deadline_escalates_one_tier():
    # [003 处理期限、核决权限及处理逾期反应]: registered at 11:30, half an hour late.
    ms = TicketMilestones(registered_at=sh(5, 11, 30))
    outcome = overdue_escalations(DUE, ms, sh(5, 12), Tier.FIRST_RESPONDER)
    assert [m.name for m in outcome.missed] == [DeadlineName.REGISTER]
    assert outcome.missed[0].done_at == sh(5, 11, 30)
    assert outcome.tier is Tier.MARKET_MANAGER and outcome.level == 1


def test_each_missed_deadline_escalates_once_more_up_to_the_head():
    ms = TicketMilestones(registered_at=sh(5, 10, 30))
    outcome = overdue_escalations(DUE, ms, sh(6, 12), Tier.FIRST_RESPONDER)
    # The temporary measure (Mon 18:00) and the first answer (Tue 10:00) are both missed.
    assert [m.name for m in outcome.missed] == [DeadlineName.TEMP_MEASURE,
                                                DeadlineName.FIRST_ANSWER]
    assert all(m.done_at is None for m in outcome.missed)
    assert outcome.tier is Tier.HEAD_OF_UNIT
    later = overdue_escalations(DUE, ms, sh(8, 12), Tier.FIRST_RESPONDER)
    assert later.level == 3 and later.tier is Tier.HEAD_OF_UNIT  # capped


def test_new_escalations_are_those_not_yet_recorded():
    ms = TicketMilestones(registered_at=sh(5, 10, 30))
    first = overdue_escalations(DUE, ms, sh(5, 19), Tier.FIRST_RESPONDER)
    later = overdue_escalations(DUE, ms, sh(6, 12), Tier.FIRST_RESPONDER)
    assert first.new_since(0) == first.missed
    assert [m.name for m in later.new_since(first.level)] == [DeadlineName.FIRST_ANSWER]
    assert later.new_since(later.level) == ()


def test_escalation_starts_from_the_tickets_own_tier():
    ms = TicketMilestones(registered_at=sh(5, 12))
    outcome = overdue_escalations(DUE, ms, sh(5, 12), Tier.MARKET_MANAGER)
    assert outcome.tier is Tier.HEAD_OF_UNIT


def prior(days_before, store_id=1, category="expired", kind="complaint", tid="t1"):
    return PriorTicket(tid, store_id, category, sh(31, 10) - timedelta(days=days_before), kind)


@pytest.mark.parametrize(("earlier", "repeated"), [
    (prior(10), True),
    (prior(30), True),  # the 30-day window includes its first moment
    (prior(30.01), False),
    (prior(10, store_id=2), False),  # another store
    (prior(10, category="price"), False),  # another matter
    (prior(10, kind="inquiry", category="inquiry"), False),  # not a complaint
    (prior(-1), False),  # a later ticket is not an earlier one
])
def test_repeated_complaints(earlier, repeated):
    assert is_repeated(1, "expired", sh(31, 10), [earlier]) is repeated


def test_repeated_of_names_the_latest_earlier_complaint():
    found = repeated_of(1, "expired", sh(31, 10), [prior(20, tid="old"), prior(3, tid="new")])
    assert found is not None and found.id == "new"


def test_the_repeat_window_is_a_setting():
    s = ServiceSettings.from_mapping({"ticket_repeat_window_days": 7})
    assert not is_repeated(1, "expired", sh(31, 10), [prior(10)], s)


def _as_stored(moment):
    """A moment as SQLite holds a UTCDateTime: UTC text of one width."""
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@pytest.mark.parametrize("milestones", [
    ON_TIME, TicketMilestones(), TicketMilestones(registered_at=sh(5, 11, 30)),
    TicketMilestones(sh(5, 10, 30), sh(6, 10, 1), None, sh(7, 10)),
    TicketMilestones(sh(5, 11), None, sh(5, 18, 0), None)])
@pytest.mark.parametrize("now", [sh(5, 10, 59), sh(5, 18, 1), sh(6, 12), sh(9, 10)])
def test_the_sweeps_plain_values_give_the_same_names_as_datetimes_or_stored_text(
        milestones, now):
    """missed_names (the sweep's form) agrees with missed_deadlines whether it is given
    aware datetimes in any zone or the stored UTC text a sweep reads from SQLite."""
    dues = (DUE.register_by, DUE.first_answer_by, DUE.temp_measure_by, DUE.resolve_by)
    dones = (milestones.registered_at, milestones.first_answered_at,
             milestones.temp_measure_at, milestones.resolved_at)
    expected = tuple(m.name for m in missed_deadlines(DUE, milestones, now))
    assert missed_names(dues, dones, now.astimezone(UTC)) == expected
    assert missed_names(tuple(map(_as_stored, dues)), tuple(map(_as_stored, dones)),
                        _as_stored(now)) == expected


def test_a_deadline_added_before_those_escalated_for_is_the_new_one():
    """A severity raised later adds a temporary measure due before the first answer
    already escalated for: by the bits, the temporary measure is new, the first answer
    is not (a position, missed[1:], would name the first answer twice)."""
    done = escalated_mask([DeadlineName.FIRST_ANSWER])
    missed = (DeadlineName.TEMP_MEASURE, DeadlineName.FIRST_ANSWER)
    assert not_yet_escalated(missed, done) == (DeadlineName.TEMP_MEASURE,)
    assert not_yet_escalated(missed, escalated_mask(missed)) == ()
    assert not_yet_escalated(missed, 0) == missed
    assert escalated_mask(DeadlineName) == 15 and escalated_mask([]) == 0
