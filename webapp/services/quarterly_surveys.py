"""The quarterly general survey and a ticket's callback survey (002 满意度调查; issue 12
item 9). The order survey is `services.surveys` (the owner's order pages).

A store owes the survey of the current quarter until its owner answers or skips it or
the quarter ends; a closed ticket's callback survey is offered once on the ticket.
Each is one `SurveyAnswer` row per store and period (the table's unique key makes a
second answer impossible): answered scores 1–5 and a comment, or skipped. Nothing
commits.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Store, SurveyAnswer, Ticket, User, utcnow
from ..rules import survey_periods as periods
from ..rules.codes import TicketStatus
from .audit import record_audit
from .refusals import ActionRefused

COMMENT_MAX = 2000
CALLBACK_SURVEY_STATUSES = (TicketStatus.CALLBACK_DONE, TicketStatus.CLOSED)


def _answer_for(session: Session, store_id: int, period: str) -> SurveyAnswer | None:
    return session.scalar(select(SurveyAnswer).where(SurveyAnswer.store_id == store_id,
                                                     SurveyAnswer.period == period))


def quarterly_survey_due(session: Session, store: Store, today: date) -> str | None:
    """The period ('2026-Q4') whose survey `store` still owes on local `today`, or None
    when it was answered or skipped this quarter."""
    period = periods.quarter_period(today)
    return None if _answer_for(session, store.id, period) else period


def _scores(scores: dict, names: tuple[str, ...]) -> dict[str, int]:
    try:
        return {name: periods.check_score(scores.get(name)) for name in names}
    except ValueError:
        raise ActionRefused("survey_score", "1–5") from None


def _save(session: Session, user: User, store: Store, period: str, *, skipped: bool,
          scores: dict[str, int], comment: str, ticket_id: str | None,
          now: datetime | None) -> SurveyAnswer:
    if _answer_for(session, store.id, period) is not None:
        raise ActionRefused("survey_done", period)
    answer = SurveyAnswer(store_id=store.id, user_id=user.id, period=period, skipped=skipped,
                          ticket_id=ticket_id, comment=(comment or "").strip()[:COMMENT_MAX],
                          answered_at=now or utcnow(), **scores)
    session.add(answer)
    session.flush()
    record_audit(session, user, "survey_skipped" if skipped else "survey_answered",
                 "store", store.id, {"period": period, **scores})
    return answer


def record_quarterly_survey(session: Session, user: User, store: Store, today: date,
                            scores: dict, comment: str = "",
                            now: datetime | None = None) -> SurveyAnswer:
    """Answer this quarter's survey for `store`: attitude, effect, product, overall
    (each 1–5) and suggestions. Refused when already answered or skipped."""
    return _save(session, user, store, periods.quarter_period(today), skipped=False,
                 scores=_scores(scores, periods.QUARTER_SCORES), comment=comment,
                 ticket_id=None, now=now)


def skip_quarterly_survey(session: Session, user: User, store: Store, today: date,
                          now: datetime | None = None) -> SurveyAnswer:
    """Skip this quarter's survey: not offered again until the next quarter."""
    return _save(session, user, store, periods.quarter_period(today), skipped=True,
                 scores={}, comment="", ticket_id=None, now=now)


def callback_survey_due(session: Session, ticket: Ticket) -> bool:
    """Whether the ticket's callback survey is still to be offered: it is settled
    (callback done or closed) and its store has neither answered nor skipped it."""
    if ticket.status not in CALLBACK_SURVEY_STATUSES:
        return False
    return _answer_for(session, ticket.store_id, periods.ticket_period(ticket.id)) is None


def record_callback_survey(session: Session, user: User, ticket: Ticket, scores: dict | None,
                           comment: str = "", now: datetime | None = None) -> SurveyAnswer:
    """Answer (scores: attitude, effect, overall) or skip (scores None) the survey after
    a settled ticket. Refused before the ticket is settled or when done already."""
    if ticket.status not in CALLBACK_SURVEY_STATUSES:
        raise ActionRefused("survey_not_due", ticket.status)
    skipped = scores is None
    return _save(session, user, ticket.store, periods.ticket_period(ticket.id),
                 skipped=skipped,
                 scores={} if skipped else _scores(scores, periods.CALLBACK_SCORES),
                 comment=comment, ticket_id=ticket.id, now=now)
