"""What the HQ sync pages read, always limited by the scoping helper.

HQ staff and admins see everything; a market manager sees only rows tied to a store
of their region. A conflict or store change names its store; a quarantined record
names one in its payload (when readable); a device belongs to a user whose territory
holds stores. Rows with no store at all are for HQ staff only. Plain SQLAlchemy.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from sync.record_fields import INT32_MAX

from ..models import Device, QuarantinedRecord, Store, StoreChange, SyncConflict, User
from ..rules import roles
from ..scope import (
    device_filter,
    sees_everything,
    store_filter,
    visible_store_ids,
    visible_user_ids,
)

LIST_LIMIT = 200
QUARANTINE_SCAN = 5000  # rows scanned to fill a market manager's page


def scoped_conflicts(session: Session, user: User, status: str = "open") -> list[SyncConflict]:
    """Conflicts of stores in scope, newest first ('all' for every status)."""
    stmt = select(SyncConflict).where(SyncConflict.store_id.in_(visible_store_ids(user)))
    if status != "all":
        stmt = stmt.where(SyncConflict.status == status)
    return list(session.scalars(stmt.order_by(SyncConflict.id.desc()).limit(LIST_LIMIT)))


def find_conflict(session: Session, user: User, conflict_id: int) -> SyncConflict | None:
    """The conflict if its store is in scope (callers answer 404 otherwise)."""
    return session.scalar(select(SyncConflict).where(
        SyncConflict.id == conflict_id, SyncConflict.store_id.in_(visible_store_ids(user))))


def stores_by_id(session: Session, user: User, ids: set[int]) -> dict[int, Store]:
    """The stores in scope among `ids`."""
    if not ids:
        return {}
    stmt = select(Store).where(store_filter(user), Store.id.in_(sorted(ids)))
    return {s.id: s for s in session.scalars(stmt)}


def device_tag(device_id: str) -> str:
    """The short mark that tells a rep's phones apart on HQ's pages."""
    return device_id.replace("-", "")[:6]


def describe_sources(session: Session, sources: set[str]) -> dict[str, dict]:
    """Who wrote each conflict side: {"kind": "hq"|"phone"|"other", "name", "device"}.

    Sources are "hq:<user id>" for HQ edits, else the id of the phone's record. A
    phone is named with the start of its id too (as on the devices page): two phones
    of one rep usually carry the same name ("rep1 · Android Chrome").
    """
    found: dict[str, dict] = {s: {"kind": "other", "name": s, "device": None} for s in sources}
    hq_ids = {int(s[3:]) for s in sources if s.startswith("hq:") and s[3:].isdigit()}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(hq_ids)))}
    for source in sources:
        if source.startswith("hq:") and source[3:].isdigit():
            user = users.get(int(source[3:]))
            found[source] = {"kind": "hq", "name": user.display_name if user else source,
                             "device": None}
    record_ids = [s for s in sources if not s.startswith("hq:")]
    changes = session.execute(
        select(StoreChange.id, User.display_name, Device.name, Device.id)
        .join(User, User.id == StoreChange.reported_by_id)
        .outerjoin(Device, Device.id == StoreChange.device_id)
        .where(StoreChange.id.in_(record_ids)))
    for change_id, name, device, device_id in changes:
        found[change_id] = {"kind": "phone", "name": name,
                            "device": f"{device} #{device_tag(device_id)}" if device_id else None}
    return found


def payload_store_id(payload: object) -> int | None:
    """The store a raw record names in data.store_id, if it can be a store's id at all
    (a quarantined 18446744073709551616 names none, and never reaches a query)."""
    data = payload.get("data") if isinstance(payload, dict) else None
    store_id = data.get("store_id") if isinstance(data, dict) else None
    return store_id if type(store_id) is int and 1 <= store_id <= INT32_MAX else None


def _in_scope(session: Session, user: User,
              items: list[QuarantinedRecord]) -> list[QuarantinedRecord]:
    if sees_everything(user):
        return items
    wanted = {payload_store_id(i.payload) for i in items} - {None}
    visible = set(stores_by_id(session, user, wanted))
    return [i for i in items if payload_store_id(i.payload) in visible]


def scoped_quarantine(session: Session, user: User,
                      status: str = "open") -> list[QuarantinedRecord]:
    """Quarantined records in scope, newest first ('all' for every status)."""
    stmt = select(QuarantinedRecord)
    if status != "all":
        stmt = stmt.where(QuarantinedRecord.status == status)
    limit = LIST_LIMIT if sees_everything(user) else QUARANTINE_SCAN
    rows = list(session.scalars(stmt.order_by(QuarantinedRecord.id.desc()).limit(limit)))
    return _in_scope(session, user, rows)[:LIST_LIMIT]


def find_quarantined(session: Session, user: User, item_id: int) -> QuarantinedRecord | None:
    """The quarantined record if it is in scope."""
    item = session.get(QuarantinedRecord, item_id)
    return item if item is not None and _in_scope(session, user, [item]) else None


def scoped_devices(session: Session, user: User) -> list[Device]:
    """Devices in scope: active first, most recently synced first."""
    stmt = select(Device).options(joinedload(Device.user)).where(device_filter(user))
    rows = session.scalars(stmt.order_by(Device.created_at.desc())).all()
    far_past = 0.0
    return sorted(rows, key=lambda d: (d.revoked_at is not None,
                                       -(d.last_sync_at.timestamp() if d.last_sync_at
                                         else far_past)))


def find_device(session: Session, user: User, device_id: str) -> Device | None:
    """The device if it is in scope."""
    stmt = select(Device).where(Device.id == device_id, device_filter(user))
    return session.scalar(stmt)


def scoped_reps(session: Session, user: User) -> list[User]:
    """Active reps in scope, by territory then name."""
    stmt = select(User).where(User.role.in_(roles.FIELD_ROLES), User.active.is_(True),
                              User.id.in_(visible_user_ids(user).scalar_subquery()))
    return list(session.scalars(stmt.order_by(User.territory_id, User.display_name)))


def pending_store_changes(session: Session, user: User) -> list[StoreChange]:
    """Reported store changes waiting for HQ, oldest first (they have a deadline)."""
    stmt = (select(StoreChange).options(joinedload(StoreChange.store),
                                        joinedload(StoreChange.reported_by))
            .where(StoreChange.status == "pending",
                   StoreChange.store_id.in_(visible_store_ids(user)))
            .order_by(StoreChange.reported_at, StoreChange.id).limit(LIST_LIMIT))
    return list(session.scalars(stmt))


def find_store_change(session: Session, user: User, change_id: str) -> StoreChange | None:
    """The store change if its store is in scope."""
    return session.scalar(select(StoreChange).where(
        StoreChange.id == change_id, StoreChange.store_id.in_(visible_store_ids(user))))
