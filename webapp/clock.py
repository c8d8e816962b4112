"""The one "now" of the whole app: every reading of the time in `webapp` comes through here.

In production it is the machine's clock. Tests pin it (`pin`, `pinned`) to a fixed
instant so that the suite gives the same answers on any day of the year; the seed's
history, "today's" round, the price-check week and every default timestamp follow it.

A pinned clock keeps ticking from its instant (durations and the order of writes stay
real) unless pinned with ``tick=False``. It ticks on `time.monotonic`, which neither the
wall clock's jumps nor `time-machine` move: a test may move the machine's clock far away
to prove that the app reads only this one.

Plain Python (no Flask): models, rules, the seed and scripts use it alike. The `sync`
package does not import it; the web layer passes "now" (and an HLC clock built on
`now_ms`) into it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class _Pin:
    instant: datetime  # aware UTC
    at_monotonic: float  # time.monotonic() when pinned
    tick: bool


_pin: _Pin | None = None


def now() -> datetime:
    """The current moment as an aware UTC datetime (the pinned one while pinned)."""
    pin = _pin
    if pin is None:
        return datetime.now(UTC)
    if not pin.tick:
        return pin.instant
    return pin.instant + timedelta(seconds=time.monotonic() - pin.at_monotonic)


def now_ms() -> int:
    """The current moment in Unix milliseconds (the physical time of an HLC clock)."""
    return int(now().timestamp() * 1000)


def today(zone: str) -> date:
    """Today's date in `zone` (an IANA name, e.g. the configured `Asia/Shanghai`)."""
    return now().astimezone(ZoneInfo(zone)).date()


def pin(instant: datetime, *, tick: bool = True) -> None:
    """Make `now()` start at `instant` (aware) from this moment on, for the whole process.

    The live server of the browser tests runs in a thread of the test process, so a
    pin set by a test reaches the requests it makes.
    """
    global _pin
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"pin an aware instant, not naive {instant.isoformat()}")
    _pin = _Pin(instant.astimezone(UTC), time.monotonic(), tick)


def unpin() -> None:
    """Go back to the machine's clock."""
    global _pin
    _pin = None


def is_pinned() -> bool:
    """Whether `now()` is pinned (tests) rather than the machine's clock."""
    return _pin is not None


@contextmanager
def pinned(instant: datetime, *, tick: bool = True) -> Iterator[None]:
    """Pin the clock to `instant` for a `with` block, then restore what was before."""
    global _pin
    before = _pin
    pin(instant, tick=tick)
    try:
        yield
    finally:
        _pin = before
