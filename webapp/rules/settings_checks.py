"""Validation of `ServiceSettings`: JSON shapes to field types, ranges, consistency."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import time
from typing import TYPE_CHECKING, Any, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .codes import STORE_EDITABLE_FIELDS, TicketCategory, TicketKind, Tier

if TYPE_CHECKING:
    from .settings import ServiceSettings

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def coerce(key: str, hint: Any, value: Any) -> Any:
    """Check `value` against the field type, converting JSON shapes; ValueError if wrong."""
    if hint is bool or hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"setting {key} must be a whole number, not {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"setting {key} must be a number, not {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ValueError(f"setting {key} must be text, not {value!r}")
        return value
    if hint is time:
        if isinstance(value, time):
            return value
        if isinstance(value, str) and _HHMM.match(value):
            return time.fromisoformat(value)
        raise ValueError(f'setting {key} must be a time like "09:00", not {value!r}')
    if get_origin(hint) is tuple:
        if not isinstance(value, list | tuple):
            raise ValueError(f"setting {key} must be a list, not {value!r}")
        item = get_args(hint)[0]
        return tuple(coerce(f"{key}[{i}]", item, v) for i, v in enumerate(value))
    raise TypeError(f"no coercion for setting {key} of type {hint!r}")  # pragma: no cover


def check_values(s: ServiceSettings) -> None:
    """Range and consistency checks; ValueError names the offending setting."""
    try:
        ZoneInfo(s.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"setting timezone: unknown time zone {s.timezone!r}") from None
    if not s.workdays or any(not 0 <= d <= 6 for d in s.workdays):
        raise ValueError("setting workdays: give weekdays 0 (Monday) to 6 (Sunday), at least one")
    if len(set(s.workdays)) != len(s.workdays):
        raise ValueError("setting workdays: a weekday is listed twice")
    if s.day_start >= s.day_end:
        raise ValueError("setting day_end must be later than day_start")
    for f in fields(s):
        value = getattr(s, f.name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            raise ValueError(f"setting {f.name} must not be negative")
    positive = [
        "cadence_days_a", "cadence_days_b", "cadence_days_c", "cadence_days_d",
        "cadence_days_e", "ticket_register_hours", "ticket_first_answer_hours",
        "restock_max_units_per_product", "restock_max_units_per_request",
        "restock_limit_window_days", "restock_followup_days",
    ]
    for name in positive:
        if getattr(s, name) <= 0:
            raise ValueError(f"setting {name} must be greater than zero")
    if not 1 <= s.price_check_deadline_weekday <= 7:
        raise ValueError("setting price_check_deadline_weekday must be 1 (Monday) to 7 (Sunday)")
    if s.tier_market_manager_from_fen >= s.tier_head_of_unit_from_fen:
        raise ValueError(
            "setting tier_market_manager_from_fen must be below tier_head_of_unit_from_fen"
        )
    for name in ("tier_major_a", "tier_major_b"):
        if getattr(s, name) not in set(Tier):
            raise ValueError(f"setting {name} must be one of {', '.join(Tier)}")
    if not set(s.tier_head_of_unit_categories) <= set(TicketCategory):
        raise ValueError("setting tier_head_of_unit_categories: unknown category code")
    if not set(s.ticket_callback_kinds) <= set(TicketKind):
        raise ValueError(f"setting ticket_callback_kinds: kinds are {', '.join(TicketKind)}")
    for pct in (
        "restock_followup_min_sold_pct", "classification_accuracy_target_pct",
        "forecast_accuracy_target_pct", "on_time_target_pct", "visit_coverage_target_pct",
    ):
        if getattr(s, pct) > 100:
            raise ValueError(f"setting {pct} is a percentage: at most 100")
    if not 1 <= s.satisfaction_target <= 5:
        raise ValueError("setting satisfaction_target must be on the 1–5 scale")
    direct, hq = set(s.store_change_direct_fields), set(s.store_change_hq_fields)
    if direct & hq:
        raise ValueError(f"store fields both direct and HQ-approved: {sorted(direct & hq)}")
    if direct | hq != set(STORE_EDITABLE_FIELDS):
        raise ValueError(
            "store_change_direct_fields and store_change_hq_fields together must list "
            f"exactly the editable fields: {', '.join(STORE_EDITABLE_FIELDS)}"
        )
