"""Times from phones: never in the future, and the ISO week in the distributor's zone."""

from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from .context import PushContext


def clamp_future(moment: datetime, ctx: PushContext) -> tuple[datetime, bool]:
    """A phone time more than the allowed skew ahead of the server becomes the server's now.

    Returns the time to store and whether it was clamped (recorded as a flag).
    """
    if moment - ctx.now > timedelta(milliseconds=ctx.max_skew_ms):
        return ctx.now, True
    return moment, False


@lru_cache(maxsize=1024)  # a push repeats its moments; equal instants share a week
def iso_week_of(moment: datetime, timezone: str) -> str:
    """The ISO week (e.g. 2026-W48) of a moment, in the given zone."""
    local = moment.astimezone(ZoneInfo(timezone)).isocalendar()
    return f"{local.year}-W{local.week:02d}"
