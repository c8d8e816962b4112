"""The order desk's vocabulary: which orders are late, and the queue's status filters.

An order is late when its promised delivery date (`delivery_date`, set on confirming)
has passed in the configured zone and it is not yet delivered, completed, rejected or
cancelled [002 定期向客戶反饋訂單進度] (spec §2.4: T+0 delivery is the target, so a
passed promise stands out). Plain values, no Flask, no database.
"""

from __future__ import annotations

from datetime import date

from .codes import OrderStatus

S = OrderStatus

# Orders the desk no longer has to deliver: a passed promise on them is not "late".
DELIVERY_DONE_STATUSES: tuple[str, ...] = (S.DELIVERED, S.COMPLETED, S.REJECTED, S.CANCELLED)

# The queue's status filter: one status, or these groups (the dashboard tile opens
# "undelivered"; "late" is the undelivered ones whose promise has passed).
STATUS_GROUPS: tuple[str, ...] = ("all", "undelivered", "late")
QUEUE_PAGE_SIZE = 50
# The queue counts at most this many orders ("more than 10,000"): a year of a large
# distributor's orders is counted in no time that way, and nobody pages further by hand.
COUNT_CAP = 10_000
EXCEPTION_FILTERS: tuple[str, ...] = ("any", "has", "none")


def awaiting_delivery() -> tuple[str, ...]:
    """The statuses of orders still to be delivered (an index can find them)."""
    return tuple(str(s) for s in OrderStatus if s not in DELIVERY_DONE_STATUSES)


def days_late(delivery_date: date | None, status: str, today: date) -> int:
    """Whole days an order is past its promised date (0: not late)."""
    if delivery_date is None or status in DELIVERY_DONE_STATUSES:
        return 0
    return max(0, (today - delivery_date).days)


def status_filter_values() -> tuple[str, ...]:
    """Every value the queue's status filter takes: the groups, then each status."""
    return STATUS_GROUPS + tuple(str(s) for s in OrderStatus)
