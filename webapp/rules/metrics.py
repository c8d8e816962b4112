"""Service metrics for the HQ dashboards, each with its target and whether it is met.

Ratios are returned as fractions (0.98), targets too; satisfaction is on the 1–5
scale. A metric with nothing to measure has value None and met None, so a dashboard
shows "no data" instead of a misleading 0 % or 100 %. Targets are met at or above
the target, compared exactly (49 of 50 is 98 %, which meets 98 %).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from .cadence import StoreVisitStatus, VisitState
from .calendar import to_utc
from .settings import DEFAULT_SETTINGS, ServiceSettings
from .ticket_deadlines import DeadlineName, TicketDeadlines
from .ticket_escalation import TicketMilestones
from .ticket_status import record_callback


@dataclass(frozen=True)
class MetricResult:
    """A measured value against its target. `count` is how many items were measured."""

    value: float | None
    target: float
    met: bool | None
    count: int


def _ratio(numerator: Fraction | int, denominator: Fraction | int, target_pct: float,
           count: int) -> MetricResult:
    target = Fraction(str(target_pct)) / 100
    if denominator == 0:
        return MetricResult(None, float(target), None, count)
    value = Fraction(numerator) / Fraction(denominator)
    return MetricResult(float(value), float(target), value >= target, count)


def on_time_rate(
    items: Iterable[tuple[datetime, datetime | None]],
    now: datetime,
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> MetricResult:
    """The share of (due, done) pairs done on time.

    Done at or before the due moment is on time; done later, or not done with the due
    moment past, is late; not done and not yet due is not counted.
    """
    at = to_utc(now)
    on_time = counted = 0
    for due, done in items:
        due = to_utc(due)
        if done is None and at <= due:
            continue
        counted += 1
        if done is not None and to_utc(done) <= due:
            on_time += 1
    return _ratio(on_time, counted, settings.on_time_target_pct, counted)


def ticket_on_time_rates(
    tickets: Iterable[tuple[TicketDeadlines, TicketMilestones]],
    now: datetime,
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> dict[DeadlineName, MetricResult]:
    """The on-time rate of each ticket deadline (register, first answer, temporary
    measure, resolve) over the given tickets."""
    pairs: dict[DeadlineName, list[tuple[datetime, datetime | None]]] = {
        name: [] for name in DeadlineName
    }
    for deadlines, milestones in tickets:
        for name, due in deadlines.items():
            pairs[name].append((due, milestones.done_at(name)))
    return {name: on_time_rate(items, now, settings) for name, items in pairs.items()}


def visit_coverage(
    statuses: Iterable[StoreVisitStatus], settings: ServiceSettings = DEFAULT_SETTINGS
) -> MetricResult:
    """The share of stores visited within their grade's cadence (not overdue)."""
    items = list(statuses)
    covered = sum(1 for s in items if s.state is not VisitState.OVERDUE)
    return _ratio(covered, len(items), settings.visit_coverage_target_pct, len(items))


def classification_accuracy(
    correct: int, checked: int, settings: ServiceSettings = DEFAULT_SETTINGS
) -> MetricResult:
    """The share of audited store classifications found correct; target ≥ 98 %
    [000 分类准确率达到98%以上]."""
    if correct < 0 or checked < 0 or correct > checked:
        raise ValueError("correct must be between 0 and the number checked")
    return _ratio(correct, checked, settings.classification_accuracy_target_pct, checked)


def _forecast_parts(predicted: int, actual: int) -> tuple[int, int]:
    """(credited units, actual units) so that accuracy = credited / actual."""
    if predicted < 0 or actual < 0:
        raise ValueError("forecast and actual quantities cannot be negative")
    return max(0, actual - abs(predicted - actual)), actual


def forecast_accuracy(
    predicted: int, actual: int, settings: ServiceSettings = DEFAULT_SETTINGS
) -> MetricResult:
    """1 − |predicted − actual| / actual, floored at 0; target ≥ 95 % [000 预测准确率不低于95%].

    When the actual is 0, a forecast of 0 is fully accurate and any other is 0 %.
    """
    credited, base = _forecast_parts(predicted, actual)
    if base == 0:
        credited, base = (1, 1) if predicted == 0 else (0, 1)
    return _ratio(credited, base, settings.forecast_accuracy_target_pct, 1)


def forecast_accuracy_overall(
    pairs: Iterable[tuple[int, int]], settings: ServiceSettings = DEFAULT_SETTINGS
) -> MetricResult:
    """Accuracy of many (predicted, actual) forecasts, weighted by actual volume:
    1 − Σ|p − a| / Σa, floored at 0 (same zero rule as `forecast_accuracy`)."""
    items = list(pairs)
    if not items:
        return _ratio(0, 0, settings.forecast_accuracy_target_pct, 0)
    for p, a in items:
        _forecast_parts(p, a)
    error = sum(abs(p - a) for p, a in items)
    actual = sum(a for _, a in items)
    if actual == 0:
        credited, base = (1, 1) if error == 0 else (0, 1)
    else:
        credited, base = max(0, actual - error), actual
    return _ratio(credited, base, settings.forecast_accuracy_target_pct, len(items))


def satisfaction_average(
    scores: Iterable[int], settings: ServiceSettings = DEFAULT_SETTINGS
) -> MetricResult:
    """The mean of callback or survey scores (each 1–5) against the satisfaction target."""
    values = [record_callback(s) for s in scores]
    target = settings.satisfaction_target
    if not values:
        return MetricResult(None, target, None, 0)
    mean = Fraction(sum(values), len(values))
    return MetricResult(float(mean), target, mean >= Fraction(str(target)), len(values))
