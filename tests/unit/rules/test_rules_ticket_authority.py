"""Authority tiers by goods value, severity and type, mapped onto our roles."""

import pytest

from webapp.rules.codes import Tier
from webapp.rules.settings import ServiceSettings
from webapp.rules.ticket_authority import (
    authority_tier,
    escalate,
    higher_tier,
    may_decide,
    role_for_tier,
    tier_rank,
)

FR, MM, HEAD = Tier.FIRST_RESPONDER, Tier.MARKET_MANAGER, Tier.HEAD_OF_UNIT


@pytest.mark.parametrize(("goods_fen", "severity", "category", "against", "expected"), [
    (None, "general", "price", False, FR),  # no goods involved
    (49_999, "general", "price", False, FR),  # below 500 yuan: not stated (OPEN) → rep
    (50_000, "general", "price", False, MM),  # [003 500—2000元内(包括500元)]
    (199_999, "general", "quality", False, MM),
    (200_000, "general", "quality", False, HEAD),  # [003 超过2000元(包括2000元)]
    (0, "general", "accident", False, HEAD),  # [003 对安全方面投诉]
    (0, "general", "environment", False, HEAD),
    (0, "general", "staff_attitude", True, HEAD),  # [003 对主管级以上人员投诉处理]
    (0, "major_a", "defect", False, HEAD),  # [003 重大客户投诉需报营销副总审批]
    (0, "major_b", "billing", False, HEAD),
    (0, "general", "inquiry", False, FR),
])
def test_authority_tier_follows_the_manual(goods_fen, severity, category, against, expected):
    assert authority_tier(goods_fen, severity, category, against) is expected


def test_a_customer_who_insists_reaches_the_head():  # [003 对顾客坚持须由店长处理]
    assert authority_tier(0, "general", "price", customer_insists=True) is HEAD


def test_thresholds_and_major_floors_are_settings():
    s = ServiceSettings.from_mapping({
        "tier_market_manager_from_fen": 30_000, "tier_head_of_unit_from_fen": 100_000,
        "tier_major_b": "market_manager", "tier_head_of_unit_categories": [],
    })
    assert authority_tier(30_000, "general", "price", False, s) is MM
    assert authority_tier(100_000, "general", "price", False, s) is HEAD
    assert authority_tier(0, "major_b", "price", False, s) is MM
    assert authority_tier(0, "general", "accident", False, s) is FR


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="negative"):
        authority_tier(-1, "general", "price")
    with pytest.raises(ValueError, match="unknown ticket category"):
        authority_tier(0, "general", "gossip")
    with pytest.raises(ValueError):
        authority_tier(0, "catastrophic", "price")


@pytest.mark.parametrize(("tier", "steps", "expected"), [
    (FR, 0, FR), (FR, 1, MM), (FR, 2, HEAD), (FR, 5, HEAD), (MM, 1, HEAD), (HEAD, 1, HEAD),
])
def test_escalation_goes_up_one_tier_per_step_and_stops_at_the_head(tier, steps, expected):
    assert escalate(tier, steps) is expected


def test_escalation_cannot_go_down():
    with pytest.raises(ValueError):
        escalate(MM, -1)


def test_tier_order_and_roles():
    assert [tier_rank(t) for t in (FR, MM, HEAD)] == [0, 1, 2]
    assert higher_tier(FR, HEAD, MM) is HEAD
    assert [role_for_tier(t) for t in Tier] == ["rep", "market_manager", "hq_staff"]


@pytest.mark.parametrize(("role", "tier", "allowed"), [
    ("rep", FR, True), ("rep", MM, False), ("rep", HEAD, False),
    ("market_manager", FR, True), ("market_manager", MM, True), ("market_manager", HEAD, False),
    ("hq_staff", HEAD, True), ("hq_staff", FR, True),
    ("store_owner", FR, False), ("admin", FR, False),
])
def test_who_may_decide(role, tier, allowed):
    assert may_decide(role, tier) is allowed
