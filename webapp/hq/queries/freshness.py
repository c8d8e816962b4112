"""Per-rep data freshness: how recent is what HQ knows of each rep's work?

For each rep in scope: their phones' last sync, the oldest last sync among their
active phones (records captured after it may still be on that phone), the pending
count the phones reported, the records the per-device counter shows as missing,
and when the last visit and price check reached the server. Plain SQLAlchemy.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.devices import as_ranges, missing_count

from ...models import Device, PriceCheck, User, Visit
from ...scope import visible_store_ids
from ..sync_queries import scoped_reps


@dataclass
class RepFreshness:
    """One rep's line on the freshness page."""

    rep: User
    devices: list[Device] = field(default_factory=list)
    last_sync_at: datetime | None = None
    oldest_sync_at: datetime | None = None  # the least recent last sync of an active phone
    never_synced: int = 0  # active phones registered but never synced
    pending_reported: int = 0
    missing: int = 0
    first_missing: int | None = None
    last_visit_received: datetime | None = None
    last_visit_started: datetime | None = None
    last_price_check_received: datetime | None = None

    @property
    def active_devices(self) -> list[Device]:
        """Phones whose token still works."""
        return [d for d in self.devices if d.revoked_at is None]


def _summarise(line: RepFreshness) -> None:
    synced = [d.last_sync_at for d in line.active_devices if d.last_sync_at is not None]
    everything = [d.last_sync_at for d in line.devices if d.last_sync_at is not None]
    line.last_sync_at = max(everything, default=None)
    line.oldest_sync_at = min(synced, default=None)
    line.never_synced = sum(1 for d in line.active_devices if d.last_sync_at is None)
    line.pending_reported = sum(d.pending_reported or 0 for d in line.active_devices)
    line.missing = sum(missing_count(d.missing_seqs) for d in line.devices)
    line.first_missing = min((first for d in line.devices
                              for first, _ in as_ranges(d.missing_seqs)), default=None)


def rep_freshness(session: Session, user: User) -> list[RepFreshness]:
    """Freshness of every rep in `user`'s scope, stalest first (never synced at the top)."""
    lines = {rep.id: RepFreshness(rep) for rep in scoped_reps(session, user)}
    if not lines:
        return []
    for device in session.scalars(select(Device).where(Device.user_id.in_(list(lines)))
                                  .order_by(Device.created_at)):
        lines[device.user_id].devices.append(device)
    in_scope = visible_store_ids(user)
    visits = session.execute(
        select(Visit.rep_id, func.max(Visit.created_at), func.max(Visit.started_at))
        .where(Visit.rep_id.in_(list(lines)), Visit.store_id.in_(in_scope))
        .group_by(Visit.rep_id))
    for rep_id, received, started in visits:
        lines[rep_id].last_visit_received, lines[rep_id].last_visit_started = received, started
    checks = session.execute(
        select(PriceCheck.rep_id, func.max(PriceCheck.created_at))
        .where(PriceCheck.rep_id.in_(list(lines)), PriceCheck.store_id.in_(in_scope))
        .group_by(PriceCheck.rep_id))
    for rep_id, received in checks:
        lines[rep_id].last_price_check_received = received
    for line in lines.values():
        _summarise(line)
    return sorted(lines.values(), key=_staleness)


def _staleness(line: RepFreshness) -> tuple:
    if not line.active_devices:
        return (1, 0.0, line.rep.display_name)
    if line.never_synced:
        return (0, 0.0, line.rep.display_name)
    return (0, line.oldest_sync_at.timestamp() if line.oldest_sync_at else 0.0,
            line.rep.display_name)
