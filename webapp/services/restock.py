"""Emergency restock requests: the phone's request records, and the market manager's
decision on them (spec §3.7; the manager "verifies and approves" [000 认真核实、审批]).

Which requests wait in a user's scope, how each stands against the per-store limits of
`webapp.rules.restock`, and the decision itself (approve, or refuse with a reason),
audit-logged like every HQ action. Nothing commits.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from sync.outcome import Outcome, Rejection
from sync.records import Record

from ..models import RestockLine, RestockRequest, User, utcnow
from ..rules import restock as restock_rules
from ..rules.codes import NotificationKind
from ..rules.settings import DEFAULT_SETTINGS, ServiceSettings
from ..rules.transitions import IllegalTransition
from ..scope import visible_store_ids
from .audit import record_audit
from .bulk import insert_rows
from .context import PushContext
from .lookups import Lookups
from .notifications import notify
from .refusals import ActionRefused

LIST_LIMIT = 200
STATUS_FILTERS = {"submitted": ("submitted",), "to_supply": ("approved",),
                  "decided": ("approved", "rejected", "fulfilled", "followed_up"),
                  "all": None}


@dataclass
class RestockReview:
    """A request with what the manager checks: the store's other requests in the limit
    window and every limit the request breaks (empty: within the limits)."""

    request: RestockRequest
    earlier_in_window: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def cartons(self) -> int:
        """Cartons in all."""
        return sum(line.quantity for line in self.request.lines)


def _scoped(user: User):
    return (select(RestockRequest)
            .options(joinedload(RestockRequest.store), joinedload(RestockRequest.requested_by),
                     selectinload(RestockRequest.lines).joinedload(RestockLine.product))
            .where(RestockRequest.store_id.in_(visible_store_ids(user))))


def review(session: Session, request: RestockRequest,
           settings: ServiceSettings = DEFAULT_SETTINGS) -> RestockReview:
    """Check `request` against the per-store limits as they stand now."""
    window = timedelta(days=settings.restock_limit_window_days)
    # Filed before this one. Requests pushed in one batch share `requested_at`: the
    # phone's clock (then the id) orders them, so only the later one counts the other.
    same_moment = RestockRequest.requested_at == request.requested_at
    before = or_(RestockRequest.requested_at < request.requested_at,
                 and_(same_moment, RestockRequest.hlc < (request.hlc or "")),
                 and_(same_moment, RestockRequest.hlc == request.hlc,
                      RestockRequest.id < request.id))
    earlier = session.scalars(select(RestockRequest.id).where(
        RestockRequest.store_id == request.store_id, before,
        RestockRequest.requested_at >= request.requested_at - window)).all()
    problems = restock_rules.validate_restock_request(
        [(line.product_id, line.quantity) for line in request.lines], len(earlier), settings)
    return RestockReview(request, len(earlier), problems)


def restock_reviews(session: Session, user: User, status: str = "submitted",
                    settings: ServiceSettings = DEFAULT_SETTINGS) -> list[RestockReview]:
    """Requests in `user`'s scope with their limit check: waiting ones oldest first (the
    earliest wanted-by date first), decided ones newest first."""
    stmt = _scoped(user)
    statuses = STATUS_FILTERS.get(status, STATUS_FILTERS["submitted"])
    if statuses:
        stmt = stmt.where(RestockRequest.status.in_(statuses))
    if status == "submitted":
        stmt = stmt.order_by(RestockRequest.wanted_by, RestockRequest.requested_at)
    else:
        stmt = stmt.order_by(RestockRequest.requested_at.desc())
    rows = session.scalars(stmt.limit(LIST_LIMIT)).unique().all()
    return [review(session, r, settings) for r in rows]


def find_restock_request(session: Session, user: User, request_id: str) -> RestockRequest | None:
    """The request if its store is in `user`'s scope (callers answer 404 otherwise)."""
    return session.scalars(_scoped(user).where(RestockRequest.id == request_id)).first()


def decide_restock_request(session: Session, request: RestockRequest, user: User,
                           approve: bool, reason: str = "",
                           settings: ServiceSettings = DEFAULT_SETTINGS) -> RestockRequest:
    """Approve or refuse a waiting request. A refusal needs a reason; an approval is refused
    while the request breaks a per-store limit (the manager refuses it instead)."""
    if request.status != "submitted":
        raise ActionRefused("already_decided", request.status)
    reason = (reason or "").strip()
    if approve:
        problems = review(session, request, settings).problems
        if problems:
            raise ActionRefused("over_limit", "; ".join(problems))
    try:
        decision = restock_rules.decide(request.status, approve, reason)
    except IllegalTransition:
        raise ActionRefused("already_decided", request.status) from None
    except ValueError:
        raise ActionRefused("reason_required") from None
    request.status = str(decision.status)
    request.decided_by_id, request.decided_at = user.id, utcnow()
    request.decision_reason = decision.reason[:500] if decision.reason else None
    record_audit(session, user, f"hq.restock_{request.status}", "restock_request", request.id,
                 {"store_id": request.store_id, "reason": request.decision_reason,
                  "cartons": sum(line.quantity for line in request.lines)})
    notify(session, [request.requested_by_id], NotificationKind.RESTOCK_DECIDED,
           "restock_request", request.id, f"restock:{request.id}:decided",
           store_id=request.store_id,
           params={"store": request.store.name, "status": request.status,
                   "reason": request.decision_reason or ""})
    session.flush()
    return request


def _recent_restock_counts(ctx: PushContext, store_ids: list[int]) -> dict[int, int]:
    """Restock requests per store within the limit window (one grouped query)."""
    window = timedelta(days=ctx.settings.restock_limit_window_days)
    counts: dict[int, int] = {}
    for start in range(0, len(store_ids), 500):
        counts.update(ctx.session.execute(
            select(RestockRequest.store_id, func.count()).where(
                RestockRequest.store_id.in_(store_ids[start:start + 500]),
                RestockRequest.requested_at >= ctx.now - window)
            .group_by(RestockRequest.store_id)).all())
    return counts


def apply_restock_requests(ctx: PushContext, records: list[Record],
                           lookups: Lookups) -> list[Outcome]:
    """Create each valid restock request; the market manager decides it later."""
    outcomes = []
    recent = _recent_restock_counts(ctx, sorted({r.data.store_id for r in records
                                                 if r.data.store_id in lookups.stores}))
    requests, lines = [], []
    for record in records:
        data = record.data
        try:
            store = lookups.store(data.store_id)
            for line in data.lines:
                lookups.product(line.product_id)
            problems = restock_rules.validate_restock_request(
                [(line.product_id, line.quantity) for line in data.lines],
                recent.get(store.id, 0), ctx.settings)
            if problems:
                raise Rejection("restock_request: " + "; ".join(problems))
        except Rejection as error:
            outcomes.append(Outcome(record.id, "rejected", str(error)))
            continue
        recent[store.id] = recent.get(store.id, 0) + 1
        requests.append({
            "id": record.id, "store_id": store.id, "requested_by_id": ctx.user.id,
            "device_id": ctx.device_id, "reason": data.reason, "note": data.note,
            "wanted_by": data.wanted_by, "status": "submitted", "requested_at": ctx.now,
            "hlc": str(record.hlc)})
        lines += [{"request_id": record.id, "product_id": line.product_id,
                   "quantity": line.quantity} for line in data.lines]
        outcomes.append(Outcome(record.id, "applied", entity_type="restock_request",
                                entity_id=record.id))
    if requests:
        insert_rows(ctx.session, RestockRequest.__table__, requests)
        insert_rows(ctx.session, RestockLine.__table__, lines)
    return outcomes
