"""Notices to stores (信息发布, spec 000; issue 12 item 10): publish, read, receipts.

HQ staff publish to any stores; a market manager only within their region (the
scoping helper decides: a choice outside it is refused, never silently narrowed). The
audience is any combination of regions, territories, business types and grades: within
one of them any value matches, across them all must (regions {1} and grades {A, B}:
the A and B stores of region 1); an empty audience is every store in the publisher's
scope. It is resolved once, at publishing, to `NoticeStore` rows; `Notice.audience`
keeps the choice. The owners of those stores and the reps of their territories get one
NOTICE_PUBLISHED notification each. Nothing commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Notice,
    NoticeReceipt,
    NoticeStore,
    Region,
    Store,
    Territory,
    User,
    utcnow,
)
from ..models.notice import NOTICE_KINDS
from ..rules.codes import NotificationKind
from ..rules.roles import REP
from ..scope import store_filter
from .audit import record_audit
from .notifications import notify
from .refusals import ActionRefused

TITLE_MAX = 200
BODY_MAX = 5000


@dataclass
class Audience:
    """Which stores a notice is for: each list narrows; an empty list does not."""

    region_ids: list[int] = field(default_factory=list)
    territory_ids: list[int] = field(default_factory=list)
    business_types: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The choice as stored in `Notice.audience`."""
        return {"region_ids": sorted(self.region_ids), "territory_ids": sorted(self.territory_ids),
                "business_types": sorted(self.business_types), "grades": sorted(self.grades)}


def _check_in_scope(session: Session, publisher: User, audience: Audience) -> None:
    """Refuse a region or territory with no store the publisher may see."""
    seen = select(Store.territory_id).where(store_filter(publisher)).distinct()
    territories = set(session.scalars(seen))
    regions = set(session.scalars(select(Territory.region_id).where(
        Territory.id.in_(territories)))) if territories else set()
    known_regions = set(session.scalars(select(Region.id).where(
        Region.id.in_(audience.region_ids)))) if audience.region_ids else set()
    if set(audience.region_ids) - known_regions or set(audience.region_ids) - regions:
        raise ActionRefused("notice_out_of_scope", "region")
    if set(audience.territory_ids) - territories:
        raise ActionRefused("notice_out_of_scope", "territory")


def audience_store_ids(session: Session, publisher: User, audience: Audience) -> list[int]:
    """The stores in the publisher's scope that match every narrowing of `audience`."""
    query = select(Store.id).where(store_filter(publisher), Store.status == "active")
    if audience.region_ids:
        query = query.join(Territory, Territory.id == Store.territory_id).where(
            Territory.region_id.in_(audience.region_ids))
    if audience.territory_ids:
        query = query.where(Store.territory_id.in_(audience.territory_ids))
    if audience.business_types:
        query = query.where(Store.business_type.in_(audience.business_types))
    if audience.grades:
        query = query.where(Store.grade.in_(audience.grades))
    return sorted(session.scalars(query))


def notice_recipient_ids(session: Session, store_ids: list[int]) -> set[int]:
    """The owners of `store_ids` and the active reps of their territories."""
    if not store_ids:
        return set()
    owners = session.scalars(select(Store.owner_id).where(Store.id.in_(store_ids),
                                                          Store.owner_id.is_not(None)))
    territories = select(Store.territory_id).where(Store.id.in_(store_ids))
    reps = session.scalars(select(User.id).where(
        User.role == REP, User.active.is_(True),
        User.territory_id.in_(territories.scalar_subquery())))
    return {*owners, *reps}


def publish_notice(session: Session, publisher: User, *, kind: str, title: str, body: str,
                   audience: Audience, expires_at: datetime | None = None,
                   now: datetime | None = None) -> Notice:
    """Publish a notice to the stores `audience` resolves to and notify their owners and
    reps. Refused: an unknown kind, an empty title or body, an expiry already past, a
    region or territory outside the publisher's scope, an audience with no store."""
    at = now or utcnow()
    title, body = (title or "").strip(), (body or "").strip()
    if kind not in NOTICE_KINDS:
        raise ActionRefused("notice_kind_unknown", kind)
    if not title or not body:
        raise ActionRefused("notice_empty")
    if expires_at is not None and expires_at <= at:
        raise ActionRefused("notice_expired")
    _check_in_scope(session, publisher, audience)
    store_ids = audience_store_ids(session, publisher, audience)
    if not store_ids:
        raise ActionRefused("notice_no_stores")
    regions = set(audience.region_ids)
    notice = Notice(kind=kind, title=title[:TITLE_MAX], body=body[:BODY_MAX],
                    region_id=next(iter(regions)) if len(regions) == 1 else publisher.region_id,
                    audience=audience.as_dict(), created_by_id=publisher.id, published_at=at,
                    expires_at=expires_at)
    session.add(notice)
    session.flush()
    session.add_all(NoticeStore(notice_id=notice.id, store_id=sid) for sid in store_ids)
    notify(session, notice_recipient_ids(session, store_ids), NotificationKind.NOTICE_PUBLISHED,
           "notice", notice.id, f"notice:{notice.id}", params={"title": notice.title, "kind": kind},
           now=at)
    record_audit(session, publisher, "notice_published", "notice", notice.id,
                 {"audience": notice.audience, "stores": len(store_ids)})
    session.flush()
    return notice


def mark_notice_read(session: Session, reader: User, notice: Notice, store_id: int,
                     now: datetime | None = None) -> bool:
    """Record that `reader` read `notice` for `store_id` (once: the first time stays);
    True when this was the first read. The caller has checked the notice reaches the
    store and the reader may see it."""
    found = session.scalar(select(NoticeReceipt.id).where(
        NoticeReceipt.notice_id == notice.id, NoticeReceipt.store_id == store_id,
        NoticeReceipt.user_id == reader.id))
    if found is not None:
        return False
    session.add(NoticeReceipt(notice_id=notice.id, store_id=store_id, user_id=reader.id,
                              read_at=now or utcnow()))
    session.flush()
    return True


def visible_notices(publisher: User):
    """`SELECT notice` the user may manage: HQ staff all; a manager those reaching a
    store of their region (scope through the stores, like every store question)."""
    reached = select(NoticeStore.notice_id).join(Store, Store.id == NoticeStore.store_id).where(
        store_filter(publisher))
    return select(Notice).where(Notice.id.in_(reached.scalar_subquery()))


__all__ = ["Audience", "audience_store_ids", "mark_notice_read", "notice_recipient_ids",
           "publish_notice", "visible_notices"]
