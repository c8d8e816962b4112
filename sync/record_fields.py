"""Validators for single fields of untrusted JSON pushed by devices.

Each ``expect_*`` function takes ``(value, path)`` and returns the cleaned value or
raises :class:`FieldError` whose text is ``"<path>: <problem>"``, short and readable
for HQ staff. Booleans are never accepted as numbers, numbers never as text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")
INT32_MAX = 2**31 - 1  # every integer must fit a 32-bit database column
_MIN_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_MAX_TIME = datetime(2100, 1, 1, tzinfo=UTC)
_HEX = "[0-9a-fA-F]"
_UUID_RE = re.compile(f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}")
_TIME_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,9})?)?"
    r"(?P<tz>Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?"
)
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_EXAMPLE = '"2025-11-22T10:00:00+08:00"'


class FieldError(ValueError):
    """A field failed validation; ``str(err)`` is ``"<path>: <problem>"``."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def describe(value: object) -> str:
    """Render a JSON value briefly for an error message (strings quoted, cut at 40)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return repr(text) if isinstance(value, str) else text


def expect_int(value: object, path: str, *, lo: int = 0, hi: int = INT32_MAX) -> int:
    """An integer (not a bool, not a float) within ``lo..hi``."""
    if type(value) is not int:
        raise FieldError(path, f"expected a whole number, got {describe(value)}")
    if not lo <= value <= hi:
        raise FieldError(path, f"{describe(value)} is outside {lo}..{hi}")
    return value


def expect_id(value: object, path: str) -> int:
    """A positive database id."""
    return expect_int(value, path, lo=1)


def expect_number(value: object, path: str, *, lo: float, hi: float) -> float:
    """A finite JSON number (int or float, not a bool) within ``lo..hi``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(path, f"expected a number, got {describe(value)}")
    if not math.isfinite(value) or not lo <= value <= hi:
        raise FieldError(path, f"{describe(value)} is outside {lo:g}..{hi:g}")
    return float(value)


def expect_bool(value: object, path: str) -> bool:
    """``true`` or ``false`` (not 0/1, not strings)."""
    if not isinstance(value, bool):
        raise FieldError(path, f"expected true or false, got {describe(value)}")
    return value


def expect_str(value: object, path: str, *, max_len: int, min_len: int = 0) -> str:
    """Text, stripped of surrounding whitespace, ``min_len..max_len`` characters long."""
    if not isinstance(value, str):
        raise FieldError(path, f"expected text, got {describe(value)}")
    if "\x00" in value or not _encodable(value):
        raise FieldError(path, "contains invalid characters")
    value = value.strip()
    if len(value) < min_len:
        problem = "must not be empty" if min_len == 1 else f"needs {min_len}+ characters"
        raise FieldError(path, problem)
    if len(value) > max_len:
        raise FieldError(path, f"is {len(value)} characters long (max {max_len})")
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from "\ud800" escapes
        return False
    return True


def expect_code(value: object, path: str, *, codes: Collection[str], what: str) -> str:
    """One of a fixed set of codes; short sets are listed in the message."""
    if not isinstance(value, str) or value not in codes:
        hint = f" (one of: {', '.join(codes)})" if len(codes) <= 8 else ""
        raise FieldError(path, f"{describe(value)} is not a valid {what}{hint}")
    return value


def expect_uuid(value: object, path: str) -> str:
    """A canonical 8-4-4-4-12 hex UUID of any version, returned in lowercase."""
    if not isinstance(value, str) or not _UUID_RE.fullmatch(value):
        raise FieldError(path, f"{describe(value)} is not a UUID")
    return value.lower()


def expect_datetime(value: object, path: str) -> datetime:
    """An ISO 8601 date and time WITH a UTC offset, returned as an aware UTC datetime."""
    if not isinstance(value, str):
        raise FieldError(path, f"expected a time like {_TIME_EXAMPLE}, got {describe(value)}")
    match = _TIME_RE.fullmatch(value)
    if match is None:
        raise FieldError(path, f"{describe(value)} is not a time like {_TIME_EXAMPLE}")
    if match["tz"] is None:
        raise FieldError(path, f"{describe(value)} has no UTC offset (add e.g. +08:00 or Z)")
    try:
        moment = datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        raise FieldError(path, f"{describe(value)} is not a valid time") from None
    except OverflowError:  # e.g. year 1 shifted before datetime.min
        moment = _MIN_TIME.replace(year=1)
    if not _MIN_TIME <= moment < _MAX_TIME:
        raise FieldError(path, f"{describe(value)} is outside the years 2000-2099")
    return moment


def expect_date(value: object, path: str) -> date:
    """A calendar date ``"YYYY-MM-DD"`` in the years 2000-2099."""
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise FieldError(path, f'{describe(value)} is not a date like "2025-11-22"')
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise FieldError(path, f"{describe(value)} is not a valid date") from None
    if not 2000 <= day.year <= 2099:
        raise FieldError(path, f"{describe(value)} is outside the years 2000-2099")
    return day


# How each refusal code of the money rule (`parse_yuan` of the vocabulary) reads here.
_AMOUNT_PROBLEMS = {
    "negative": "must not be negative",
    "decimals": "has more than 2 decimals",
    "too_large": "is too large (max 9999999.99)",
}


def expect_amount(value: object, path: str, *, parse: Callable[[str], int]) -> int:
    """A yuan amount as text (``"23.50"``) → fen (2350), by ``parse`` (the money rule)."""
    if not isinstance(value, str):
        raise FieldError(path, f'expected an amount as text like "23.50", got {describe(value)}')
    try:
        return parse(value)
    except ValueError as err:
        problem = _AMOUNT_PROBLEMS.get(getattr(err, "code", ""), 'is not an amount like "23.50"')
        raise FieldError(path, f"{describe(value)} {problem}") from None


def expect_object(value: object, path: str) -> dict[str, Any]:
    """A JSON object."""
    if not isinstance(value, dict):
        raise FieldError(path, f"expected an object, got {describe(value)}")
    return value


def expect_items(
    value: object,
    path: str,
    each: Callable[..., T],
    *,
    min_len: int = 0,
    max_len: int,
    unique: bool = False,
    **options: Any,
) -> tuple[T, ...]:
    """A list of ``min_len..max_len`` items, each validated by ``each(item, path[i])``."""
    if not isinstance(value, list):
        raise FieldError(path, f"expected a list, got {describe(value)}")
    if len(value) < min_len:
        raise FieldError(path, "must not be empty" if min_len == 1 else f"needs {min_len}+ items")
    if len(value) > max_len:
        raise FieldError(path, f"has {len(value)} items (max {max_len})")
    items: list[T] = []
    for index, raw in enumerate(value):
        item = each(raw, f"{path}[{index}]", **options)
        if unique and item in items:
            raise FieldError(f"{path}[{index}]", f"{describe(raw)} is listed twice")
        items.append(item)
    return tuple(items)


@lru_cache(maxsize=64)
def _as_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


class Fields:
    """Reads one JSON object whose keys must all be in ``allowed``.

    Unknown keys are rejected up front, naming them. Missing optional fields and
    ``null`` both count as absent.
    """

    def __init__(self, raw: object, path: str, allowed: tuple[str, ...]) -> None:
        self.raw = expect_object(raw, path)
        self.path = path
        if self.raw.keys() <= _as_set(allowed):  # the usual case, in one step
            return
        unknown = sorted((key for key in self.raw if key not in allowed), key=str)
        if unknown:
            names = ", ".join(describe(str(key)) for key in unknown[:5])
            more = ", ..." if len(unknown) > 5 else ""
            plural = "s" if len(unknown) > 1 else ""
            raise FieldError(path, f"unknown field{plural} {names}{more}")

    def sub(self, key: str) -> str:
        """The path of a field, e.g. ``"visit.store_id"``."""
        return f"{self.path}.{key}"

    def req(self, key: str, validator: Callable[..., T], **options: Any) -> T:
        """A required field, validated by ``validator(value, path, **options)``."""
        if key not in self.raw:
            raise FieldError(self.sub(key), "is required")
        return validator(self.raw[key], self.sub(key), **options)

    def opt(
        self, key: str, validator: Callable[..., T], default: Any = None, **options: Any
    ) -> Any:
        """An optional field: ``default`` when absent or null, else validated."""
        value = self.raw.get(key)
        return default if value is None else validator(value, self.sub(key), **options)
