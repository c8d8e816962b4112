"""Visit trust signals are data, computed from location, time and history."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.rules.settings import ServiceSettings
from webapp.rules.visit_trust import distance_m, visit_trust

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
STORE = (23.3695, 104.2440)


def _trust(**kw):
    base = dict(lat=STORE[0], lng=STORE[1], accuracy_m=10.0, store_lat=STORE[0],
                store_lng=STORE[1], started_at=START, ended_at=START + timedelta(minutes=20),
                coordinates_seen_before=False, settings=ServiceSettings())
    base.update(kw)
    return visit_trust(**base)


def test_distance_of_one_thousandth_degree_latitude_is_about_111_m():
    assert distance_m(23.0, 104.0, 23.001, 104.0) == pytest.approx(111.2, abs=0.5)


def test_a_clean_visit_has_no_flags():
    result = _trust()
    assert result.flags == () and result.distance_m == 0.0


@pytest.mark.parametrize(("overrides", "flag"), [
    ({"lat": None, "lng": None}, "no_location"),
    ({"accuracy_m": 150.0}, "poor_accuracy"),
    ({"lat": STORE[0] + 0.0025}, "far_from_store"),  # ~278 m > 200 m (issue 4 threshold)
    ({"coordinates_seen_before": True}, "repeated_coordinates"),
    ({"ended_at": START + timedelta(minutes=3)}, "short_visit"),  # < 5 minutes
])
def test_each_signal_is_flagged(overrides, flag):
    assert flag in _trust(**overrides).flags


def test_just_inside_200_m_is_not_flagged():
    assert "far_from_store" not in _trust(lat=STORE[0] + 0.0017).flags  # ~189 m
