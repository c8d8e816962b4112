"""Trust signals on a visit, kept as data and never blocking the rep; visit purposes.

Field apps are gamed with fake locations and reused photos, so a visit carries
flags that managers review during supervision [000 走访了解市场,对客户经理的工作进行监督]:
poor GPS accuracy, distance from the store, a check-in repeating earlier coordinates
exactly, a visit shorter than a minimum. The thresholds are settings.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .calendar import to_utc
from .settings import DEFAULT_SETTINGS, ServiceSettings

EARTH_RADIUS_M = 6_371_000.0


class VisitFlag(StrEnum):
    """Why a visit looks doubtful (the strings stored in `Visit.flags`)."""

    NO_LOCATION = "no_location"
    POOR_ACCURACY = "poor_accuracy"  # fix vaguer than settings.visit_poor_accuracy_m
    FAR_FROM_STORE = "far_from_store"  # farther than settings.visit_gps_flag_m
    REPEATED_COORDINATES = "repeated_coordinates"  # exactly an earlier check-in's fix
    SHORT_VISIT = "short_visit"  # shorter than settings.visit_min_minutes


@dataclass(frozen=True)
class VisitTrust:
    """The flags of one visit and the distance to the store (metres, None if unknown)."""

    flags: tuple[VisitFlag, ...]
    distance_m: float | None


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def visit_trust(
    *,
    lat: float | None,
    lng: float | None,
    accuracy_m: float | None,
    store_lat: float | None,
    store_lng: float | None,
    started_at: datetime,
    ended_at: datetime | None,
    coordinates_seen_before: bool = False,
    settings: ServiceSettings = DEFAULT_SETTINGS,
) -> VisitTrust:
    """Compute a visit's trust flags.

    Flags: `no_location`, `poor_accuracy` (> settings.visit_poor_accuracy_m, default
    100 m), `far_from_store` (> settings.visit_gps_flag_m, default 200 m; only when
    the store has coordinates), `repeated_coordinates` (exactly equal to an earlier
    check-in), `short_visit` (< settings.visit_min_minutes; an unfinished visit is
    not judged on its length).
    """
    flags: list[VisitFlag] = []
    distance = None
    if lat is None or lng is None:
        flags.append(VisitFlag.NO_LOCATION)
    else:
        if accuracy_m is not None and accuracy_m > settings.visit_poor_accuracy_m:
            flags.append(VisitFlag.POOR_ACCURACY)
        if store_lat is not None and store_lng is not None:
            distance = round(distance_m(lat, lng, store_lat, store_lng), 1)
            if distance > settings.visit_gps_flag_m:
                flags.append(VisitFlag.FAR_FROM_STORE)
        if coordinates_seen_before:
            flags.append(VisitFlag.REPEATED_COORDINATES)
    if ended_at is not None:
        minutes = (to_utc(ended_at) - to_utc(started_at)).total_seconds() / 60
        if minutes < settings.visit_min_minutes:
            flags.append(VisitFlag.SHORT_VISIT)
    return VisitTrust(tuple(flags), distance)
