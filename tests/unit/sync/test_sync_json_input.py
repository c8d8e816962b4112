"""sync.json_input: the body limits of docs/sync-protocol.md "Limits (hostile input)"."""

import pytest

from sync.json_input import (
    MAX_JSON_DEPTH,
    JSONInputError,
    clean_text,
    loads_bounded,
    readable_id,
)


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,  # RecursionError inside json
    b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1),  # parses, but too deep
    b'{"a": NaN}', b"Infinity", b"[1e400]", b'{"x": {"y": -1e999}}',
    b'{"a": "\xff"}', b'"\xed\xa0\x80"',  # not UTF-8; an encoded surrogate is not either
    b"", b"{", b"1" * 5000,  # not JSON; an int of more than 4,300 digits
])
def test_bodies_beyond_the_limits_are_refused_with_a_reason(body):
    with pytest.raises(JSONInputError):
        loads_bounded(body)


def test_bodies_within_the_limits_parse_as_json():
    nested = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert loads_bounded(nested.encode()) is not None
    assert loads_bounded('{"n": 18446744073709551616, "t": "\\ud800"}') == {
        "n": 2**64, "t": "\ud800"}  # bounded later, per record, by the field rules
    assert loads_bounded(b'{"notes": "\xe9\x99\x88\xe5\x88\x97"}') == {"notes": "陈列"}


def test_text_for_columns_and_pages_has_no_lone_surrogates_or_nul():
    assert clean_text("坏\ud800字\x00", 100) == "坏\\ud800字"
    assert clean_text("x" * 10, 4) == "xxxx"
    assert readable_id("\ud800") is None and readable_id("ab\x00") is None
    assert readable_id("  Not-A-UUID ") == "Not-A-UUID" and readable_id(7) is None
