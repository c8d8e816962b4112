"""The suite's pinned "now" and dates relative to it: a test never reads the machine's day.

Every test starts with the app's clock (`webapp.clock`) pinned to `suite_now()`:
2026-11-24 10:00 in Shanghai (a Tuesday morning), or `ROUNDS_TEST_NOW` when set
(`ROUNDS_TEST_NOW=2027-06-14T02:00:00Z pytest`). The clock ticks on from there.
"""

import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from webapp import clock

DEFAULT_TEST_NOW = "2026-11-24T02:00:00Z"
ZONE = "Asia/Shanghai"


def suite_now() -> datetime:
    """The instant every test starts at: ROUNDS_TEST_NOW (ISO 8601 with a zone) or the default."""
    text = os.environ.get("ROUNDS_TEST_NOW") or DEFAULT_TEST_NOW
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"ROUNDS_TEST_NOW needs a zone (e.g. ...Z): {text}")
    return moment


def move_clock_to(instant: datetime, *, tick: bool = True) -> None:
    """Pin the app's clock to `instant` and start the server's HLC afresh on it."""
    from webapp.services.context import restart_server_hlc

    clock.pin(instant, tick=tick)
    restart_server_hlc()


def today(days: int = 0) -> date:
    """The app clock's date in Shanghai, `days` later (negative: earlier)."""
    return clock.today(ZONE) + timedelta(days=days)


def local_iso(days: int = 0, hour: int = 10, minute: int = 0) -> str:
    """ISO text of `hour:minute` in Shanghai on `today(days)`, as a phone sends it."""
    moment = datetime.combine(today(days), time(hour, minute), tzinfo=ZoneInfo(ZONE))
    return moment.isoformat()


def ago_iso(**delta) -> str:
    """ISO text (Shanghai) of the app clock's now minus `timedelta(**delta)`: later than
    anything seeded when `delta` is empty (the seed's history ends at its now)."""
    return (clock.now() - timedelta(**delta)).astimezone(ZoneInfo(ZONE)).isoformat()


def hlc_ms(offset_ms: int = 0) -> int:
    """The app clock's now in Unix ms plus `offset_ms`: the wall part of a phone's HLC."""
    return clock.now_ms() + offset_ms
