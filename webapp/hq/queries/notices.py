"""What the HQ notice pages read: the notices a user manages with how many stores each
reached and read, one notice's receipts, and the audience choices in scope. No Flask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Notice, NoticeReceipt, NoticeStore, Region, Store, Territory, User
from ...scope import store_filter
from ...services.notices import visible_notices

NOTICES_SHOWN = 100


@dataclass
class NoticeRow:
    """A notice in the list: how many stores it reached and in how many it was read."""

    notice: Notice
    reached: int
    read: int


@dataclass
class StoreReceipt:
    """One reached store and who there read the notice, when (none: unread)."""

    store: Store
    reads: list[tuple[User, datetime]]


def notice_rows(session: Session, user: User, limit: int = NOTICES_SHOWN) -> list[NoticeRow]:
    """The notices `user` manages, newest first, with reach and read counts."""
    notices = list(session.scalars(visible_notices(user)
                                   .order_by(Notice.published_at.desc(), Notice.id.desc())
                                   .limit(limit)))
    ids = [n.id for n in notices]
    if not ids:
        return []
    reached = dict(session.execute(select(NoticeStore.notice_id, func.count()).where(
        NoticeStore.notice_id.in_(ids)).group_by(NoticeStore.notice_id)).all())
    read = dict(session.execute(select(
        NoticeReceipt.notice_id, func.count(func.distinct(NoticeReceipt.store_id))).where(
        NoticeReceipt.notice_id.in_(ids)).group_by(NoticeReceipt.notice_id)).all())
    return [NoticeRow(n, reached.get(n.id, 0), read.get(n.id, 0)) for n in notices]


def find_notice(session: Session, user: User, notice_id: int) -> Notice | None:
    """The notice if `user` manages it (it reaches a store in their scope), else None."""
    return session.scalars(visible_notices(user).where(Notice.id == notice_id)).first()


def notice_receipts(session: Session, user: User, notice: Notice) -> list[StoreReceipt]:
    """Every store in `user`'s scope the notice reached, with its reads (unread first)."""
    stores = list(session.scalars(select(Store).join(
        NoticeStore, NoticeStore.store_id == Store.id).where(
        NoticeStore.notice_id == notice.id, store_filter(user)).order_by(Store.name)))
    reads: dict[int, list[tuple[User, datetime]]] = {s.id: [] for s in stores}
    rows = session.execute(select(NoticeReceipt, User).join(
        User, User.id == NoticeReceipt.user_id).where(
        NoticeReceipt.notice_id == notice.id).order_by(NoticeReceipt.read_at))
    for receipt, reader in rows:
        if receipt.store_id in reads:
            reads[receipt.store_id].append((reader, receipt.read_at))
    receipts = [StoreReceipt(s, reads[s.id]) for s in stores]
    return sorted(receipts, key=lambda r: bool(r.reads))


def audience_choices(session: Session, user: User) -> tuple[list, list]:
    """(regions, territories) holding a store in `user`'s scope, by name."""
    territory_ids = select(Store.territory_id).where(store_filter(user)).distinct()
    territories = list(session.scalars(select(Territory).where(
        Territory.id.in_(territory_ids.scalar_subquery())).order_by(Territory.name)))
    region_ids = {t.region_id for t in territories}
    regions = list(session.scalars(select(Region).where(Region.id.in_(region_ids))
                                   .order_by(Region.name))) if region_ids else []
    return regions, territories
