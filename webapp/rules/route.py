"""The order of a rep's round: nearest-next stops, overdue visits first.

A rep walks or drives from shop to shop, so the day's stops are ordered as a
greedy nearest-next route (spec §1.1: 客户经理 makes *planned* visits
[000 有计划的开展客户拜访工作]; the cabinet's own delivery planning is route
based [000 送货线路优化建议]). From the phone's position when the rep shares it;
otherwise from the first stop in territory order (customer code), so the list is
the same every time it is opened. Stops are routed group by group (overdue visits
before the rest), each group continuing from where the previous one ended.
Stops without coordinates follow their group in territory order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .visit_trust import distance_m


@dataclass(frozen=True)
class Stop:
    """One place to go: a stable `key` (territory order) and its coordinates if known."""

    key: str
    lat: float | None
    lng: float | None
    group: int = 0  # lower groups are visited first (0 = overdue visits)

    @property
    def located(self) -> bool:
        """Whether the stop has coordinates."""
        return self.lat is not None and self.lng is not None


@dataclass(frozen=True)
class RouteLeg:
    """A stop in route order, with the distance from the previous point (metres)."""

    stop: Stop
    leg_m: float | None


def _nearest_next(stops: list[Stop], start: tuple[float, float] | None) -> list[RouteLeg]:
    located = sorted((s for s in stops if s.located), key=lambda s: s.key)
    others = sorted((s for s in stops if not s.located), key=lambda s: s.key)
    legs: list[RouteLeg] = []
    here = start
    while located:
        if here is None:
            best, leg = located[0], None
        else:
            best = min(located, key=lambda s: (distance_m(here[0], here[1], s.lat, s.lng), s.key))
            leg = round(distance_m(here[0], here[1], best.lat, best.lng), 1)
        located.remove(best)
        legs.append(RouteLeg(best, leg))
        here = (best.lat, best.lng)
    legs += [RouteLeg(s, None) for s in others]
    return legs


def route_order(stops: Iterable[Stop], start: tuple[float, float] | None = None) -> list[RouteLeg]:
    """Order `stops` as a route: groups in ascending order, nearest-next inside each.

    `start` is the phone's (lat, lng); None starts from the first stop in key order.
    Deterministic: equal distances are broken by key.
    """
    stops = list(stops)
    legs: list[RouteLeg] = []
    here = start
    for group in sorted({s.group for s in stops}):
        part = _nearest_next([s for s in stops if s.group == group], here)
        legs += part
        last_located = [leg.stop for leg in part if leg.stop.located]
        if last_located:
            here = (last_located[-1].lat, last_located[-1].lng)
    return legs


def parse_position(lat: str | None, lng: str | None) -> tuple[float, float] | None:
    """A (lat, lng) from query text, or None when absent or not a valid position."""
    try:
        point = (float(lat), float(lng))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        return None
    if point[0] != point[0] or point[1] != point[1]:  # NaN
        return None
    return point
