"""The dashboard's headline figures and the lists behind its tiles.

Each tile opens the rows it counts: a figure and its list share one condition
(`CLOSED_TICKET_STATUSES`, `CLOSED_ORDER_STATUSES`, the last 7 days). No Flask.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ...models import Order, RestockRequest, Store, Ticket, User, Visit
from ...rules.order_desk import DELIVERY_DONE_STATUSES
from ...rules.ticket_status import SETTLED_STATUSES
from ...scope import visible_store_ids, visible_stores

# what the dashboard counts as no longer open (its tiles open the same rows)
CLOSED_TICKET_STATUSES = SETTLED_STATUSES  # rules.ticket_status
CLOSED_ORDER_STATUSES = DELIVERY_DONE_STATUSES  # the queue's "undelivered" leaves them out
LIST_LIMIT = 200
RECENT = timedelta(days=7)


def _count(session: Session, stmt) -> int:
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def dashboard_figures(session: Session, user: User, now: datetime) -> dict[str, int]:
    """Headline figures for the stores in `user`'s scope."""
    in_scope = visible_store_ids(user)
    return {
        "stores": _count(session, visible_stores(user)),
        "visits_7d": _count(session, select(Visit.id).where(
            Visit.store_id.in_(in_scope), Visit.started_at >= now - RECENT)),
        "open_tickets": _count(session, select(Ticket.id).where(
            Ticket.store_id.in_(in_scope), Ticket.status.not_in(CLOSED_TICKET_STATUSES))),
        "restock_waiting": _count(session, select(RestockRequest.id).where(
            RestockRequest.store_id.in_(in_scope), RestockRequest.status == "submitted")),
        "orders_open": _count(session, select(Order.id).where(
            Order.store_id.in_(in_scope), Order.status.not_in(CLOSED_ORDER_STATUSES))),
    }


def find_stores(session: Session, user: User, query: str) -> list[Store]:
    """The stores in scope whose name or customer code holds `query` (all when empty)."""
    stmt = visible_stores(user)
    if query:
        like = f"%{query}%"
        stmt = stmt.where(Store.name.ilike(like) | Store.customer_code.ilike(like))
    return list(session.scalars(stmt.order_by(Store.customer_code).limit(LIST_LIMIT)).all())


def recent_visits(session: Session, user: User, now: datetime) -> list[Visit]:
    """Visits to stores in scope in the last 7 days, newest first."""
    return list(session.scalars(
        select(Visit).options(joinedload(Visit.store), joinedload(Visit.rep))
        .where(Visit.store_id.in_(visible_store_ids(user)), Visit.started_at >= now - RECENT)
        .order_by(Visit.started_at.desc()).limit(LIST_LIMIT)).all())


