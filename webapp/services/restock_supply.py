"""Emergency restock to the end (issue 12 item 6): HQ records what it supplied, and the
rep's sales follow-up after the rule's delay.

After approval HQ records the cartons supplied per line (approved → fulfilled). The
follow-up comes due `rules.restock.followup_due` days after the local supply day; the rep
records the units sold and a note (fulfilled → followed_up). A check that fails
(`rules.restock.sales_followup_check` says abnormal: the extra stock did not sell as the
request claimed) flags the request and tells the region's market managers, to prevent
irregular trading [000 防范不规范经营行为的发生]. Nothing commits.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import RestockRequest, Territory, User
from ..rules import restock as restock_rules
from ..rules.calendar import WorkCalendar, to_utc
from ..rules.codes import NotificationKind
from ..rules.restock import FollowupVerdict
from ..rules.roles import MARKET_MANAGER
from ..rules.settings import DEFAULT_SETTINGS, ServiceSettings
from ..rules.transitions import IllegalTransition
from .audit import record_audit
from .notifications import notify
from .refusals import ActionRefused

MAX_NOTE = 1000


def _move(request: RestockRequest, target: str) -> str:
    try:
        return str(restock_rules.restock_transition(request.status, target))
    except IllegalTransition:
        raise ActionRefused("wrong_status", request.status) from None


def record_fulfilment(session: Session, request: RestockRequest, user: User,
                      supplied: dict[int, int], now: datetime) -> RestockRequest:
    """Record the cartons supplied per line (`supplied`: line id → cartons, 0 to the
    quantity asked); at least one carton in all. Only an approved request is supplied."""
    _move(request, "fulfilled")
    total = 0
    for line in request.lines:
        quantity = supplied.get(line.id)
        if (quantity is None or isinstance(quantity, bool) or not isinstance(quantity, int)
                or quantity < 0 or quantity > line.quantity):
            raise ActionRefused("invalid_value", f"{line.product.name}: 0–{line.quantity}")
        total += quantity
    if total == 0:
        raise ActionRefused("nothing_supplied")
    for line in request.lines:
        line.supplied_quantity = supplied[line.id]
    request.status = _move(request, "fulfilled")
    request.supplied_by_id, request.supplied_at = user.id, now
    record_audit(session, user, "hq.restock_fulfilled", "restock_request", request.id,
                 {"store_id": request.store_id,
                  "supplied": {str(line.product_id): line.supplied_quantity
                               for line in request.lines}})
    session.flush()
    return request


def supplied_day(request: RestockRequest, calendar: WorkCalendar) -> date:
    """The local day the request was supplied (a request marked fulfilled before supply
    was recorded counts from its decision): its follow-up comes due from that day."""
    moment = request.supplied_at or request.decided_at or request.requested_at
    return calendar.local_date(to_utc(moment))


def region_managers(session: Session, territory_id: int) -> list[int]:
    """Active market managers of the region that holds `territory_id`."""
    region = select(Territory.region_id).where(Territory.id == territory_id).scalar_subquery()
    return list(session.scalars(select(User.id).where(
        User.role == MARKET_MANAGER, User.active.is_(True), User.region_id == region)))


def record_sales_followup(session: Session, request: RestockRequest, user: User,
                          sold_units: int, note: str, now: datetime, today: date,
                          supplied_on: date,
                          settings: ServiceSettings = DEFAULT_SETTINGS, *,
                          received_at: datetime | None = None) -> RestockRequest:
    """The rep's sales follow-up of a supplied request, on or after its due day
    (`today` and `supplied_on` are local days; `now` is when the rep checked). A failed
    check flags the request and notifies the region's market managers
    (RESTOCK_FOLLOWUP_FAILED, once per request) at `received_at` (default `now`): a
    follow-up recorded offline reaches them when the server gets it."""
    _move(request, "followed_up")
    due = restock_rules.followup_due(supplied_on, settings)
    if today < due:
        raise ActionRefused("not_due", due.isoformat())
    if isinstance(sold_units, bool) or not isinstance(sold_units, int) or sold_units < 0:
        raise ActionRefused("invalid_value", "sold units: a whole number, 0 or more")
    supplied = sum(line.supplied_quantity or 0 for line in request.lines)
    check = restock_rules.sales_followup_check(supplied, sold_units,
                                               (today - supplied_on).days, settings)
    failed = check.verdict is FollowupVerdict.ABNORMAL
    request.status = _move(request, "followed_up")
    request.followup_sold_units, request.followup_note = sold_units, (note or "").strip()[
        :MAX_NOTE]
    request.followed_up_at, request.followup_failed = now, failed
    record_audit(session, user, "rep.restock_followed_up", "restock_request", request.id,
                 {"store_id": request.store_id, "sold": sold_units, "supplied": supplied,
                  "verdict": str(check.verdict), "sold_pct": check.sold_pct})
    if failed:
        notify(session, region_managers(session, request.store.territory_id),
               NotificationKind.RESTOCK_FOLLOWUP_FAILED, "restock_request", request.id,
               f"restock:{request.id}:followup_failed", store_id=request.store_id,
               params={"store": request.store.name, "sold": sold_units,
                       "supplied": supplied, "sold_pct": check.sold_pct},
               now=received_at or now)
    session.flush()
    return request
