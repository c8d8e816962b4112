"""The satisfaction survey after a completed order (spec §2.4 closing, §2.12; issue 11
item 7): asked once per order, answered or skipped, never twice.

Each answer is a `SurveyAnswer` of the order's store with period `order:<id>`; the
table's unique (store, period) makes "once" hold even for two taps at the same moment.
Scores are 1–5: service attitude (服务态度), service effect (服务效果) and overall (总体满意度,
required); a comment is optional. Refusals (`ActionRefused.reason`): not_allowed,
not_found, not_completed, survey_done, score_required, score_out_of_range. Nothing commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Order, Store, SurveyAnswer, User, utcnow
from ..rules import roles
from ..rules.codes import OrderStatus
from ..scope import get_visible_order
from .audit import record_audit
from .refusals import ActionRefused

COMMENT_MAX_CHARS = 1000
SCORES = ("attitude", "effect", "overall")
# The survey is offered for orders placed within this many days (older ones are history).
OFFER_DAYS = 30


def order_period(order_id: int) -> str:
    """The survey period of one order: 'order:<id>'."""
    return f"order:{order_id}"


def _answer(session: Session, order: Order) -> SurveyAnswer | None:
    return session.scalar(select(SurveyAnswer).where(
        SurveyAnswer.store_id == order.store_id,
        SurveyAnswer.period == order_period(order.id)))


def survey_due_for_order(session: Session, user: User, order: Order) -> bool:
    """Whether the owner should be asked about `order` now: it is completed and its
    store has neither answered nor skipped its survey."""
    return (user.role in roles.OWNER_ROLES and order.status == OrderStatus.COMPLETED
            and _answer(session, order) is None)


def survey_due_for_store(session: Session, user: User, store: Store | None,
                         now: datetime | None = None) -> Order | None:
    """The newest recent completed order of `store` still waiting for its survey."""
    if store is None or user.role not in roles.OWNER_ROLES:
        return None
    since = (now or utcnow()) - timedelta(days=OFFER_DAYS)
    answered = select(SurveyAnswer.order_id).where(
        SurveyAnswer.store_id == store.id, SurveyAnswer.order_id.is_not(None))
    return session.scalar(select(Order).where(
        Order.store_id == store.id, Order.status == OrderStatus.COMPLETED,
        Order.placed_at >= since, Order.id.not_in(answered))
        .order_by(Order.placed_at.desc(), Order.id.desc()).limit(1))


def _load(session: Session, user: User, order_id: int) -> Order:
    if user.role not in roles.OWNER_ROLES:
        raise ActionRefused("not_allowed", f"{user.role} does not answer store surveys")
    order = get_visible_order(session, user, order_id)
    if order is None:
        raise ActionRefused("not_found", f"order {order_id!r}")
    if order.status != OrderStatus.COMPLETED:
        raise ActionRefused("not_completed", order.status)
    if _answer(session, order) is not None:
        raise ActionRefused("survey_done")
    return order


def _score(name: str, raw: Any, required: bool) -> int | None:
    if raw in (None, ""):
        if required:
            raise ActionRefused("score_required", name)
        return None
    value = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if isinstance(raw, str) and raw.strip().isdigit():
        value = int(raw.strip())
    if value is None or not 1 <= value <= 5:
        raise ActionRefused("score_out_of_range", name)
    return value


def record_survey(session: Session, user: User, order_id: int, *, overall: Any,
                  attitude: Any = None, effect: Any = None, comment: str | None = None,
                  now: datetime | None = None) -> SurveyAnswer:
    """Store the owner's answer about completed order `order_id` (once per order)."""
    order = _load(session, user, order_id)
    scores = {name: _score(name, raw, name == "overall")
              for name, raw in zip(SCORES, (attitude, effect, overall), strict=True)}
    answer = SurveyAnswer(store_id=order.store_id, user_id=user.id,
                          period=order_period(order.id), order_id=order.id, skipped=False,
                          comment=(comment or "").strip()[:COMMENT_MAX_CHARS],
                          answered_at=now or utcnow(), **scores)
    session.add(answer)
    record_audit(session, user, "survey.answered", "order", order.id,
                 {"store_id": order.store_id, **scores})
    session.flush()
    return answer


def skip_survey(session: Session, user: User, order_id: int,
                now: datetime | None = None) -> SurveyAnswer:
    """Record that the owner skipped the survey of completed order `order_id` (once)."""
    order = _load(session, user, order_id)
    answer = SurveyAnswer(store_id=order.store_id, user_id=user.id,
                          period=order_period(order.id), order_id=order.id, skipped=True,
                          answered_at=now or utcnow())
    session.add(answer)
    record_audit(session, user, "survey.skipped", "order", order.id,
                 {"store_id": order.store_id})
    session.flush()
    return answer
