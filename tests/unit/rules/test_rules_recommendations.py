"""Which of a rep's suggestions the owner sees (rules.recommendations): not withdrawn,
made within the last 60 days; among actions on one suggestion the latest wins."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.rules.recommendations import SHOWN_DAYS, is_shown, newer_than, shown_since

NOW = datetime(2026, 11, 28, 4, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def test_the_window_is_sixty_days():
    assert SHOWN_DAYS == 60
    assert shown_since(NOW) == NOW - 60 * DAY


@pytest.mark.parametrize(("made", "withdrawn", "shown"), [
    (NOW, None, True),  # just now
    (NOW - 59 * DAY, None, True),
    (NOW - 60 * DAY, None, True),  # the last moment of the window
    (NOW - 60 * DAY - timedelta(seconds=1), None, False),  # just past it
    (NOW - 200 * DAY, None, False),
    (NOW + timedelta(minutes=2), None, True),  # a phone clock a little ahead
    (NOW - DAY, NOW - timedelta(hours=1), False),  # withdrawn
    (NOW - DAY, NOW + DAY, False),  # withdrawn, whatever the time says
])
def test_what_the_owner_sees(made, withdrawn, shown):
    assert is_shown(made, withdrawn, NOW) is shown


@pytest.mark.parametrize(("action_at", "made", "withdrawn", "newer"), [
    (NOW, NOW - DAY, None, True),  # a later action replaces
    (NOW - DAY, NOW - DAY, None, True),  # the same moment: the one arriving stands
    (NOW - 2 * DAY, NOW - DAY, None, False),  # queued offline before the stored one
    (NOW - 2 * DAY, NOW - 3 * DAY, NOW - DAY, False),  # before the withdrawal
    (NOW, NOW - 3 * DAY, NOW - DAY, True),  # after the withdrawal: recommended again
])
def test_the_latest_action_wins(action_at, made, withdrawn, newer):
    assert newer_than(action_at, made, withdrawn) is newer
