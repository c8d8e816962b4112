"""Who may decide a ticket: the authority tier (处理投诉权限) and escalation by tiers.

The store regulation sets tiers by goods value and type [003 处理投诉权限]:
2000 yuan and over, safety, complaints about supervisors, and a customer who insists
go to the 店长; 500 to under 2000 yuan to the 客服经理. The tier below 500 yuan is not
stated; Rounds gives it to the first responder (spec §3.8A, OPEN). Mapped onto our
roles: first responder = rep, 客服经理 = market manager, 店长 = head of unit (HQ).
"""

from __future__ import annotations

from .codes import TIER_ORDER, TIER_ROLES, Severity, Tier
from .settings import DEFAULT_SETTINGS, ServiceSettings
from .ticket_taxonomy import category_group


def tier_rank(tier: str) -> int:
    """0 for the first responder, 1 for the market manager, 2 for the head of unit."""
    return TIER_ORDER.index(Tier(tier))


def higher_tier(*tiers: str) -> Tier:
    """The highest of the given tiers."""
    return TIER_ORDER[max(tier_rank(t) for t in tiers)]


def escalate(tier: str, steps: int = 1) -> Tier:
    """`tier` raised by `steps` tiers, capped at the head of unit."""
    if steps < 0:
        raise ValueError("cannot escalate by a negative number of tiers")
    return TIER_ORDER[min(tier_rank(tier) + steps, len(TIER_ORDER) - 1)]


def authority_tier(
    goods_value_fen: int | None,
    severity: str,
    category: str,
    against_manager: bool = False,
    settings: ServiceSettings = DEFAULT_SETTINGS,
    *,
    customer_insists: bool = False,
) -> Tier:
    """The lowest tier allowed to decide this ticket; the strictest rule wins.

    `goods_value_fen` None means no goods are involved (counts as zero).
    `against_manager`: the complaint is about a manager (supervisor level or above).
    `customer_insists`: the customer insists on the head of unit.
    """
    if goods_value_fen is not None and goods_value_fen < 0:
        raise ValueError("goods value cannot be negative")
    value = goods_value_fen or 0
    tiers = [Tier.FIRST_RESPONDER]  # below 500 yuan: not stated, OPEN → first responder
    if value >= settings.tier_head_of_unit_from_fen:
        tiers.append(Tier.HEAD_OF_UNIT)  # [003 超过2000元(包括2000元)]
    elif value >= settings.tier_market_manager_from_fen:
        tiers.append(Tier.MARKET_MANAGER)  # [003 500—2000元内(包括500元)]
    sev = Severity(severity)
    if sev is Severity.MAJOR_A:
        tiers.append(Tier(settings.tier_major_a))  # [003 重大客户投诉需报营销副总审批]
    elif sev is Severity.MAJOR_B:
        tiers.append(Tier(settings.tier_major_b))
    category_group(category)  # refuses an unknown code
    if str(category) in settings.tier_head_of_unit_categories:
        tiers.append(Tier.HEAD_OF_UNIT)  # [003 对安全方面投诉]
    if against_manager:
        tiers.append(Tier.HEAD_OF_UNIT)  # [003 对主管级以上人员投诉处理]
    if customer_insists:
        tiers.append(Tier.HEAD_OF_UNIT)  # [003 对顾客坚持须由店长处理]
    return higher_tier(*tiers)


def role_for_tier(tier: str) -> str:
    """The user role that holds `tier` (rep, market_manager or hq_staff)."""
    return TIER_ROLES[Tier(tier)]


def may_decide(role: str, tier: str) -> bool:
    """Whether a user with `role` may decide a ticket that needs `tier`.

    Higher tiers may decide lower tiers' tickets. Roles outside the tiers
    (store_owner, admin) never decide tickets.
    """
    for held, held_role in TIER_ROLES.items():
        if held_role == role:
            return tier_rank(held) >= tier_rank(tier)
    return False
