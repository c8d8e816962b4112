"""What the protocol reads of a push's context: the server's time and the allowed skew.

The server's full context (who pushes, the session, the settings) lives with the
services (`webapp.services.context.PushContext`, which has these two attributes);
the protocol's time rules (`sync.times`) need only this much of it.
"""

from datetime import datetime
from typing import Protocol


class PushContext(Protocol):
    """A push as the protocol's time rules see it."""

    now: datetime  # the server's time of the push (UTC)
    max_skew_ms: int  # how far ahead of it a phone's time may be before it is clamped
