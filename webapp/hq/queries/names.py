"""Who and what the HQ rows name: users by id, business types, a store's open conflicts."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ReferenceItem, Store, SyncConflict, User


def users_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, User]:
    """The users with these ids (None is skipped), by id."""
    wanted = sorted(set(ids) - {None})
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(wanted)))}


def business_type_names(session: Session, lang: str) -> dict[str, str]:
    """Business-type codes to names in `lang` (retired ones too: old rows still name them)."""
    items = session.scalars(select(ReferenceItem).where(ReferenceItem.kind == "business_type"))
    return {i.code: (i.name_en if lang == "en" else i.name_zh) for i in items}


def active_business_types(session: Session) -> list[str]:
    """The business-type codes a store may be given now."""
    return list(session.scalars(select(ReferenceItem.code).where(
        ReferenceItem.kind == "business_type", ReferenceItem.active.is_(True))).all())


def open_conflicts(session: Session, store: Store) -> list[SyncConflict]:
    """The store's conflicts waiting for a choice."""
    return list(session.scalars(select(SyncConflict).where(
        SyncConflict.store_id == store.id, SyncConflict.status == "open")).all())
