"""Every number of the service rules, as one validated settings object.

The defaults are the manuals' numbers (each field cites its source in `metadata`);
where the manuals give none, the default is Rounds' own and says so. A distributor
overrides any of them: its stored `Setting` rows go through `ServiceSettings.from_mapping`.
Percentages are plain numbers (98.0 means 98 %) so they survive JSON unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import time
from typing import Any, get_type_hints

from .settings_checks import check_values, coerce

ROUNDS = "Rounds default (the manuals give no number)"
ISSUE = "Rounds default (product decision)"


def _s(default: Any, source: str) -> Any:
    """A settings field with its default and the rule it comes from."""
    return field(default=default, metadata={"source": source})


@dataclass(frozen=True)
class ServiceSettings:
    """The distributor's service-rule settings. Immutable; build a new one to change."""

    # Working calendar (weekdays: Monday = 0 … Sunday = 6).
    timezone: str = _s("Asia/Shanghai", ISSUE)
    workdays: tuple[int, ...] = _s((0, 1, 2, 3, 4), ISSUE)
    day_start: time = _s(time(9, 0), ISSUE)
    day_end: time = _s(time(18, 0), ISSUE)

    # Ticket deadlines.
    ticket_register_hours: int = _s(1, "[003 1小时内发出]")
    ticket_first_answer_hours: int = _s(24, "[000 不能解答的在24小时内答复]")
    ticket_forwarded_answer_working_days: int = _s(1, "[000 在一个工作日内给客户明确答复]")
    ticket_request_answer_working_days: int = _s(1, "[000 在一个工作日内给客户明确答复]")
    ticket_general_resolve_working_days: int = _s(3, "[003 3个工作日内回复]")
    ticket_major_temp_measure_working_hours: int = _s(8, "[003 8个工作小时内]")
    ticket_major_resolve_working_days: int = _s(2, "[003 2个工作日内回复永久对策]")
    ticket_repeat_window_days: int = _s(30, ISSUE)
    ticket_callback_kinds: tuple[str, ...] = _s(("complaint", "request"), "[002 回訪]")
    # how long after it was resolved or closed the store may reopen its ticket
    ticket_reopen_days: int = _s(7, ROUNDS)

    # Authority tiers: goods value thresholds in fen, and the floor for major tickets.
    tier_market_manager_from_fen: int = _s(50_000, "[003 500—2000元内(包括500元)]")
    tier_head_of_unit_from_fen: int = _s(200_000, "[003 超过2000元(包括2000元)]")
    tier_major_a: str = _s("head_of_unit", "[003 重大客户投诉需报营销副总审批]")
    tier_major_b: str = _s("head_of_unit", "[003 重大客户投诉需报营销副总审批]")
    tier_head_of_unit_categories: tuple[str, ...] = _s(
        ("accident", "environment"), "[003 对安全方面投诉]"
    )

    # Visit cadence per store grade, in days.
    cadence_days_a: int = _s(1, "[003 客户追踪日志]")
    cadence_days_b: int = _s(7, "[003 客户追踪周志]")
    cadence_days_c: int = _s(15, "[003 每15天]")
    cadence_days_d: int = _s(30, "[003 每30天]")
    cadence_days_e: int = _s(365, "[003 客户追踪年志]")
    # ISO weekday (Monday = 1) by whose end a sample store's weekly price check is due.
    price_check_deadline_weekday: int = _s(4, "[000 每周四前完成]")

    # Visit trust signals (flag, never block).
    visit_min_minutes: int = _s(5, ROUNDS)
    visit_gps_flag_m: int = _s(200, ISSUE)
    visit_poor_accuracy_m: int = _s(100, ROUNDS)

    # Emergency restock limits (cartons) and the sales follow-up.
    restock_max_units_per_product: int = _s(50, ROUNDS + "; [000 认真核实、审批]")
    restock_max_units_per_request: int = _s(200, ROUNDS + "; [000 认真核实、审批]")
    restock_max_requests_per_store: int = _s(2, ROUNDS + "; [000 认真核实、审批]")
    restock_limit_window_days: int = _s(30, ROUNDS)
    restock_followup_days: int = _s(7, ROUNDS + "; [000 防范不规范经营行为的发生]")
    restock_followup_min_sold_pct: float = _s(80.0, ROUNDS)

    # Store info changes.
    store_change_apply_working_days: int = _s(1, "[000 要求在一个工作日内完成]")
    store_change_direct_fields: tuple[str, ...] = _s(
        ("phone", "opening_hours", "owner_name"), ISSUE
    )
    store_change_hq_fields: tuple[str, ...] = _s(
        ("address", "business_type", "delivery_method"), "[000 对零售客户的类别进行准确维护]"
    )

    # Price compliance: tolerated deviation from the guide price, in percent.
    price_above_tolerance_pct: float = _s(5.0, ROUNDS + "; [000 明码标价]")
    price_below_tolerance_pct: float = _s(5.0, ROUNDS + "; [000 明码标价]")

    # Dashboard targets (percent, or points on the 1–5 satisfaction scale).
    classification_accuracy_target_pct: float = _s(98.0, "[000 分类准确率达到98%以上]")
    forecast_accuracy_target_pct: float = _s(95.0, "[000 预测准确率不低于95%]")
    on_time_target_pct: float = _s(95.0, ROUNDS)
    visit_coverage_target_pct: float = _s(95.0, ROUNDS)
    satisfaction_target: float = _s(4.0, ROUNDS)

    def __post_init__(self) -> None:
        check_values(self)

    @classmethod
    def from_mapping(cls, overrides: Mapping[str, Any]) -> ServiceSettings:
        """Defaults with `overrides` applied (e.g. the distributor's stored settings).

        Values may come from JSON: lists become tuples and "HH:MM" strings times.
        An unknown key, a wrong type or an out-of-range value raises ValueError.
        """
        hints = get_type_hints(cls)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
        values = {k: coerce(k, hints[k], v) for k, v in overrides.items()}
        return replace(cls(), **values)

    def to_mapping(self) -> dict[str, Any]:
        """The settings as JSON-ready values (the inverse of `from_mapping`)."""
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, time):
                out[key] = value.strftime("%H:%M")
            elif isinstance(value, tuple):
                out[key] = list(value)
        return out

    @classmethod
    def sources(cls) -> dict[str, str]:
        """Where each default comes from, by setting name (for the HQ settings page)."""
        return {f.name: f.metadata["source"] for f in fields(cls)}

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """The default of every setting, as JSON-ready values."""
        return cls().to_mapping()


DEFAULT_SETTINGS = ServiceSettings()
