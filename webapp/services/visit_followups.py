"""Visit follow-ups as the rep's dated to-dos (issue 12 item 5): marking one done.

A follow-up written at a visit comes back on Today and the store page until it is marked
done. Marking is idempotent (done once, at the first time) and limited to the store's
rep: the caller finds the follow-up through `find_follow_up`, scoped by `webapp.scope`.
Nothing commits.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import User, Visit, VisitFollowUp
from ..scope import visible_store_ids
from .audit import record_audit


def find_follow_up(session: Session, user: User, follow_up_id: int) -> VisitFollowUp | None:
    """The follow-up if its visit's store is in `user`'s scope (callers answer 404)."""
    return session.scalars(
        select(VisitFollowUp).join(Visit, Visit.id == VisitFollowUp.visit_id)
        .where(VisitFollowUp.id == follow_up_id,
               Visit.store_id.in_(visible_store_ids(user)))).first()


def find_visit_follow_up(session: Session, user: User, visit_id: str,
                         index: int) -> VisitFollowUp | None:
    """The `index`-th follow-up (from 0, in the order the visit record listed them) of
    visit `visit_id`, if its store is in `user`'s scope: how a phone names a to-do of a
    visit it captured itself before it learnt the to-do's server id."""
    return session.scalars(
        select(VisitFollowUp).join(Visit, Visit.id == VisitFollowUp.visit_id)
        .where(VisitFollowUp.visit_id == visit_id,
               Visit.store_id.in_(visible_store_ids(user)))
        .order_by(VisitFollowUp.id).offset(index).limit(1)).first()


def mark_follow_up_done(session: Session, follow_up: VisitFollowUp, user: User,
                        now: datetime) -> bool:
    """Mark the to-do done; False (and nothing written) when it already was."""
    if follow_up.done_at is not None:
        return False
    follow_up.done_at = now
    record_audit(session, user, "rep.follow_up_done", "visit_follow_up", follow_up.id,
                 {"store_id": follow_up.visit.store_id, "visit_id": follow_up.visit_id})
    session.flush()
    return True
