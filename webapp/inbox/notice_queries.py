"""What owners and reps read of notices: those reaching a store, not expired, and one of
them if it reaches one of the reader's stores (an owner's stores, a rep's territory:
`scope.visible_store_ids`). No Flask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import Notice, NoticeReceipt, NoticeStore, Store, User
from ..scope import visible_store_ids

HOME_NOTICES = 5


@dataclass
class OwnerNotice:
    """A notice on the owner's page and when they read it (None: not yet)."""

    notice: Notice
    read_at: datetime | None


def _live(now: datetime):
    return or_(Notice.expires_at.is_(None), Notice.expires_at > now)


def store_notices(session: Session, user: User, store: Store, now: datetime,
                  limit: int = HOME_NOTICES) -> list[OwnerNotice]:
    """The live notices to `store` (the caller checked it is the user's), newest first."""
    rows = session.execute(
        select(Notice, NoticeReceipt.read_at)
        .join(NoticeStore, NoticeStore.notice_id == Notice.id)
        .outerjoin(NoticeReceipt, (NoticeReceipt.notice_id == Notice.id)
                   & (NoticeReceipt.store_id == store.id) & (NoticeReceipt.user_id == user.id))
        .where(NoticeStore.store_id == store.id, _live(now))
        .order_by(Notice.published_at.desc(), Notice.id.desc()).limit(limit))
    return [OwnerNotice(n, read_at) for n, read_at in rows]


def reader_notice(session: Session, user: User, notice_id: int, now: datetime,
                 prefer_store_id: int | None = None) -> tuple[Notice, int] | None:
    """(the notice, the store of the reader's it reaches) if it is live and reaches one of
    their stores — the current one when it does — else None (the page answers 404)."""
    reached = list(session.execute(
        select(Notice, NoticeStore.store_id).join(NoticeStore, NoticeStore.notice_id == Notice.id)
        .where(Notice.id == notice_id, _live(now),
               NoticeStore.store_id.in_(visible_store_ids(user).scalar_subquery()))
        .order_by(NoticeStore.store_id)))
    if not reached:
        return None
    for found, store_id in reached:
        if store_id == prefer_store_id:
            return found, store_id
    return reached[0][0], reached[0][1]
