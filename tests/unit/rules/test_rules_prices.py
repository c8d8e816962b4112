"""Price compliance against the guide price; yuan text ↔ integer fen."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from webapp.rules.prices import (
    MAX_FEN,
    YUAN_INPUT_PATTERN,
    AmountError,
    PriceFlag,
    format_yuan,
    parse_yuan,
    price_deviation,
)
from webapp.rules.settings import ServiceSettings


@pytest.mark.parametrize(("shelf", "guide", "flag", "ratio"), [
    (2300, 2300, PriceFlag.OK, 0.0),  # [000 明码标价]: at the guide price
    (2415, 2300, PriceFlag.OK, 0.05),  # exactly +5 %: still within tolerance
    (2416, 2300, PriceFlag.ABOVE, 116 / 2300),
    (2185, 2300, PriceFlag.OK, -0.05),  # exactly −5 %
    (2184, 2300, PriceFlag.BELOW, -116 / 2300),
    (0, 2300, PriceFlag.BELOW, -1.0),
])
def test_price_deviation(shelf, guide, flag, ratio):
    result = price_deviation(shelf, guide)
    assert result.flag is flag
    assert result.ratio == pytest.approx(ratio)
    assert result.diff_fen == shelf - guide


def test_tolerances_are_settings():
    strict = ServiceSettings.from_mapping(
        {"price_above_tolerance_pct": 0, "price_below_tolerance_pct": 10})
    assert price_deviation(2301, 2300, strict).flag is PriceFlag.ABOVE
    assert price_deviation(2070, 2300, strict).flag is PriceFlag.OK


@pytest.mark.parametrize(("shelf", "guide", "message"), [
    (2300, 0, "guide price is zero"),
    (-1, 2300, "shelf price"),
    (23.5, 2300, "whole number of fen"),
])
def test_price_deviation_refuses_bad_input(shelf, guide, message):
    with pytest.raises(ValueError, match=message):
        price_deviation(shelf, guide)


@pytest.mark.parametrize(("text", "fen"), [
    ("23.50", 2350), ("23.5", 2350), ("23", 2300), ("0.05", 5), (" 7.1 ", 710), ("0", 0),
    ("9999999.99", MAX_FEN), ("\t23.5\n", 2350), ("0000023.5", 2350),
])
def test_parse_yuan(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(("text", "code", "message"), [
    ("", "empty", "enter an amount"),
    ("   ", "empty", "enter an amount"),
    ("-1", "negative", "cannot be negative"),
    ("-23.50", "negative", "cannot be negative"),
    ("23.505", "decimals", "at most two decimals"),
    ("23.", "format", "not an amount"),
    (".5", "format", "not an amount"),
    ("1,000", "format", "not an amount"),
    ("¥23", "format", "not an amount"),
    ("1e3", "format", "not an amount"),
    ("2 3.5", "format", "not an amount"),
    ("２３.５", "format", "not an amount"),  # full-width digits
    ("10000000", "too_large", "too large"),  # eight whole digits
    ("21474836.47", "too_large", "too large"),
    (23.5, "not_text", "must be text"),
])
def test_parse_yuan_is_strict(text, code, message):
    """One money rule: at most 7 whole digits and 2 decimals, not negative, no symbols."""
    with pytest.raises(AmountError, match=message) as refused:
        parse_yuan(text)
    assert refused.value.code == code


@pytest.mark.parametrize(("fen", "text"), [
    (2350, "23.50"), (5, "0.05"), (0, "0.00"), (100, "1.00"), (-5, "-0.05"), (-2350, "-23.50"),
])
def test_format_yuan(fen, text):
    assert format_yuan(fen) == text


def test_format_yuan_refuses_non_integers():
    with pytest.raises(ValueError):
        format_yuan(23.5)
    with pytest.raises(ValueError):
        format_yuan(True)


@settings(max_examples=100, deadline=None, database=None)
@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_format_and_parse_round_trip(fen):
    assert parse_yuan(format_yuan(fen)) == fen


@pytest.mark.parametrize("text", [
    "23.50", "23.5", "23", " 7.1 ", "0", "9999999.99", "10000000", "23.505", "23.", ".5",
    "-1", "1,000", "¥23", "1e3", "２３.５", "", "2 3.5",
])
def test_the_form_pattern_is_the_money_rule(text):
    """Forms and the phone's price warning use YUAN_INPUT_PATTERN; it accepts exactly what
    parse_yuan accepts, and its groups give the same fen."""
    match = re.fullmatch(YUAN_INPUT_PATTERN, text)
    try:
        fen = parse_yuan(text)
    except AmountError:
        assert match is None
    else:
        assert match is not None
        assert int(match[1]) * 100 + int((match[2] or "").ljust(2, "0")) == fen
