"""Emergency restock: limits, the market manager's decision, statuses, sales follow-up."""

import itertools
from dataclasses import dataclass
from datetime import date

import pytest

from webapp.rules.codes import RestockStatus
from webapp.rules.restock import (
    FollowupVerdict,
    decide,
    followup_due,
    restock_transition,
    sales_followup_check,
    validate_restock_request,
)
from webapp.rules.settings import ServiceSettings
from webapp.rules.transitions import IllegalTransition


def test_a_request_within_the_limits_has_no_problems():
    assert validate_restock_request([(1, 50), (2, 30)], 1) == []


@dataclass
class Line:
    product_id: int
    quantity: int


@pytest.mark.parametrize(("lines", "recent", "message"), [
    ([], 0, "at least one product line"),
    ([(1, 0)], 0, "product 1: quantity must be a whole number above zero"),
    ([(1, 2.5)], 0, "quantity must be a whole number"),
    ([(1, 5), (1, 5)], 0, "product 1 is listed twice"),
    ([(1, 51)], 0, "51 cartons is over the limit of 50 per product"),
    ([(1, 50), (2, 50), (3, 50), (4, 50), (5, 1)], 0, "201 cartons in all"),
    ([(1, 5)], 2, "already filed 2 restock request"),
])
def test_problems_are_reported_in_words(lines, recent, message):
    problems = validate_restock_request(lines, recent)
    assert any(message in p for p in problems), problems


def test_lines_may_be_objects_and_limits_are_settings():
    s = ServiceSettings.from_mapping({"restock_max_units_per_product": 10})
    assert validate_restock_request([Line(1, 10)], 0, s) == []
    assert len(validate_restock_request([Line(1, 11)], 0, s)) == 1


def test_the_market_manager_approves_with_an_optional_note():  # [000 认真核实、审批]
    decision = decide("submitted", True)
    assert decision.status is RestockStatus.APPROVED and decision.reason is None
    assert decide("submitted", True, " checked stock ").reason == "checked stock"


def test_a_refusal_needs_a_reason():
    assert decide("submitted", False, "stock is sufficient").status is RestockStatus.REJECTED
    for reason in (None, "", "  "):
        with pytest.raises(ValueError, match="needs a reason"):
            decide("submitted", False, reason)


def test_only_a_submitted_request_can_be_decided():
    with pytest.raises(IllegalTransition, match="restock request"):
        decide("approved", True)


ALLOWED = {("submitted", "approved"), ("submitted", "rejected"), ("approved", "fulfilled"),
           ("fulfilled", "followed_up")}
PAIRS = set(itertools.product([str(s) for s in RestockStatus], repeat=2))


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_restock_transitions(current, target):
    assert restock_transition(current, target) is RestockStatus(target)


@pytest.mark.parametrize(("current", "target"), sorted(PAIRS - ALLOWED))
def test_refused_restock_transitions(current, target):
    with pytest.raises(IllegalTransition) as caught:
        restock_transition(current, target)
    assert caught.value.reason


def test_specific_refusals_explain_the_order():
    with pytest.raises(IllegalTransition, match="approve the request before supply"):
        restock_transition("submitted", "fulfilled")
    with pytest.raises(IllegalTransition, match="it is final"):
        restock_transition("rejected", "approved")


def test_followup_is_due_a_week_after_supply():
    assert followup_due(date(2026, 1, 5)) == date(2026, 1, 12)


@pytest.mark.parametrize(("extra", "sold", "days", "verdict"), [
    (100, 80, 2, FollowupVerdict.NORMAL),  # 80 % sold: normal at any time
    (100, 120, 7, FollowupVerdict.NORMAL),
    (100, 30, 3, FollowupVerdict.TOO_EARLY),
    (100, 79, 7, FollowupVerdict.ABNORMAL),  # [000 防范不规范经营行为的发生]
    (3, 2, 10, FollowupVerdict.ABNORMAL),  # 66.7 %
])
def test_sales_followup(extra, sold, days, verdict):
    result = sales_followup_check(extra, sold, days)
    assert result.verdict is verdict and result.reason


def test_followup_reason_and_threshold_setting():
    result = sales_followup_check(200, 100, 8)
    assert result.sold_pct == 50.0 and "expected at least 80%" in result.reason
    s = ServiceSettings.from_mapping({"restock_followup_min_sold_pct": 50})
    assert sales_followup_check(200, 100, 8, s).verdict is FollowupVerdict.NORMAL


@pytest.mark.parametrize(("extra", "sold", "days"), [(0, 1, 1), (10, -1, 1), (10, 1, -1)])
def test_followup_refuses_impossible_numbers(extra, sold, days):
    with pytest.raises(ValueError):
        sales_followup_check(extra, sold, days)
