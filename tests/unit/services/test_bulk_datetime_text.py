"""The bulk insert's one-step SQLite datetime text equals what Core's processors give."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from webapp.models.base import UTCDateTime
from webapp.services.bulk import _processor, _sqlite_utc_text

DIALECT = sqlite.dialect()
CORE = UTCDateTime().dialect_impl(DIALECT).bind_processor(DIALECT)
ZONES = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))


@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9998, 12, 30),
                    timezones=ZONES))
def test_fast_text_equals_core_for_any_aware_time(moment):
    assert _sqlite_utc_text(moment) == CORE(moment)


def test_examples_and_none():
    shanghai = timezone(timedelta(hours=8))
    assert _sqlite_utc_text(datetime(2026, 11, 20, 10, 0, tzinfo=shanghai)) == (
        "2026-11-20 02:00:00.000000")
    assert _sqlite_utc_text(datetime(2026, 1, 1, 0, 0, 0, 5, tzinfo=UTC)) == (
        "2026-01-01 00:00:00.000005")
    assert _sqlite_utc_text(None) is None is CORE(None)


def test_naive_time_is_refused_like_core():
    with pytest.raises(ValueError, match="naive"):
        _sqlite_utc_text(datetime(2026, 11, 20, 10, 0))
    with pytest.raises(ValueError, match="naive"):
        CORE(datetime(2026, 11, 20, 10, 0))


def test_the_shortcut_is_only_taken_on_sqlite():
    from sqlalchemy.dialects import postgresql

    assert _processor(UTCDateTime(), DIALECT) is _sqlite_utc_text
    assert _processor(UTCDateTime(), postgresql.psycopg.dialect()) is not _sqlite_utc_text
