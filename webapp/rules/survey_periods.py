"""Which survey a store owes: the quarterly general survey (002 满意度调查, 如每季度或每年)
is named by its quarter, `YYYY-Qn`, and runs from the quarter's first local day to its
last; a ticket's callback survey is named `ticket:<id>`. Pure: no Flask, no database."""

from __future__ import annotations

from datetime import date

QUARTER_SCORES = ("attitude", "effect", "product", "overall")  # 服务态度, 服务效果, 产品, 总体
CALLBACK_SCORES = ("attitude", "effect", "overall")


def quarter_of(day: date) -> int:
    """1–4: the quarter `day` falls in."""
    return (day.month - 1) // 3 + 1


def quarter_period(day: date) -> str:
    """The quarterly survey's period for a local `day`: '2026-Q4'."""
    return f"{day.year}-Q{quarter_of(day)}"


def quarter_last_day(day: date) -> date:
    """The last local day the survey of `day`'s quarter is offered (31 Mar, 30 Jun, ...)."""
    quarter = quarter_of(day)
    if quarter == 4:
        return date(day.year, 12, 31)
    first_of_next = date(day.year, quarter * 3 + 1, 1)
    return date.fromordinal(first_of_next.toordinal() - 1)


def is_quarter_period(period: str) -> bool:
    """True for a quarterly period ('2026-Q4'), False for an order's or a ticket's."""
    year, _, quarter = period.partition("-Q")
    return year.isdigit() and len(year) == 4 and quarter in {"1", "2", "3", "4"}


def quarter_parts(period: str) -> tuple[int, int] | None:
    """(year, quarter) of a quarterly period ('2026-Q4' → (2026, 4)); None for another."""
    if not is_quarter_period(period):
        return None
    year, _, quarter = period.partition("-Q")
    return int(year), int(quarter)


def ticket_period(ticket_id: str) -> str:
    """The callback survey's period of one ticket."""
    return f"ticket:{ticket_id}"


def check_score(value: object) -> int:
    """A survey score: a whole number 1–5 (ValueError otherwise)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError(f"a score is a whole number 1–5, not {value!r}")
    return value
