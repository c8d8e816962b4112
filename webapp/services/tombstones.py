"""Tombstones: deleted entities kept for phones to drop, purged after the retention.

A tombstone older than `SYNC_TOMBSTONE_RETENTION_DAYS` is purged; the change counter
then remembers the highest change number purged (`tombstones_purged_below`), and a
pull whose cursor lies below it answers `reset`: that phone may have missed a
deletion, so it starts again from an empty cursor (`pull.pull_changes`).
"""

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..models import SyncCounter, Tombstone


def purge_tombstones(session: Session, older_than: datetime) -> int:
    """Delete the tombstones deleted before `older_than`; returns how many went.

    The reset horizon only ever moves up. Does not commit.
    """
    highest = session.scalar(select(func.max(Tombstone.seq))
                             .where(Tombstone.deleted_at < older_than))
    if highest is None:
        return 0
    purged = session.execute(delete(Tombstone).where(Tombstone.deleted_at < older_than)
                             .execution_options(synchronize_session=False)).rowcount
    counter = session.get(SyncCounter, 1)
    if counter is None:
        counter = SyncCounter(id=1, value=highest, tombstones_purged_below=0)
        session.add(counter)
    counter.tombstones_purged_below = max(counter.tombstones_purged_below or 0, highest)
    session.flush()
    return purged
