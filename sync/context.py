"""What applying records needs to know: who pushes, from which device, with which rules."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from webapp.models import Device, User, utcnow
from webapp.rules.calendar import WorkCalendar
from webapp.rules.settings import ServiceSettings

from .hlc import HybridClock

SERVER_CLOCK = HybridClock("server")


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
    clock: HybridClock = SERVER_CLOCK
    now: datetime = field(default_factory=utcnow)
    max_skew_ms: int = 5 * 60 * 1000
    max_seq_jump: int = 10_000  # SYNC_MAX_SEQ_JUMP: a larger jump is a device fault
    lock_timeout_ms: int = 5000  # SYNC_LOCK_TIMEOUT_MS: longest wait for the write lock

    @property
    def device_id(self) -> str | None:
        return self.device.id if self.device is not None else None
