"""Who may push which record (rules.roles.RECORD_TYPES_BY_ROLE): the retailer orders for
itself [000 自主提报订货品牌、数量]; a rep never holds or places an order
[000 禁止客户经理拿预订单]; HQ enters phone orders on its desk, not from a phone."""

import pytest

from sync.records import RECORD_TYPES
from webapp.rules.roles import RECORD_TYPES_BY_ROLE, ROLES


@pytest.mark.parametrize(("role", "may_order"), [
    ("store_owner", True),
    ("rep", False),
    ("market_manager", False),
    ("hq_staff", False),
    ("admin", False),
])
def test_only_store_owners_push_orders(role, may_order):
    assert ("order" in RECORD_TYPES_BY_ROLE[role]) is may_order


def test_store_owners_push_tickets_and_orders_only():
    assert RECORD_TYPES_BY_ROLE["store_owner"] == {"ticket", "order"}


def test_every_role_and_record_type_is_known_to_the_protocol():
    assert set(RECORD_TYPES_BY_ROLE) == set(ROLES)
    assert set().union(*RECORD_TYPES_BY_ROLE.values()) == set(RECORD_TYPES)
