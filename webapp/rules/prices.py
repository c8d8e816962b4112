"""Price compliance and money in fen.

Prices must be clearly marked [000 明码标价] and what the shelf says must match the
system [000 价格应与收银系统保持一致]; a field price check compares the shelf price
with the guide price and flags it when it strays beyond the tolerances (settings).
Money is always integer fen (1 yuan = 100 fen); these helpers convert at the edges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .settings import DEFAULT_SETTINGS, ServiceSettings


class PriceFlag(StrEnum):
    """Where the shelf price stands against the guide price."""

    OK = "ok"
    ABOVE = "above"
    BELOW = "below"


@dataclass(frozen=True)
class PriceDeviation:
    """Shelf vs guide price: the difference in fen, as a ratio of the guide, and the flag."""

    shelf_fen: int
    guide_fen: int
    diff_fen: int
    ratio: float  # (shelf - guide) / guide, e.g. 0.06 = 6 % above
    flag: PriceFlag


def price_deviation(
    shelf_fen: int, guide_fen: int, settings: ServiceSettings = DEFAULT_SETTINGS
) -> PriceDeviation:
    """Compare a shelf price with the guide price; exactly at a tolerance is still ok."""
    for name, value in (("shelf price", shelf_fen), ("guide price", guide_fen)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number of fen, not {value!r}")
    if guide_fen == 0:
        raise ValueError("the guide price is zero: there is nothing to compare with")
    diff = shelf_fen - guide_fen
    ratio = Fraction(diff, guide_fen)
    if ratio * 100 > Fraction(str(settings.price_above_tolerance_pct)):
        flag = PriceFlag.ABOVE
    elif -ratio * 100 > Fraction(str(settings.price_below_tolerance_pct)):
        flag = PriceFlag.BELOW
    else:
        flag = PriceFlag.OK
    return PriceDeviation(shelf_fen, guide_fen, diff, float(ratio), flag)


# The largest amount the rules accept: 9 999 999.99 yuan (seven whole digits). It is
# the sync API's documented limit, and it leaves room below a 32-bit database column
# (2 147 483 647) for sums of a few amounts.
MAX_FEN = 999_999_999
_YUAN = re.compile(r"([0-9]{1,7})(?:\.([0-9]{1,2}))?")
# The same rule for a form's `pattern` attribute and the phone's price warning
# (static/js/price-warning.js reads it from the form): groups are yuan and fen.
YUAN_INPUT_PATTERN = r"\s*([0-9]{1,7})(?:[.]([0-9]{1,2}))?\s*"


class AmountError(ValueError):
    """An amount typed by a person that is not one; ``code`` says why, for a label.

    Codes: ``not_text``, ``empty``, ``negative``, ``decimals`` (three or more),
    ``too_large`` (over ``MAX_FEN``), ``format`` (anything else: symbols, separators,
    full-width digits, "23." or ".5").
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def parse_yuan(text: str) -> int:
    """A yuan amount typed by a person ("23.5", "23.50", "23") as fen (2350).

    The one money rule for every input (forms, the sync API, HQ): surrounding
    whitespace is dropped; then ASCII digits, at most seven before the point and
    at most two after it, not negative, no symbols or separators. Raises
    :class:`AmountError` (a ValueError) whose ``code`` says what is wrong.
    """
    if not isinstance(text, str):
        raise AmountError("not_text", f"an amount must be text like 23.50, not {text!r}")
    cleaned = text.strip()
    if not cleaned:
        raise AmountError("empty", "enter an amount in yuan, e.g. 23.50")
    if re.fullmatch(r"-[0-9]+(?:\.[0-9]+)?", cleaned):
        raise AmountError("negative", "an amount cannot be negative")
    match = _YUAN.fullmatch(cleaned)
    if match is None:
        if re.fullmatch(r"[0-9]+\.[0-9]{3,}", cleaned):
            raise AmountError("decimals", "an amount in yuan has at most two decimals (fen)")
        if re.fullmatch(r"[0-9]{8,}(?:\.[0-9]{1,2})?", cleaned):
            raise AmountError("too_large", "the amount is too large (at most 9999999.99)")
        raise AmountError("format", f"{cleaned!r} is not an amount in yuan; write it like 23.50")
    whole, decimals = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(decimals)


def format_yuan(fen: int) -> str:
    """Fen as a yuan amount with two decimals: 2350 → "23.50", -5 → "-0.05".

    The one money format: pages (the ``yuan`` filter) and the sync API's pull both use it.
    """
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise ValueError(f"an amount in fen must be a whole number, not {fen!r}")
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole}.{part:02d}"
