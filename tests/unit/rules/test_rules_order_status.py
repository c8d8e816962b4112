"""The order's statuses (spec §3.5): audited and confirmed or rejected
[002 審核通過后,企業對訂單進行確認], picked, out for delivery, delivered, completed;
cancelled only before it is confirmed. Reps never place nor move an order
[000 禁止客户经理拿预订单和人为干预客户选择订购品牌]."""

import itertools

import pytest

from webapp.rules import roles
from webapp.rules.codes import OrderStatus
from webapp.rules.order_status import (
    ORDER_TRANSITIONS,
    allowed_targets,
    may_move,
    transition,
)
from webapp.rules.transitions import IllegalTransition

S = OrderStatus
ALLOWED = {
    (S.SUBMITTED, S.CONFIRMED), (S.SUBMITTED, S.REJECTED), (S.SUBMITTED, S.CANCELLED),
    (S.CONFIRMED, S.PICKING), (S.PICKING, S.OUT_FOR_DELIVERY),
    (S.OUT_FOR_DELIVERY, S.DELIVERED), (S.DELIVERED, S.COMPLETED),
}


@pytest.mark.parametrize(("current", "target"), sorted(itertools.product(S, S)))
def test_every_move_is_allowed_or_refused_as_the_manual_orders_them(current, target):
    if (current, target) in ALLOWED:
        assert transition(current, target) == target
    else:
        with pytest.raises(IllegalTransition):
            transition(current, target)


def test_the_machine_knows_every_status():
    assert set(ORDER_TRANSITIONS) == set(S)


@pytest.mark.parametrize("current", [S.CONFIRMED, S.PICKING, S.OUT_FOR_DELIVERY, S.DELIVERED])
def test_a_confirmed_order_can_no_longer_be_cancelled(current):
    with pytest.raises(IllegalTransition, match="confirmed order can no longer be cancelled"):
        transition(current, S.CANCELLED)


@pytest.mark.parametrize("final", [S.REJECTED, S.COMPLETED, S.CANCELLED])
def test_rejected_completed_and_cancelled_are_final(final):
    assert allowed_targets(final) == frozenset()


def test_the_page_offers_confirm_reject_or_cancel_for_a_new_order():
    assert allowed_targets(S.SUBMITTED) == {S.CONFIRMED, S.REJECTED, S.CANCELLED}


@pytest.mark.parametrize(("role", "targets"), [
    (roles.HQ_STAFF, set(S)), (roles.ADMIN, set(S)), (roles.MARKET_MANAGER, set(S)),
    (roles.STORE_OWNER, {S.CANCELLED}),  # owners only cancel
    (roles.REP, set()),  # reps never move an order
])
def test_who_may_move_an_order(role, targets):
    assert {t for t in S if may_move(role, t)} == targets
