"""The in-app inbox (issue 12 item 8): send a notification to users, count the unread,
mark read.

Sending is idempotent: each (user, `dedupe_key`) is stored once, so an event that is
applied twice (a retried push, a page reloaded) never notifies twice. The text is not
stored: `kind` names the message and `params` fill it in the reader's language when the
inbox renders. Marking read sets `read_at` once and only for the reader's own rows.
Nothing commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import Notification, User, utcnow


def notify(session: Session, user_ids: Iterable[int | None], kind: str, subject_type: str,
           subject_id: Any, dedupe_key: str, *, store_id: int | None = None,
           params: dict | None = None, now: datetime | None = None) -> int:
    """Add one notification for each user that has none with `dedupe_key`; returns how
    many were added. `None` ids are skipped (an order nobody placed in the app)."""
    wanted = {int(uid) for uid in user_ids if uid is not None}
    if not wanted:
        return 0
    have = set(session.scalars(select(Notification.user_id).where(
        Notification.user_id.in_(wanted), Notification.dedupe_key == dedupe_key)))
    at = now or utcnow()
    for user_id in sorted(wanted - have):
        session.add(Notification(user_id=user_id, kind=kind, store_id=store_id,
                                 subject_type=subject_type, subject_id=str(subject_id)[:36],
                                 params=params or {}, dedupe_key=dedupe_key[:120],
                                 created_at=at))
    session.flush()
    return len(wanted - have)


def unread_count(session: Session, user: User) -> int:
    """How many of `user`'s notifications are unread (the badge)."""
    return session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def inbox(session: Session, user: User, limit: int = 50) -> list[Notification]:
    """`user`'s newest notifications first."""
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id)
                                .order_by(Notification.created_at.desc(),
                                          Notification.id.desc()).limit(limit)))


def mark_subject_read(session: Session, user: User, subject_type: str, subject_id: str,
                      now: datetime | None = None) -> int:
    """Mark `user`'s unread notifications about one subject read (the notice they have
    just read where it is shown, not through the inbox). Returns how many changed."""
    result = session.execute(
        update(Notification).where(Notification.user_id == user.id,
                                   Notification.read_at.is_(None),
                                   Notification.subject_type == subject_type,
                                   Notification.subject_id == str(subject_id))
        .values(read_at=now or utcnow()).execution_options(synchronize_session=False))
    return result.rowcount or 0


def mark_read(session: Session, user: User, notification_ids: Iterable[int] | None = None,
              now: datetime | None = None) -> int:
    """Mark `user`'s notifications read (all unread ones when `notification_ids` is None);
    already-read ones keep their first time. Returns how many changed."""
    query = update(Notification).where(Notification.user_id == user.id,
                                       Notification.read_at.is_(None))
    if notification_ids is not None:
        ids = [int(i) for i in notification_ids]
        if not ids:
            return 0
        query = query.where(Notification.id.in_(ids))
    result = session.execute(query.values(read_at=now or utcnow())
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0
