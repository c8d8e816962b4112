"""Store info changes: who may apply which field, the 1-working-day rule, phone numbers.

A change of a store's basic information must be in the system within one working
day [000 要求在一个工作日内完成]. A rep applies simple contact fields at once; fields
that drive classification and delivery wait for HQ, which maintains the retailer
categories [000 对零售客户的类别进行准确维护]. Which is which is a setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import roles
from .calendar import DEFAULT_CALENDAR, WorkCalendar, to_utc
from .codes import STORE_EDITABLE_FIELDS, StoreChangeStatus
from .metrics import MetricResult, on_time_rate
from .settings import DEFAULT_SETTINGS, ServiceSettings


def change_due_by(
    reported_at: datetime,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> datetime:
    """When a reported change must be applied (or refused), in UTC."""
    return calendar.add_working_days(reported_at, settings.store_change_apply_working_days)


def split_change(
    changes: Mapping[str, Any],
    settings: ServiceSettings = DEFAULT_SETTINGS,
    role: str = roles.REP,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fields applied at once, fields waiting for HQ) of a change made by `role`.

    HQ and market managers (`roles.STORE_FIELD_DECIDERS`) apply every field at once;
    anyone else applies `settings.store_change_direct_fields` at once. ValueError for
    fields that are not editable store fields.
    """
    unknown = sorted(set(changes) - set(STORE_EDITABLE_FIELDS))
    if unknown:
        raise ValueError(
            f"these store fields cannot be changed from the field: {', '.join(unknown)}"
        )
    if role in roles.STORE_FIELD_DECIDERS:
        return dict(changes), {}
    direct = set(settings.store_change_direct_fields)
    now = {k: v for k, v in changes.items() if k in direct}
    later = {k: v for k, v in changes.items() if k not in direct}
    return now, later


def needs_hq(changes: Mapping[str, Any], settings: ServiceSettings = DEFAULT_SETTINGS) -> bool:
    """Whether any of the changed fields waits for HQ."""
    return bool(split_change(changes, settings)[1])


@dataclass(frozen=True)
class ChangeTiming:
    """When a change was reported and when it was decided (applied or rejected)."""

    reported_at: datetime
    status: str = StoreChangeStatus.PENDING
    decided_at: datetime | None = None

    def __post_init__(self) -> None:
        status = StoreChangeStatus(self.status)
        if (status is StoreChangeStatus.PENDING) != (self.decided_at is None):
            raise ValueError("a pending change has no decision time; a decided one needs one")


def on_time_rate_of_changes(
    changes: Iterable[ChangeTiming],
    now: datetime,
    calendar: WorkCalendar = DEFAULT_CALENDAR,
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> MetricResult:
    """The share of changes decided within the deadline.

    A refusal in time counts as on time (the store's record was dealt with); a change
    still pending past its deadline counts as late; one pending within it is not counted.
    """
    pairs = [(change_due_by(c.reported_at, calendar, settings), c.decided_at) for c in changes]
    return on_time_rate(pairs, to_utc(now), settings)


_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}")
_ALLOWED = re.compile(r"[0-9 \-]+")


def validate_phone(value: str) -> str:
    """A Chinese mobile (1[3-9] + 9 digits) or landline (0 + area code, 7–8 digits) number.

    Spaces are dropped; the area-code hyphen is kept as typed. Returns the cleaned
    number or raises ValueError with a message fit for the form.
    """
    text = (value or "").strip()
    if not text:
        raise ValueError("enter a phone number")
    if not _ALLOWED.fullmatch(text):
        raise ValueError("a phone number may contain only digits, spaces and one hyphen")
    number = text.replace(" ", "")
    if number.startswith("1"):
        if _MOBILE.fullmatch(number):
            return number
        raise ValueError("a mobile number has 11 digits and starts with 13–19, e.g. 13812345678")
    if number.startswith("0"):
        if _LANDLINE.fullmatch(number):
            return number
        raise ValueError(
            "a landline number is an area code (0 and 2–3 digits) and a 7–8 digit number, "
            "e.g. 0876-1234567"
        )
    raise ValueError("a phone number starts with 1 (mobile) or 0 (landline with area code)")
