"""What comes back to the rep (issue 12 items 5 and 6): HQ's decisions on the rep's store
changes, the fields still waiting for HQ, open visit follow-ups as dated to-dos, and the
sales follow-ups of supplied emergency restocks that have come due.

Each a small bounded query; `where` clauses come from `webapp.scope` in the callers.
Flask-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ...models import RestockLine, RestockRequest, StoreChange, Visit, VisitFollowUp
from ...rules.calendar import WorkCalendar
from ...rules.restock import followup_due
from ...rules.settings import ServiceSettings
from ...services.restock_supply import supplied_day
from ...services.store_changes import waiting_fields

STORE_DECISIONS_SHOWN_DAYS = 14  # Rounds default: HQ decides within a working day
TO_DO_LIMIT = 30


def decided_store_changes(session: Session, where, now: datetime) -> list[StoreChange]:
    """Store changes matching `where` that HQ applied or refused, reported in the last two
    weeks, newest first (the answer reaches the rep who reported them)."""
    return list(session.scalars(
        select(StoreChange).options(joinedload(StoreChange.store))
        .where(where, StoreChange.status != "pending",
               StoreChange.reported_at >= now - timedelta(days=STORE_DECISIONS_SHOWN_DAYS))
        .order_by(StoreChange.reported_at.desc()).limit(TO_DO_LIMIT)))


def fields_waiting_for_hq(session: Session, store_id: int) -> dict[str, str]:
    """Field → reported value of the store's changes still waiting for HQ (the latest
    report of a field wins)."""
    waiting: dict[str, str] = {}
    for change in session.scalars(select(StoreChange).where(
            StoreChange.store_id == store_id, StoreChange.status == "pending")
            .order_by(StoreChange.reported_at)):
        waiting.update(waiting_fields(change))
    return waiting


def open_follow_ups(session: Session, store_where) -> list[VisitFollowUp]:
    """Visit follow-ups not yet done for visits of stores matching `store_where`, the
    earliest due first (undated ones last)."""
    return list(session.scalars(
        select(VisitFollowUp).join(Visit, Visit.id == VisitFollowUp.visit_id)
        .options(joinedload(VisitFollowUp.visit).joinedload(Visit.store))
        .where(store_where, VisitFollowUp.done_at.is_(None))
        .order_by(VisitFollowUp.due_date.is_(None), VisitFollowUp.due_date, VisitFollowUp.id)
        .limit(TO_DO_LIMIT)))


@dataclass(frozen=True)
class RestockFollowup:
    """A supplied restock request waiting for the rep's sales follow-up, and its due day."""

    request: RestockRequest
    due_on: date
    supplied: int  # cartons supplied in all

    def is_due(self, day: date) -> bool:
        """Whether the follow-up can be recorded on `day`."""
        return day >= self.due_on


def restock_followups(session: Session, store_where, calendar: WorkCalendar,
                      settings: ServiceSettings) -> list[RestockFollowup]:
    """Supplied requests of stores matching `store_where` without their sales follow-up,
    with the day it comes due (`rules.restock.followup_due` from the local supply day)."""
    rows = session.scalars(
        select(RestockRequest)
        .options(joinedload(RestockRequest.store),
                 selectinload(RestockRequest.lines).joinedload(RestockLine.product))
        .where(store_where, RestockRequest.status == "fulfilled",
               RestockRequest.followed_up_at.is_(None))
        .order_by(RestockRequest.supplied_at).limit(TO_DO_LIMIT)).unique().all()
    return [RestockFollowup(r, followup_due(supplied_day(r, calendar), settings),
                            sum(line.supplied_quantity or 0 for line in r.lines))
            for r in rows]


def last_visit_findings(visit: Visit | None) -> list[tuple[str, bool, str]]:
    """(area, ok, note) of a visit's findings, problems first."""
    if visit is None:
        return []
    items = [(area, bool(f.get("ok")), f.get("note") or "")
             for area, f in (visit.findings or {}).items() if isinstance(f, dict)]
    return sorted(items, key=lambda item: (item[1], item[0]))


__all__ = ["RestockFollowup", "decided_store_changes", "fields_waiting_for_hq",
           "last_visit_findings", "open_follow_ups", "restock_followups"]
