"""The audit log: one line per HQ action (who, what, which entity, the server clock).

A push writes its own lines in bulk (`push.apply_batch`); HQ's actions call
`record_audit`.
"""

from typing import Any

from sqlalchemy.orm import Session

from sync.hlc import HLC

from ..models import AuditLog, User, utcnow


def record_audit(session: Session, user: User, action: str, entity_type: str,
                 entity_id: Any, details: dict, server_hlc: HLC | None = None,
                 device_id: str | None = None) -> None:
    """One audit-log line for an HQ action (who, what, which entity, the server clock)."""
    session.add(AuditLog(at=utcnow(), user_id=user.id, device_id=device_id, action=action,
                         entity_type=entity_type, entity_id=str(entity_id)[:36],
                         details=details, server_hlc=str(server_hlc) if server_hlc else None))
