"""Times from phones: never in the future.

``iso_week_of`` is the rules' (`webapp.rules.cadence`), re-exported here only for
`sync.apply_observations` until that module moves to the services layer.
"""

from datetime import datetime, timedelta

from webapp.rules.cadence import iso_week_of

from .context import PushContext

__all__ = ["clamp_future", "iso_week_of"]


def clamp_future(moment: datetime, ctx: PushContext) -> tuple[datetime, bool]:
    """A phone time more than the allowed skew ahead of the server becomes the server's now.

    Returns the time to store and whether it was clamped (recorded as a flag).
    """
    if moment - ctx.now > timedelta(milliseconds=ctx.max_skew_ms):
        return ctx.now, True
    return moment, False
