"""What every ticket action shares: finding a ticket in scope, moving it through the
status machine, the event, audit line, change-feed touch and notifications, and who
holds each authority tier for a store (the new owner of an escalated ticket).

Refusals are `ActionRefused` with a code from `rules.code_labels["ticket_refusal"]`.
Nothing commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Store, Territory, Ticket, TicketEvent, User
from ..rules import roles
from ..rules import tickets as ticket_rules
from ..rules.codes import TIER_ROLES, NotificationKind, Tier
from ..scope import store_filter, visible_store_ids
from .audit import record_audit
from .change_feed import touch_tickets
from .context import PushContext
from .notifications import notify
from .refusals import ActionRefused

TEXT_LIMIT = 2000


def find_ticket(session: Session, user: User, ticket_id: str) -> Ticket | None:
    """The ticket if it exists and its store is in `user`'s scope, else None (404).

    A store owner finds only the tickets of their own stores (scope.store_filter)."""
    if not isinstance(ticket_id, str) or len(ticket_id) > 36:
        return None
    return session.scalars(select(Ticket).where(
        Ticket.id == ticket_id, Ticket.store_id.in_(visible_store_ids(user)))).first()


def required_text(text: str | None, code: str = "text_required") -> str:
    """The stripped text an action needs, cut to TEXT_LIMIT; blank is refused."""
    text = (text or "").strip()
    if not text:
        raise ActionRefused(code)
    return text[:TEXT_LIMIT]


def check_tier(user: User, tier: str) -> None:
    """Refuse a decision above `user`'s authority tier, naming the tier it needs
    (the page offers "escalate to <tier>"); store owners and admins never decide."""
    if user.role not in tier_roles():
        raise ActionRefused("not_a_decider", user.role)
    if not ticket_rules.may_decide(user.role, tier):
        raise ActionRefused("above_tier", str(tier))


def tier_roles() -> frozenset[str]:
    """The roles that hold a tier (rep, market manager, HQ staff)."""
    return frozenset(TIER_ROLES.values())


def callback_needed(ctx: PushContext, ticket: Ticket) -> bool:
    """Whether the ticket's kind is called back before it is closed (settings)."""
    return ticket_rules.callback_required(ticket.kind, ctx.settings)


def move(ctx: PushContext, ticket: Ticket, target: str, note: str | None = None,
         *, public: bool = False) -> TicketEvent:
    """Move `ticket` to `target` if the status machine allows it, with its event."""
    try:
        ticket_rules.transition(ticket.status, target,
                                callback_required=callback_needed(ctx, ticket))
    except ticket_rules.IllegalTransition as error:
        raise ActionRefused("not_allowed_now", f"{ticket.status} → {target}: {error}") from None
    before, ticket.status = ticket.status, str(target)
    return add_event(ctx, ticket, "status", note, from_status=before, to_status=str(target),
                     public=public)


def add_event(ctx: PushContext, ticket: Ticket, kind: str, note: str | None = None, *,
              from_status: str | None = None, to_status: str | None = None,
              public: bool = False, by: User | None = None) -> TicketEvent:
    """One `ticket_event` by the acting user, from their phone when there is one."""
    actor = ctx.user if by is None else by
    event = TicketEvent(ticket_id=ticket.id, kind=kind, from_status=from_status,
                        to_status=to_status, at=ctx.now, by_id=actor.id if actor else None,
                        note=note, device_id=ctx.device_id, public=public)
    ctx.session.add(event)
    ctx.session.flush()
    return event


def finish(ctx: PushContext, ticket: Ticket, action: str, events: list[TicketEvent],
           details: dict | None = None) -> None:
    """The audit line, the change-feed touch (phones pull the change) and the notices
    to the rep who took the ticket and the store's owner (never to the actor)."""
    record_audit(ctx.session, ctx.user, f"ticket.{action}", "ticket", ticket.id,
                 {"status": ticket.status, "tier": ticket.tier, **(details or {})},
                 device_id=ctx.device_id)
    touch_tickets(ctx.session, [ticket])
    for event in told_to_the_store(events):
        notify_store_side(ctx, ticket, event)
    ctx.session.flush()


def told_to_the_store(events: list[TicketEvent]) -> list[TicketEvent]:
    """The events of one action the store side hears of: a status passed through on the
    way to a later one in the same action (in progress, on the way to resolved) is not
    a message of its own."""
    last_status = max((i for i, e in enumerate(events) if e.kind == "status"), default=None)
    return [e for i, e in enumerate(events) if e.kind != "status" or i == last_status]


def notify_store_side(ctx: PushContext, ticket: Ticket, event: TicketEvent) -> int:
    """TICKET_ANSWERED (a public answer) or TICKET_STATUS (a status move) to the ticket's
    creator and the store's owner; internal events notify nobody on the store side."""
    if event.kind == "status":
        kind = NotificationKind.TICKET_STATUS
    elif event.public:
        kind = NotificationKind.TICKET_ANSWERED
    else:
        return 0
    owner_id = ctx.session.scalar(select(Store.owner_id).where(Store.id == ticket.store_id))
    wanted = {ticket.created_by_id, owner_id} - {ctx.user.id if ctx.user else None}
    return notify(ctx.session, wanted, str(kind), "ticket", ticket.id,
                  f"ticket_event:{event.id}", store_id=ticket.store_id, now=ctx.now,
                  params={"number": ticket.number, "status": event.to_status or ticket.status,
                          "event": event.kind})


def notify_new_owner(session: Session, ticket: Ticket, user_id: int | None, event_id: int,
                     now: datetime, actor_id: int | None = None) -> int:
    """TICKET_ESCALATED to the user the ticket now belongs to."""
    if user_id is None or user_id == actor_id:
        return 0
    return notify(session, [user_id], str(NotificationKind.TICKET_ESCALATED), "ticket",
                  ticket.id, f"ticket_event:{event_id}", store_id=ticket.store_id, now=now,
                  params={"number": ticket.number, "tier": ticket.tier})


def owner_id_of(ticket: Ticket) -> int | None:
    """Who holds the ticket now: its assignee, else its first responder (首问负责)."""
    return ticket.assignee_id if ticket.assignee_id is not None else ticket.first_responder_id


def may_hold(session: Session, user: User | None, store_id: int) -> bool:
    """Whether `user` may be given a ticket of `store_id`: an active rep, market manager
    or HQ staff member whose scope holds the store."""
    if user is None or not user.active or user.role not in tier_roles():
        return False
    return session.scalar(select(Store.id).where(Store.id == store_id,
                                                 store_filter(user))) is not None


@dataclass
class TierHolders:
    """Who holds each tier, by territory (reps), region (market managers) and HQ."""

    rep_by_territory: dict[int, int] = field(default_factory=dict)
    manager_by_region: dict[int, int] = field(default_factory=dict)
    hq_staff: int | None = None
    region_of_territory: dict[int, int] = field(default_factory=dict)

    def holder(self, tier: str, territory_id: int | None) -> int | None:
        """The user who takes a ticket of a store in `territory_id` at `tier`."""
        tier = Tier(tier)
        if tier is Tier.FIRST_RESPONDER:
            return self.rep_by_territory.get(territory_id)
        if tier is Tier.MARKET_MANAGER:
            region = self.region_of_territory.get(territory_id)
            found = self.manager_by_region.get(region)
            return found if found is not None else self.hq_staff
        return self.hq_staff


def tier_holders(session: Session) -> TierHolders:
    """Every tier's holders in a few queries (the lowest user id wins a tie)."""
    holders = TierHolders()
    holders.region_of_territory = dict(session.execute(
        select(Territory.id, Territory.region_id)).all())
    rows = session.execute(select(User.id, User.role, User.territory_id, User.region_id)
                           .where(User.active.is_(True),
                                  User.role.in_((roles.REP, roles.MARKET_MANAGER,
                                                 roles.HQ_STAFF)))
                           .order_by(User.id.desc())).all()
    for user_id, role, territory_id, region_id in rows:  # descending: the lowest id stays
        if role == roles.REP and territory_id is not None:
            holders.rep_by_territory[territory_id] = user_id
        elif role == roles.MARKET_MANAGER and region_id is not None:
            holders.manager_by_region[region_id] = user_id
        elif role == roles.HQ_STAFF:
            holders.hq_staff = user_id
    return holders


def store_territory(session: Session, store_id: int) -> int | None:
    """The territory of a store (for the tier holders)."""
    return session.scalar(select(Store.territory_id).where(Store.id == store_id))


def store_raised_holders(session: Session, wanted: list[tuple[str, int]]) -> list[int | None]:
    """Who takes each ticket a store raised itself in the app, by (tier, store id): no
    first responder received it, so it goes at once to the holder of its tier for the
    store (首问负责): the store's rep, or for a higher tier the region's market manager,
    then HQ staff. None: nobody holds that tier (the desk's queue still shows it)."""
    territories = dict(session.execute(select(Store.id, Store.territory_id).where(
        Store.id.in_({store_id for _, store_id in wanted}))).all())
    holders = tier_holders(session)
    return [holders.holder(tier, territories.get(store_id)) for tier, store_id in wanted]


def tell_store_raised(session: Session, raised: list[tuple[str, str, int, int | None]],
                      now: datetime) -> None:
    """TICKET_RAISED to the holder of each (ticket id, number, store id, holder): a ticket
    the store raised is in their queue from its first minute, not only once it is late."""
    for ticket_id, number, store_id, holder in raised:
        notify(session, [holder], str(NotificationKind.TICKET_RAISED), "ticket", ticket_id,
               f"ticket_raised:{ticket_id}", store_id=store_id, now=now,
               params={"number": number})
