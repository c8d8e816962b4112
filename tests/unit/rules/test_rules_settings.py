"""Service settings: the manuals' numbers as defaults, validated overrides."""

from dataclasses import fields
from datetime import time

import pytest

from webapp.rules.settings import ServiceSettings

DEFAULTS = ServiceSettings()


@pytest.mark.parametrize(("name", "value"), [
    ("ticket_register_hours", 1),  # [003 1小时内发出]
    ("ticket_first_answer_hours", 24),  # [000 不能解答的在24小时内答复]
    ("ticket_forwarded_answer_working_days", 1),  # [000 在一个工作日内给客户明确答复]
    ("ticket_general_resolve_working_days", 3),  # [003 3个工作日内回复]
    ("ticket_major_temp_measure_working_hours", 8),  # [003 8个工作小时内]
    ("ticket_major_resolve_working_days", 2),  # [003 2个工作日内回复永久对策]
    ("ticket_repeat_window_days", 30),  # issue: same matter within 30 days
    ("tier_market_manager_from_fen", 50_000),  # [003 500—2000元内(包括500元)]
    ("tier_head_of_unit_from_fen", 200_000),  # [003 超过2000元(包括2000元)]
    ("cadence_days_a", 1),  # [003 客户追踪日志]
    ("cadence_days_b", 7),  # [003 客户追踪周志]
    ("cadence_days_c", 15),  # [003 每15天]
    ("cadence_days_d", 30),  # [003 每30天]
    ("cadence_days_e", 365),  # [003 客户追踪年志]
    ("price_check_deadline_weekday", 4),  # [000 每周四前完成]
    ("store_change_apply_working_days", 1),  # [000 要求在一个工作日内完成]
    ("classification_accuracy_target_pct", 98.0),  # [000 分类准确率达到98%以上]
    ("forecast_accuracy_target_pct", 95.0),  # [000 预测准确率不低于95%]
    ("visit_gps_flag_m", 200),  # issue: GPS distance flag 200 m
    ("timezone", "Asia/Shanghai"),
    ("workdays", (0, 1, 2, 3, 4)),  # Monday to Friday
    ("day_start", time(9)),
    ("day_end", time(18)),
])
def test_defaults_match_the_manuals(name, value):
    assert getattr(DEFAULTS, name) == value


def test_every_setting_cites_its_source():
    sources = ServiceSettings.sources()
    assert set(sources) == {f.name for f in fields(ServiceSettings)}
    for name, source in sources.items():
        assert source.startswith("[00") or source.startswith("Rounds default"), name


def test_overrides_from_json_values():
    s = ServiceSettings.from_mapping({
        "ticket_general_resolve_working_days": 5, "workdays": [0, 1, 2, 3, 4, 5],
        "day_start": "08:30", "price_above_tolerance_pct": 3,
        "ticket_callback_kinds": ["complaint"],
    })
    assert s.ticket_general_resolve_working_days == 5
    assert s.workdays == (0, 1, 2, 3, 4, 5)
    assert s.day_start == time(8, 30)
    assert s.price_above_tolerance_pct == 3.0
    assert s.ticket_callback_kinds == ("complaint",)
    assert s.cadence_days_a == 1  # untouched defaults stay


def test_round_trip_through_json_values():
    assert ServiceSettings.from_mapping(DEFAULTS.to_mapping()) == DEFAULTS
    assert ServiceSettings.defaults()["day_end"] == "18:00"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"ticket_resolve_days": 3}, "unknown setting"),
    ({"cadence_days_a": "1"}, "whole number"),
    ({"cadence_days_a": True}, "whole number"),
    ({"cadence_days_a": 1.5}, "whole number"),
    ({"satisfaction_target": "high"}, "must be a number"),
    ({"timezone": 8}, "must be text"),
    ({"day_start": "9am"}, "time like"),
    ({"workdays": "0,1,2"}, "must be a list"),
    ({"workdays": [0, 7]}, "weekdays 0"),
    ({"workdays": []}, "at least one"),
    ({"workdays": [1, 1]}, "listed twice"),
    ({"day_start": "18:00", "day_end": "09:00"}, "later than day_start"),
    ({"timezone": "Asia/Atlantis"}, "unknown time zone"),
    ({"cadence_days_b": 0}, "greater than zero"),
    ({"restock_max_requests_per_store": -1}, "not be negative"),
    ({"price_check_deadline_weekday": 8}, "1 \\(Monday\\) to 7"),
    ({"tier_market_manager_from_fen": 300_000}, "must be below"),
    ({"tier_major_b": "ceo"}, "must be one of"),
    ({"tier_head_of_unit_categories": ["fire"]}, "unknown category"),
    ({"ticket_callback_kinds": ["complaint", "gossip"]}, "kinds are"),
    ({"forecast_accuracy_target_pct": 120}, "at most 100"),
    ({"satisfaction_target": 6}, "1–5 scale"),
    ({"store_change_direct_fields": ["phone", "address"]}, "both direct and HQ"),
    ({"store_change_direct_fields": ["phone"]}, "exactly the editable fields"),
])
def test_bad_overrides_are_refused_with_a_clear_message(overrides, message):
    with pytest.raises(ValueError, match=message):
        ServiceSettings.from_mapping(overrides)


def test_settings_are_immutable():
    with pytest.raises(AttributeError):
        DEFAULTS.cadence_days_a = 2  # type: ignore[misc]
