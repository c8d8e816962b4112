"""Field validators: every primitive rule, valid and invalid rows."""

from datetime import UTC, date, datetime

import pytest

from sync.record_fields import (
    FieldError,
    Fields,
    describe,
    expect_amount,
    expect_bool,
    expect_code,
    expect_date,
    expect_datetime,
    expect_id,
    expect_int,
    expect_items,
    expect_number,
    expect_str,
    expect_uuid,
)
from webapp.rules.prices import parse_yuan


def expect_yuan(value, path):
    """The amount validator with the application's money rule."""
    return expect_amount(value, path, parse=parse_yuan)


UUID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"


def problem(check, value, **options) -> str:
    with pytest.raises(FieldError) as info:
        check(value, "x.f", **options)
    assert str(info.value).startswith("x.f: ")
    return info.value.problem


@pytest.mark.parametrize(
    ("value", "fen"),
    [("23.50", 2350), ("23.5", 2350), ("23", 2300), ("0", 0), ("0.01", 1), ("007.5", 750),
     ("9999999.99", 999999999), (" 23.50", 2350), ("23.5\n", 2350)],
)
def test_yuan_valid(value, fen):
    """Money follows the one rule (rules.prices.parse_yuan): surrounding spaces dropped."""
    assert expect_yuan(value, "p") == fen


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("23.555", "'23.555' has more than 2 decimals"),
        ("-1", "'-1' must not be negative"),
        ("-1.5", "must not be negative"),
        ("12345678", "is too large"),
        ("1e3", 'is not an amount like "23.50"'),
        ("23.", "is not an amount"),
        (".5", "is not an amount"),
        ("2 3.50", "is not an amount"),
        ("   ", "is not an amount"),
        ("23,50", "is not an amount"),
        ("２３", "is not an amount"),
        ("", "is not an amount"),
        (23.5, 'expected an amount as text like "23.50", got 23.5'),
        (23, "got 23"),
        (True, "got true"),
        (None, "got null"),
    ],
)
def test_yuan_invalid(value, message):
    assert message in problem(expect_yuan, value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-22T10:00:00+08:00", datetime(2025, 11, 22, 2, tzinfo=UTC)),
        ("2025-11-22T02:00:00Z", datetime(2025, 11, 22, 2, tzinfo=UTC)),
        ("2025-11-22 10:00+0800", datetime(2025, 11, 22, 2, tzinfo=UTC)),
        ("2025-11-22T02:00:00.123-01:30", datetime(2025, 11, 22, 3, 30, 0, 123000, tzinfo=UTC)),
    ],
)
def test_datetime_valid(value, expected):
    result = expect_datetime(value, "t")
    assert result == expected and result.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-11-22T10:00:00", "has no UTC offset (add e.g. +08:00 or Z)"),
        ("2025-11-22", "is not a time like"),
        ("22/11/2025 10:00+08:00", "is not a time like"),
        ("2025-11-22T10:00:00+08:60", "is not a time like"),
        ("2025-11-22T10:00:00z", "is not a time like"),
        ("2025-02-30T10:00:00Z", "is not a valid time"),
        ("2025-11-22T24:00:00Z", "is not a valid time"),
        ("1999-12-31T23:00:00Z", "outside the years 2000-2099"),
        ("0001-01-01T00:00:00+08:00", "outside the years 2000-2099"),
        ("2025-11-22T10:00:00Z\n", "is not a time like"),
        (1763800000, "expected a time like"),
    ],
)
def test_datetime_invalid(value, message):
    assert message in problem(expect_datetime, value)


def test_date():
    assert expect_date("2025-12-01", "d") == date(2025, 12, 1)
    assert "is not a date like" in problem(expect_date, "2025-12-1")
    assert "is not a valid date" in problem(expect_date, "2025-02-29")
    assert "outside the years" in problem(expect_date, "1990-01-01")
    assert "is not a date like" in problem(expect_date, "2025-12-01T00:00:00Z")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(UUID, UUID), (UUID.upper(), UUID), ("00000000-0000-0000-0000-000000000000", None)],
)
def test_uuid_valid(value, expected):
    assert expect_uuid(value, "i") == (expected or value)


@pytest.mark.parametrize(
    "value",
    [UUID.replace("-", ""), "{" + UUID + "}", "urn:uuid:" + UUID, UUID + "\n", UUID[:-1] + "g",
     "", 7, None],
)
def test_uuid_invalid(value):
    assert "is not a UUID" in problem(expect_uuid, value)


@pytest.mark.parametrize(
    ("value", "message"),
    [(True, "expected a whole number, got true"), (1.0, "got 1.0"), ("1", "got '1'"),
     (-1, "-1 is outside 0..2147483647"), (2**31, "is outside")],
)
def test_int_invalid(value, message):
    assert message in problem(expect_int, value)


def test_int_and_id_bounds():
    assert expect_int(0, "n") == 0
    assert expect_id(1, "n") == 1
    assert "0 is outside 1..2147483647" in problem(expect_id, 0)


@pytest.mark.parametrize(
    ("value", "message"),
    [(True, "expected a number"), ("1", "expected a number"), (float("nan"), "outside"),
     (float("inf"), "outside"), (91, "91 is outside -90..90")],
)
def test_number_invalid(value, message):
    assert message in problem(expect_number, value, lo=-90, hi=90)


def test_number_valid():
    assert expect_number(-90, "n", lo=-90, hi=90) == -90.0
    assert isinstance(expect_number(3, "n", lo=0, hi=9), float)


def test_bool():
    assert expect_bool(False, "b") is False
    assert "expected true or false, got 1" in problem(expect_bool, 1)
    assert "got 'true'" in problem(expect_bool, "true")


@pytest.mark.parametrize(
    ("value", "options", "message"),
    [
        (5, {"max_len": 9}, "expected text, got 5"),
        ("a\x00b", {"max_len": 9}, "contains invalid characters"),
        ("\ud800", {"max_len": 9}, "contains invalid characters"),
        ("   ", {"max_len": 9, "min_len": 1}, "must not be empty"),
        ("abcdefghij", {"max_len": 9}, "is 10 characters long (max 9)"),
        ("a", {"max_len": 9, "min_len": 2}, "needs 2+ characters"),
    ],
)
def test_str_invalid(value, options, message):
    assert message in problem(expect_str, value, **options)


def test_str_strips_and_counts_characters():
    assert expect_str("  店主 \n", "s", max_len=2) == "店主"


def test_code():
    assert expect_code("b", "c", codes=("a", "b"), what="letter") == "b"
    assert "'z' is not a valid letter (one of: a, b)" in problem(
        expect_code, "z", codes=("a", "b"), what="letter"
    )
    long = tuple("abcdefghij")
    assert problem(expect_code, "z", codes=long, what="letter") == "'z' is not a valid letter"


def test_items():
    assert expect_items([UUID], "l", expect_uuid, max_len=2) == (UUID,)
    assert "got an object" in problem(expect_items, {}, each=expect_uuid, max_len=2)
    assert "must not be empty" in problem(expect_items, [], each=expect_uuid, min_len=1, max_len=2)
    assert "has 3 items (max 2)" in problem(expect_items, [1, 2, 3], each=expect_int, max_len=2)
    with pytest.raises(FieldError, match=r"^x\.f\[1\]: 'a' is listed twice$"):
        expect_items(["a", "a"], "x.f", expect_code, codes=("a",), what="c", max_len=5, unique=True)
    with pytest.raises(FieldError, match=r"^x\.f\[1\]: "):
        expect_items([1, "2"], "x.f", expect_int, max_len=5)


def test_fields_reader():
    f = Fields({"a": 1, "b": None}, "t", ("a", "b", "c"))
    assert f.req("a", expect_int) == 1
    assert f.opt("b", expect_int, 9) == 9 and f.opt("c", expect_int) is None
    with pytest.raises(FieldError, match=r"^t\.c: is required$"):
        f.req("c", expect_int)
    with pytest.raises(FieldError, match=r"^t: unknown fields 'x', 'y'$"):
        Fields({"a": 1, "y": 2, "x": 3}, "t", ("a",))
    with pytest.raises(FieldError, match=r"^t: expected an object, got a list$"):
        Fields([], "t", ())


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "null"), (False, "false"), ({}, "an object"), ([], "a list"), ("ab", "'ab'"),
     ("x" * 50, "'" + "x" * 37 + "...'"), (1.5, "1.5")],
)
def test_describe(value, text):
    assert describe(value) == text
