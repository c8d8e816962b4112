"""The visit a ticket was taken in (issue 12 item 2): the phone names it, the rules decide.

A rep who takes a complaint while checked in at a store sends the visit's id with the
ticket. The server links the two only when the visit is that rep's own, at the ticket's
store, and the ticket was received while the visit lasted (with an hour's slack either
way for the phone's clock; an open visit lasts at most 12 hours, as a check-in does).
Anything else is never linked, and never a reason to refuse the ticket: a complaint is
not lost because of the visit it names.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .calendar import to_utc

LINK_SLACK = timedelta(hours=1)
OPEN_VISIT_SPAN = timedelta(hours=12)  # like an open check-in (services.check_ins)


class VisitLink(StrEnum):
    """Why a named visit is not linked to the ticket (the codes in a push result)."""

    UNKNOWN = "visit_unknown"  # not received (yet): linked when it arrives
    OTHER_REP = "visit_other_rep"
    OTHER_STORE = "visit_other_store"
    OUTSIDE_VISIT = "visit_outside_time"


@dataclass(frozen=True)
class VisitSpan:
    """What the rule needs to know of a stored visit (times aware)."""

    rep_id: int
    store_id: int
    started_at: datetime
    ended_at: datetime | None


def visit_link_problem(visit: VisitSpan | None, rep_id: int, store_id: int,
                       received_at: datetime) -> VisitLink | None:
    """None when the ticket may be linked to `visit`; else why not."""
    if visit is None:
        return VisitLink.UNKNOWN
    if visit.rep_id != rep_id:
        return VisitLink.OTHER_REP
    if visit.store_id != store_id:
        return VisitLink.OTHER_STORE
    start = to_utc(visit.started_at)
    end = to_utc(visit.ended_at) if visit.ended_at is not None else start + OPEN_VISIT_SPAN
    if not start - LINK_SLACK <= to_utc(received_at) <= end + LINK_SLACK:
        return VisitLink.OUTSIDE_VISIT
    return None
