"""Store info changes: applied within 1 working day, split by authority."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from webapp.rules.calendar import WorkCalendar
from webapp.rules.settings import ServiceSettings
from webapp.rules.store_changes import (
    ChangeTiming,
    change_due_by,
    needs_hq,
    on_time_rate_of_changes,
    split_change,
)

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def sh(d, h):
    return datetime(2026, 1, d, h, tzinfo=SH)


@pytest.mark.parametrize(("reported", "due"), [
    (sh(5, 10), sh(6, 10)),  # [000 要求在一个工作日内完成]
    (sh(9, 17), sh(12, 17)),  # Friday → Monday
    (sh(10, 12), sh(12, 18)),  # reported on Saturday: by the end of Monday
])
def test_a_change_is_due_within_one_working_day(reported, due):
    assert change_due_by(reported, CAL) == due


def test_the_rep_applies_contact_fields_and_hq_the_rest():
    now, later = split_change({"phone": "13812345678", "address": "文山市", "owner_name": "李"})
    assert now == {"phone": "13812345678", "owner_name": "李"}
    assert later == {"address": "文山市"}
    assert needs_hq({"delivery_method": "pickup_point"})
    assert not needs_hq({"opening_hours": "08:00-22:00"})


def test_the_split_is_a_setting():
    s = ServiceSettings.from_mapping({
        "store_change_direct_fields": ["phone", "opening_hours", "owner_name", "address"],
        "store_change_hq_fields": ["business_type", "delivery_method"],
    })
    assert not needs_hq({"address": "x"}, s)


def test_fields_outside_the_sync_contract_are_refused():
    with pytest.raises(ValueError, match="cannot be changed from the field: grade"):
        split_change({"grade": "A"})


def test_on_time_rate_of_changes():
    changes = [
        ChangeTiming(sh(5, 10), "applied", sh(5, 15)),  # on time
        ChangeTiming(sh(5, 10), "rejected", sh(6, 10)),  # refused exactly at the deadline
        ChangeTiming(sh(5, 10), "applied", sh(7, 9)),  # late
        ChangeTiming(sh(5, 10)),  # pending past its deadline: late
        ChangeTiming(sh(7, 10)),  # pending, not yet due: not counted
    ]
    result = on_time_rate_of_changes(changes, sh(7, 12), CAL)
    assert result.value == 0.5 and result.count == 4 and result.met is False


def test_pending_and_decided_need_consistent_times():
    with pytest.raises(ValueError):
        ChangeTiming(sh(5, 10), "applied")
    with pytest.raises(ValueError):
        ChangeTiming(sh(5, 10), "pending", sh(5, 11))
