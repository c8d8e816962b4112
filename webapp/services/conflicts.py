"""Conflicts of store fields: HQ keeps the winning value or applies the losing one.

The field merge (`store_fields`) keeps each losing value in a `SyncConflict` row;
here HQ settles it. Audit-logged; nothing commits.
"""

from sqlalchemy.orm import Session

from sync.hlc import HybridClock

from ..models import SyncConflict, User, utcnow
from .audit import record_audit
from .context import server_hlc
from .refusals import ActionRefused
from .store_fields import merge_store_fields
from .stores import locked_store


def choose_conflict_value(session: Session, conflict: SyncConflict, user: User, keep: str,
                          clock: HybridClock | None = None) -> SyncConflict:
    """Settle a conflict: keep the winning value ('kept'), or apply the losing one as an
    HQ edit ('swapped')."""
    if keep not in ("winner", "loser"):
        raise ActionRefused("invalid_choice", keep)
    if conflict.status != "open":
        raise ActionRefused("already_resolved", conflict.status)
    hlc = None
    if keep == "loser":
        if conflict.losing_value is None:
            raise ActionRefused("no_value", conflict.field)
        store = locked_store(session, conflict.store_id)
        if getattr(store, conflict.field) != conflict.losing_value:
            hlc = (clock or server_hlc()).now()
            merge_store_fields(session, store, {conflict.field: conflict.losing_value},
                               base_version=store.version, hlc=hlc, source=f"hq:{user.id}",
                               record_id=f"conflict:{conflict.id}")
    conflict.status = "kept" if keep == "winner" else "swapped"
    conflict.resolved_by_id, conflict.resolved_at = user.id, utcnow()
    chosen, other = ((conflict.winning_value, conflict.losing_value) if keep == "winner"
                     else (conflict.losing_value, conflict.winning_value))
    record_audit(session, user, f"hq.conflict_{conflict.status}", "sync_conflict", conflict.id,
                 {"store_id": conflict.store_id, "field": conflict.field, "value": chosen,
                  "other": other}, hlc)
    session.flush()
    return conflict
