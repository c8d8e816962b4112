"""Phone numbers: one rule (rules.phones) for forms, the sync API and HQ."""

import re

import pytest

from webapp.rules import store_changes
from webapp.rules.phones import PHONE_INPUT_PATTERN, PhoneError, validate_phone


@pytest.mark.parametrize(("raw", "clean"), [
    ("13812345678", "13812345678"),
    (" 138 1234 5678 ", "13812345678"),
    ("19912345678", "19912345678"),
    ("0876-1234567", "0876-1234567"),
    ("010-12345678", "010-12345678"),
    ("087612345678", "087612345678"),
])
def test_valid_phone_numbers(raw, clean):
    assert validate_phone(raw) == clean


@pytest.mark.parametrize(("raw", "message"), [
    ("", "enter a phone number"),
    ("   ", "enter a phone number"),
    ("+8613812345678", "only digits"),
    ("1381234567", "11 digits"),
    ("12812345678", "starts with 13–19"),
    ("138123456789", "11 digits"),
    ("0876-123456", "area code"),
    ("0876--1234567", "area code"),
    ("8876123456", "starts with 1 \\(mobile\\) or 0"),
    ("１３８１２３４５６７８", "only digits"),  # full-width digits from a Chinese IME
])
def test_invalid_phone_numbers_get_a_clear_message(raw, message):
    with pytest.raises(ValueError, match=message):
        validate_phone(raw)


@pytest.mark.parametrize(("raw", "code"), [
    ("", "empty"), ("+8613812345678", "characters"), ("1381234567", "mobile"),
    ("0876-123456", "landline"), ("8876123456", "prefix"),
])
def test_each_refusal_has_a_code(raw, code):
    with pytest.raises(PhoneError) as refused:
        validate_phone(raw)
    assert refused.value.code == code


@pytest.mark.parametrize("raw", [
    "13812345678", " 138 1234 5678 ", "0876-1234567", "0876 - 1234567", "087612345678",
    "010-12345678", "12812345678", "138123456789", "0876--1234567", "+8613812345678",
    "0876-123456", "8876123456", "138-1234-5678", "", "1 3 8 1 2 3 4 5 6 7 8",
])
def test_the_form_pattern_accepts_what_the_rule_accepts(raw):
    """The browser's `pattern` and the server agree: spaces are dropped, then checked."""
    try:
        validate_phone(raw)
        accepted = True
    except PhoneError:
        accepted = False
    assert bool(re.fullmatch(PHONE_INPUT_PATTERN, raw)) is accepted


def test_store_changes_speaks_the_same_rule():
    assert store_changes.validate_phone is validate_phone
