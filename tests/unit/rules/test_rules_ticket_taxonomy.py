"""Ticket taxonomy: the manuals' complaint lists, kinds and their zh/en labels."""

import pytest

from webapp.rules.code_labels import CODE_LABELS
from webapp.rules.codes import (
    CategoryGroup,
    RestockReason,
    RestockStatus,
    Severity,
    StoreChangeStatus,
    StoreGrade,
    TicketCategory,
    TicketKind,
    TicketStatus,
    Tier,
    VisitPurpose,
)
from webapp.rules.ticket_taxonomy import (
    CATEGORY_GROUPS,
    categories_for,
    category_group,
    check_category,
    is_safety,
)


@pytest.mark.parametrize(("group", "codes"), [
    # [003 价格、品质、残缺、过期、标示不符、进口商品未附有中文标示、缺货]
    ("product", "price quality defect expired mislabel no_cn_label out_of_stock"),
    # [003 工作人员态度不佳] … [003 取消原来提供服务项目] + [003 办事拖拉] + [000 人为干预]
    ("service", "staff_attitude billing insufficient_service service_execution "
                "service_withdrawn staff_misconduct order_interference"),
    # [002 異常處理]: damage, loss, delay, handover dispute
    ("delivery", "delivery_damage delivery_loss delivery_delay handover_dispute"),
    # [003 意外事件发生、环境影响]
    ("safety", "accident environment"),
    ("non_complaint", "inquiry suggestion praise other_request"),
])
def test_category_groups_follow_the_manuals(group, codes):
    assert [str(c) for c in CATEGORY_GROUPS[CategoryGroup(group)]] == codes.split()
    for code in codes.split():
        assert category_group(code) == group


def test_every_category_is_in_exactly_one_group():
    members = [c for group in CATEGORY_GROUPS.values() for c in group]
    assert sorted(members) == sorted(TicketCategory)


@pytest.mark.parametrize(("kind", "categories"), [
    ("request", ["other_request"]),
    ("inquiry", ["inquiry"]),
    ("suggestion", ["suggestion"]),
    ("praise", ["praise"]),
])
def test_non_complaint_kinds_have_their_own_category(kind, categories):
    assert categories_for(kind) == tuple(categories)


def test_complaints_use_the_four_complaint_groups():
    assert len(categories_for("complaint")) == 20
    assert "inquiry" not in categories_for("complaint")


def test_check_category_refuses_a_mismatch_and_lists_the_choices():
    assert check_category("complaint", "expired") is TicketCategory.EXPIRED
    with pytest.raises(ValueError, match="does not fit a praise ticket; use one of: praise"):
        check_category("praise", "price")
    with pytest.raises(ValueError, match="unknown ticket category"):
        check_category("complaint", "smell")
    with pytest.raises(ValueError, match="unknown ticket kind"):
        categories_for("rant")


def test_safety_categories():
    assert is_safety("accident") and is_safety("environment")
    assert not is_safety("expired")


@pytest.mark.parametrize(("table", "enum"), [
    (CODE_LABELS["ticket_kind"], TicketKind),
    (CODE_LABELS["ticket_group"], CategoryGroup),
    (CODE_LABELS["ticket_category"], TicketCategory),
    (CODE_LABELS["severity"], Severity),
    (CODE_LABELS["tier"], Tier),
    (CODE_LABELS["ticket_status"], TicketStatus),
    (CODE_LABELS["grade"], StoreGrade),
    (CODE_LABELS["purpose"], VisitPurpose),
    (CODE_LABELS["restock_reason"], RestockReason),
    (CODE_LABELS["restock_status"], RestockStatus),
    (CODE_LABELS["store_change_status"], StoreChangeStatus),
])
def test_every_code_has_words(table, enum):
    """Each code has an English msgid; its Chinese is checked in the catalogue
    (tests/integration/test_code_labels.py)."""
    assert set(table) == {str(m) for m in enum}
    assert all(table.values())


def test_codes_match_the_database_constraints():
    assert [str(k) for k in TicketKind] == [
        "complaint", "request", "inquiry", "suggestion", "praise"]
    assert [str(s) for s in Severity] == ["general", "major_b", "major_a"]
    assert [str(t) for t in Tier] == ["first_responder", "market_manager", "head_of_unit"]
    assert [str(s) for s in TicketStatus] == [
        "new", "acknowledged", "in_progress", "resolved", "callback_done", "closed", "reopened"]
    assert [str(r) for r in RestockReason] == [
        "wedding", "funeral", "reception", "group_purchase", "stock_out"]
    assert [str(s) for s in RestockStatus] == [
        "submitted", "approved", "rejected", "fulfilled", "followed_up"]
    assert [str(s) for s in StoreChangeStatus] == ["pending", "applied", "rejected"]
    assert [str(p) for p in VisitPurpose] == [
        "routine", "promotion", "complaint_followup", "training", "delivery_issue",
        "info_collection"]
