"""The rep's open check-in at a store: arrival kept on the server until check-out.

The time and place of arrival are fixed by the first check-in; a second one (a second
tap, an old page) finds it and keeps its time. Checking out, or the visit arriving
from the phone's outbox, ends it; one left open longer than `lapse` is forgotten.
Never commits: the view does.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import OpenCheckIn, User, Visit

OPEN_VISIT_HOURS = 12  # Rounds default: a check-in left open longer than a working day lapses


@dataclass(frozen=True)
class Arrival:
    """Where and when the rep arrived (the phone's position when it was allowed)."""

    started_at: datetime
    lat: float | None = None
    lng: float | None = None
    accuracy_m: float | None = None


def open_check_in(session: Session, rep: User, store_id: int, now: datetime,
                  lapse: timedelta = timedelta(hours=OPEN_VISIT_HOURS)) -> OpenCheckIn | None:
    """The rep's check-in at this store not checked out yet; a lapsed one, or one whose
    visit already reached the server from the phone, is ended and None answered."""
    found = session.scalar(select(OpenCheckIn).where(
        OpenCheckIn.rep_id == rep.id, OpenCheckIn.store_id == store_id))
    if found is None:
        return None
    if session.get(Visit, found.id) is not None or now - found.started_at > lapse:
        end_check_in(session, rep, store_id)
        return None
    return found


def check_in(session: Session, rep: User, store_id: int, visit_id: str, arrival: Arrival,
             now: datetime) -> OpenCheckIn:
    """The open check-in at this store: the one already there, else a new one.

    Two check-ins racing at the same moment (one rep, one store) keep the first: the
    insert runs in a savepoint, and the loser reads the winner's row.
    """
    found = open_check_in(session, rep, store_id, now)
    if found is not None:
        return found
    row = OpenCheckIn(id=visit_id, rep_id=rep.id, store_id=store_id,
                      started_at=arrival.started_at, lat=arrival.lat, lng=arrival.lng,
                      accuracy_m=arrival.accuracy_m)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return open_check_in(session, rep, store_id, now) or row
    return row


def end_check_in(session: Session, rep: User, store_id: int,
                 visit_id: str | None = None) -> None:
    """Forget the open check-in at this store (only `visit_id`'s, when given)."""
    query = delete(OpenCheckIn).where(OpenCheckIn.rep_id == rep.id,
                                      OpenCheckIn.store_id == store_id)
    if visit_id is not None:
        query = query.where(OpenCheckIn.id == visit_id)
    session.execute(query)
