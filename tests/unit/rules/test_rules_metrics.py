"""Dashboard metrics: on-time rates, coverage, accuracies and satisfaction vs targets."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.rules.cadence import StoreVisitStatus, VisitState
from webapp.rules.codes import StoreGrade
from webapp.rules.metrics import (
    classification_accuracy,
    forecast_accuracy,
    forecast_accuracy_overall,
    on_time_rate,
    satisfaction_average,
    ticket_on_time_rates,
    visit_coverage,
)
from webapp.rules.settings import ServiceSettings
from webapp.rules.ticket_deadlines import DeadlineName, TicketDeadlines
from webapp.rules.ticket_escalation import TicketMilestones

T0 = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def at(hours):
    return T0 + timedelta(hours=hours)


def test_on_time_rate_counts_done_and_overdue_but_not_pending():
    items = [(at(1), at(1)), (at(1), at(0.5)), (at(1), at(2)), (at(1), None), (at(9), None)]
    result = on_time_rate(items, now=at(3))
    assert result.count == 4 and result.value == 0.5
    assert result.target == 0.95 and result.met is False


def test_a_metric_with_nothing_to_measure_has_no_value():
    result = on_time_rate([(at(9), None)], now=at(3))
    assert result.value is None and result.met is None and result.count == 0


def test_on_time_rates_per_ticket_deadline():
    due = TicketDeadlines(at(1), at(24), None, at(72))
    tickets = [
        (due, TicketMilestones(at(0.5), at(30), None, at(70))),
        (due, TicketMilestones(at(2), at(10), None, None)),
    ]
    rates = ticket_on_time_rates(tickets, now=at(100))
    assert rates[DeadlineName.REGISTER].value == 0.5
    assert rates[DeadlineName.FIRST_ANSWER].value == 0.5
    assert rates[DeadlineName.TEMP_MEASURE].value is None
    assert rates[DeadlineName.RESOLVE].value == 0.5


def status(state):
    return StoreVisitStatus(1, StoreGrade.A, state, None, 0, False)


def test_visit_coverage_is_the_share_not_overdue():
    states = [VisitState.DUE, VisitState.NOT_DUE, VisitState.OVERDUE, VisitState.NOT_DUE]
    result = visit_coverage([status(s) for s in states])
    assert result.value == 0.75 and result.met is False


@pytest.mark.parametrize(("correct", "checked", "met"), [
    (49, 50, True),  # exactly 98 % meets [000 分类准确率达到98%以上]
    (97, 99, False),  # 97.98 %
    (50, 50, True),
])
def test_classification_accuracy_target_98(correct, checked, met):
    result = classification_accuracy(correct, checked)
    assert result.target == 0.98 and result.met is met


def test_classification_accuracy_refuses_impossible_counts():
    with pytest.raises(ValueError):
        classification_accuracy(51, 50)
    assert classification_accuracy(0, 0).value is None


@pytest.mark.parametrize(("predicted", "actual", "value", "met"), [
    (100, 100, 1.0, True),
    (95, 100, 0.95, True),  # exactly 95 % meets [000 预测准确率不低于95%]
    (106, 100, 0.94, False),
    (300, 100, 0.0, False),  # floored at zero
    (0, 0, 1.0, True),  # nothing forecast, nothing sold: exact
    (5, 0, 0.0, False),  # anything forecast for a zero month: 0 %
])
def test_forecast_accuracy_target_95(predicted, actual, value, met):
    result = forecast_accuracy(predicted, actual)
    assert result.value == pytest.approx(value) and result.met is met


def test_overall_forecast_accuracy_weights_by_volume():
    result = forecast_accuracy_overall([(90, 100), (1010, 1000)])
    assert result.value == pytest.approx(1 - 20 / 1100) and result.count == 2
    assert forecast_accuracy_overall([]).value is None
    assert forecast_accuracy_overall([(0, 0), (0, 0)]).value == 1.0
    with pytest.raises(ValueError):
        forecast_accuracy(-1, 10)


def test_satisfaction_average():
    result = satisfaction_average([5, 4, 3, 4])
    assert result.value == 4.0 and result.target == 4.0 and result.met is True
    assert satisfaction_average([]).value is None
    with pytest.raises(ValueError):
        satisfaction_average([5, 6])


def test_targets_are_settings():
    s = ServiceSettings.from_mapping({"on_time_target_pct": 50, "satisfaction_target": 4.5})
    assert on_time_rate([(at(1), at(1)), (at(1), None)], at(3), s).met is True
    assert satisfaction_average([4, 5], s).met is True
    assert satisfaction_average([4, 4], s).met is False
