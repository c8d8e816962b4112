"""What the store owner's pages read: their stores and their orders. No Flask."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Order, Store, SyncReceipt, User
from ..scope import visible_store_ids, visible_stores

HOME_ORDERS = 10
STORE_ORDERS = 20


def owner_stores(session: Session, user: User) -> list[Store]:
    """The stores `user` owns, by name."""
    return list(session.scalars(visible_stores(user).order_by(Store.name)).all())


def latest_orders(session: Session, user: User, limit: int = HOME_ORDERS) -> list[Order]:
    """The latest orders of every store `user` owns, newest first."""
    return list(session.scalars(
        select(Order).where(Order.store_id.in_(visible_store_ids(user)))
        .order_by(Order.placed_at.desc()).limit(limit)).all())


def store_orders(session: Session, store: Store, limit: int = STORE_ORDERS) -> list[Order]:
    """The latest orders of one store (the caller checked it is the user's), newest first."""
    return list(session.scalars(
        select(Order).where(Order.store_id == store.id)
        .order_by(Order.placed_at.desc()).limit(limit)).all())


def applied_order_number(session: Session, user: User, record_id: str | None) -> str | None:
    """The number of the order `user`'s `order` record placed (its sync receipt), for a
    record sent again."""
    if not record_id:
        return None
    result = session.scalar(select(SyncReceipt.result).where(
        SyncReceipt.record_id == str(record_id).lower(), SyncReceipt.user_id == user.id,
        SyncReceipt.record_type == "order"))
    return result.get("number") if isinstance(result, dict) else None
