"""The order status machine and who may move an order (spec §3.5).

    submitted → confirmed → picking → out_for_delivery → delivered → completed
    submitted → rejected (with a reason the owner sees)
    submitted → cancelled (only before it is confirmed)

The spec derives finer steps (DRAFT → SUBMITTED → AUDITED → CONFIRMED → ALLOCATED →
PICKED → PACKED → IN_TRANSIT → ARRIVED → HANDED_OVER → COMPLETED → SETTLED); Rounds
groups them so each step is one the order desk actually records:
- DRAFT is the owner's cart on the phone, never stored as an order;
- AUDITED and CONFIRMED are one decision: the audit [002 審核通過后,企業對訂單進行確認]
  ends in `confirmed` or `rejected`;
- ALLOCATED, PICKED and PACKED are `picking` (备货: allocate, pick and check, pack and
  label) [002 訂單分配] [002 從倉庫中提取所需貨物];
- IN_TRANSIT is `out_for_delivery` (the arrival notice goes out then);
- ARRIVED and HANDED_OVER are `delivered` (the handover and its signatures are the
  receipt's data, not a status) [002 由雙方交接人員簽字確認];
- COMPLETED and SETTLED are `completed` (completion recorded, settled, survey due).
Delivery exceptions (damaged, lost, delayed, disputed) are flags on the order, not
statuses.

Who moves: HQ staff and admins any order, market managers the orders of their region
(the scope says which), store owners only cancel their own stores' orders, and reps
never place nor move an order: the retailer decides its own orders
[000 禁止客户经理拿预订单和人为干预客户选择订购品牌].
"""

from __future__ import annotations

from . import roles
from .codes import OrderStatus
from .transitions import IllegalTransition, StatusMachine

S = OrderStatus

ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.CONFIRMED, S.REJECTED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.PICKING}),
    S.REJECTED: frozenset(),
    S.PICKING: frozenset({S.OUT_FOR_DELIVERY}),
    S.OUT_FOR_DELIVERY: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
}
_REFUSALS = {
    (S.SUBMITTED, S.PICKING): "the order must be audited and confirmed before picking",
    (S.CONFIRMED, S.DELIVERED): "the order must go out for delivery before it is delivered",
}
for _status in (S.CONFIRMED, S.PICKING, S.OUT_FOR_DELIVERY, S.DELIVERED):
    _REFUSALS[(_status, S.CANCELLED)] = "a confirmed order can no longer be cancelled"
ORDER_MACHINE = StatusMachine("order", ORDER_TRANSITIONS, _REFUSALS)

# Orders that no longer count against allocation limits, nor as open work.
VOID_STATUSES: tuple[str, ...] = (S.REJECTED, S.CANCELLED)
CLOSED_STATUSES: tuple[str, ...] = (S.REJECTED, S.COMPLETED, S.CANCELLED)
# A rejection is explained to the owner; the other moves may carry a note.
REASON_REQUIRED: frozenset[str] = frozenset({S.REJECTED})

# Who places orders: owners in the app for their own stores; HQ staff by phone (订单科).
APP_ORDER_ROLES = roles.OWNER_ROLES
PHONE_ORDER_ROLES = roles.ALL_STORES_ROLES
# Who moves orders (the scope limits a market manager to their region).
ORDER_DESK_ROLES = frozenset({roles.HQ_STAFF, roles.ADMIN, roles.MARKET_MANAGER})
OWNER_MOVES: frozenset[str] = frozenset({S.CANCELLED})


def may_move(role: str, target: str) -> bool:
    """Whether a user of `role` may move an order (in their scope) to `target` at all."""
    if role in ORDER_DESK_ROLES:
        return True
    return role in roles.OWNER_ROLES and target in OWNER_MOVES


def allowed_targets(current: str) -> frozenset[OrderStatus]:
    """The statuses an order may move to from `current` (for the page's buttons)."""
    return frozenset(OrderStatus(s) for s in ORDER_MACHINE.targets(current))


def transition(current: str, target: str) -> OrderStatus:
    """`target` if an order may move there from `current`, else IllegalTransition."""
    ORDER_MACHINE.check(current, target)
    return OrderStatus(target)


__all__ = ["IllegalTransition", "ORDER_TRANSITIONS", "allowed_targets", "may_move",
           "transition"]
