"""Times from phones: never in the future."""

from datetime import datetime, timedelta

from .context import PushContext


def clamp_future(moment: datetime, ctx: PushContext) -> tuple[datetime, bool]:
    """A phone time more than the allowed skew ahead of the server becomes the server's now.

    Returns the time to store and whether it was clamped (recorded as a flag).
    """
    if moment - ctx.now > timedelta(milliseconds=ctx.max_skew_ms):
        return ctx.now, True
    return moment, False
