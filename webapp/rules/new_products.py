"""New products (新品) in the owner's catalogue (issue 11, point 2): HQ marks a product
new through a day (`product.new_until`), and the catalogue shows it as new up to and
including that day in the configured zone. The day HQ enters is checked here: a real
calendar day, not already past, and not implausibly far ahead.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from enum import StrEnum

NEW_UNTIL_MAX_DAYS = 366  # a launch is "new" for weeks or months; a year ahead is a typo
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class NewUntilProblem(StrEnum):
    """Why HQ's "new until" day cannot be stored."""

    BAD_DATE = "bad_date"  # not a calendar day written YYYY-MM-DD (e.g. 2026-02-30)
    PAST = "past"  # before today: it would mark nothing
    TOO_FAR = "too_far"  # more than NEW_UNTIL_MAX_DAYS after today


def is_new(new_until: date | None, today: date) -> bool:
    """Whether a product marked new through `new_until` is new on `today` (the last day
    counts; None: never marked). The catalogue's filter asks the same in SQL
    (`new_until >= today`)."""
    return new_until is not None and today <= new_until


def latest_new_until(today: date) -> date:
    """The furthest day HQ may mark a product new through."""
    return today + timedelta(days=NEW_UNTIL_MAX_DAYS)


def read_new_until(text: str | None) -> date | None | NewUntilProblem:
    """The day typed in the form (`YYYY-MM-DD`, what a date input sends): None when
    empty (the mark is cleared), `BAD_DATE` when it is no calendar day."""
    text = (text or "").strip()
    if not text:
        return None
    if not _DAY.fullmatch(text):
        return NewUntilProblem.BAD_DATE
    try:
        return date.fromisoformat(text)
    except ValueError:
        return NewUntilProblem.BAD_DATE


def new_until_problem(new_until: date | None, today: date) -> NewUntilProblem | None:
    """What is wrong with marking a product new through `new_until` on `today` (None:
    fine; clearing the mark is always fine)."""
    if new_until is None:
        return None
    if not isinstance(new_until, date) or isinstance(new_until, datetime):
        return NewUntilProblem.BAD_DATE
    if new_until < today:
        return NewUntilProblem.PAST
    if new_until > latest_new_until(today):
        return NewUntilProblem.TOO_FAR
    return None
