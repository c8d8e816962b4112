"""Template filters of the HQ pages: clock values, ages, durations, a device's seq gaps."""

from datetime import UTC, datetime, timedelta

from flask_babel import format_timedelta
from flask_babel import gettext as _

from sync.devices import as_ranges, missing_count
from sync.hlc import HLC

from ...models import utcnow
from ..sync_queries import device_tag


def hlc_moment(text: str | None) -> datetime | None:
    """The wall-clock moment of a hybrid logical clock, for `localtime`."""
    try:
        return datetime.fromtimestamp(HLC.parse(text).wall_ms / 1000, UTC)
    except (TypeError, ValueError):
        return None


def ago(moment: datetime | None) -> str:
    """'3 hours ago' in the user's language."""
    return format_timedelta(moment - utcnow(), add_direction=True) if moment else ""


def duration_ms(ms: int | None) -> str:
    """A length of time given in milliseconds, in words ('10 minutes')."""
    return format_timedelta(timedelta(milliseconds=abs(ms))) if ms is not None else ""


def seq_range(pair: list[int], dash: str = "–") -> str:
    """'3–7' for a range of seqs, '9' for a single one."""
    first, last = pair
    return str(first) if first == last else f"{first}{dash}{last}"


def iso_moment(text: str | None) -> datetime | None:
    """A moment stored as ISO 8601 text in a JSON column, for `localtime`."""
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def work_hours(left: timedelta | None) -> str:
    """Working time as '12 h 05 min' (its sign dropped: the page says left or overdue)."""
    if left is None:
        return ""
    minutes = int(abs(left).total_seconds() // 60)
    return _("%(h)d h %(m)02d min", h=minutes // 60, m=minutes % 60)


# name in templates -> filter; every template may use them (registered on the app)
FILTERS = {
    "hlc_moment": hlc_moment,
    "device_tag": device_tag,
    "ago": ago,
    "duration_ms": duration_ms,
    "seq_gaps": as_ranges,  # a device's missing seqs as ascending [first, last] ranges
    "seq_gap_count": missing_count,  # how many records a device's gaps stand for
    "seq_range": seq_range,
    "iso_moment": iso_moment,
    "work_hours": work_hours,
}
