"""What a service call needs to know besides its input: who acts, from which device,
with which settings and calendar, on which clock.

Flask-free: the settings and calendar are read from the session, the config values
are passed in (`webapp.request_context` builds these for the current request).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.hlc import HybridClock

from .. import clock
from ..models import CalendarDay, Device, Setting, User, utcnow
from ..rules.calendar import WorkCalendar
from ..rules.settings import ServiceSettings

_server_hlc = HybridClock("server", now_ms=clock.now_ms)


def server_hlc() -> HybridClock:
    """The server's hybrid logical clock, on the app's clock (`webapp.clock`): what HQ
    edits and forms posted without a clock are stamped with."""
    return _server_hlc


def restart_server_hlc() -> None:
    """Start the server's HLC afresh. Tests do so whenever they pin the app clock: an HLC
    never goes back, so it would carry one pinned day's latest time into the next test."""
    global _server_hlc
    _server_hlc = HybridClock("server", now_ms=clock.now_ms)


@dataclass
class PushContext:
    """Everything `apply_batch` needs besides the records themselves.

    `device` is None for a form posted from a page without the offline client;
    such records are still applied by the very same code.
    """

    session: Session
    user: User
    device: Device | None = None
    settings: ServiceSettings = field(default_factory=ServiceSettings)
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    clock: HybridClock = field(default_factory=server_hlc)
    now: datetime = field(default_factory=utcnow)
    max_skew_ms: int = 5 * 60 * 1000
    max_seq_jump: int = 10_000  # SYNC_MAX_SEQ_JUMP: a larger jump is a device fault
    lock_timeout_ms: int = 5000  # SYNC_LOCK_TIMEOUT_MS: longest wait for the write lock

    @property
    def device_id(self) -> str | None:
        """The pushing device's id (None for a page's form)."""
        return self.device.id if self.device is not None else None


def load_settings(session: Session, timezone: str) -> ServiceSettings:
    """The distributor's settings: defaults overridden by stored `Setting` rows."""
    stored = {row.key: row.value for row in session.scalars(select(Setting))}
    return ServiceSettings.from_mapping({"timezone": timezone, **stored})


def load_calendar(session: Session, settings: ServiceSettings) -> WorkCalendar:
    """The working calendar from the settings plus HQ's holidays and make-up days."""
    days = session.scalars(select(CalendarDay)).all()
    return WorkCalendar.from_settings(
        settings,
        holidays={d.day for d in days if d.kind == "holiday"},
        makeup_workdays={d.day for d in days if d.kind == "workday"},
    )


def build_push_context(session: Session, user: User, device: Device | None,
                       config: Mapping[str, Any]) -> PushContext:
    """A PushContext on the app's clock, with the sync limits of `config`."""
    settings = load_settings(session, config["TIMEZONE"])
    return PushContext(
        session=session, user=user, device=device, settings=settings,
        calendar=load_calendar(session, settings), clock=server_hlc(), now=clock.now(),
        max_skew_ms=config["SYNC_MAX_CLOCK_SKEW_MS"],
        max_seq_jump=config["SYNC_MAX_SEQ_JUMP"],
        lock_timeout_ms=config["SYNC_LOCK_TIMEOUT_MS"],
    )
