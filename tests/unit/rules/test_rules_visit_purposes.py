"""Visit purposes, and the trust thresholds as settings (flags never block a visit)."""

from datetime import UTC, datetime, timedelta

from webapp.rules.code_labels import CODE_LABELS
from webapp.rules.settings import ServiceSettings
from webapp.rules.visit_trust import VisitFlag, visit_trust

START = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)
STORE = (23.3695, 104.2440)


def test_thresholds_come_from_the_settings():
    s = ServiceSettings.from_mapping(
        {"visit_gps_flag_m": 300, "visit_min_minutes": 15, "visit_poor_accuracy_m": 50})
    result = visit_trust(
        lat=STORE[0] + 0.0025, lng=STORE[1], accuracy_m=60.0, store_lat=STORE[0],
        store_lng=STORE[1], started_at=START, ended_at=START + timedelta(minutes=10),
        settings=s)
    assert result.flags == (VisitFlag.POOR_ACCURACY, VisitFlag.SHORT_VISIT)  # 278 m < 300 m


def test_a_store_without_coordinates_has_no_distance():
    result = visit_trust(lat=STORE[0], lng=STORE[1], accuracy_m=5.0, store_lat=None,
                         store_lng=None, started_at=START, ended_at=None)
    assert result == (result.__class__((), None))


def test_every_flag_has_labels():
    # besides the trust rules' flags: the photo checks' and the phone clock's
    extra = {"identical_photo", "near_duplicate_photo", "clock_skew"}
    assert set(CODE_LABELS["visit_flag"]) == {str(f) for f in VisitFlag} | extra
