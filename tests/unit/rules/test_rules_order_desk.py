"""Which orders are late (rules.order_desk): the promised date has passed and the order
is not yet delivered, completed, rejected or cancelled (spec §2.4: T+0 delivery)."""

from datetime import date

import pytest

from webapp.rules.codes import OrderStatus
from webapp.rules.order_desk import awaiting_delivery, days_late, status_filter_values

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(("promised", "status", "late"), [
    (date(2026, 11, 21), "out_for_delivery", 3),
    (date(2026, 11, 23), "confirmed", 1),
    (date(2026, 11, 24), "picking", 0),  # due today: not late yet
    (date(2026, 11, 30), "confirmed", 0),
    (None, "submitted", 0),  # nothing promised yet
    (date(2026, 11, 1), "delivered", 0),
    (date(2026, 11, 1), "completed", 0),
    (date(2026, 11, 1), "rejected", 0),
    (date(2026, 11, 1), "cancelled", 0),
])
def test_an_order_is_late_by_the_days_since_its_promise(promised, status, late):
    assert days_late(promised, status, TODAY) == late


def test_awaiting_delivery_is_every_status_before_delivery():
    assert set(awaiting_delivery()) == {"submitted", "confirmed", "picking", "out_for_delivery"}


def test_the_queue_filters_every_status_and_its_groups():
    assert set(status_filter_values()) == {"all", "undelivered", "late", *map(str, OrderStatus)}
