"""Severity: A for harm, law and money; B for going public; a recorded human override."""

import pytest

from webapp.rules.code_labels import CODE_LABELS
from webapp.rules.codes import Severity
from webapp.rules.ticket_severity import (
    MAJOR_A_FACTS,
    MAJOR_B_FACTS,
    SeverityReason,
    TicketFacts,
    apply_severity_override,
    classify_severity,
)


def test_a_plain_complaint_is_general():
    result = classify_severity("price", TicketFacts())
    assert result == (Severity.GENERAL, ())
    assert classify_severity("price").severity is Severity.GENERAL


@pytest.mark.parametrize("fact", [
    "safety_incident",  # [003 关于车辆火灾、车祸的投诉]
    "product_harm",  # [003 因购买食品而中毒]
    "legal_action",  # [003 有可能发展成民事或刑事诉讼]
    "regulator_involved",  # [003 警察、工商、消协等公共机构介入]
    "compensation_demand",  # [003 提出更换车辆及损害赔偿要求]
    "repeated_failed_fix",  # [003 反复修理的投诉]
    "written_reply_demand",  # [003 要求厂家给予书面确认或答复]
    "blocks_premises",  # [003 客户堵门]
    "law_breach",  # [003 违反国家法律法规]
    "hq_flagged",  # [003 其它认为有必要制定重]
])
def test_each_a_class_fact_makes_a_complaint_major_a(fact):
    result = classify_severity("quality", TicketFacts(**{fact: True}))
    assert result.severity is Severity.MAJOR_A
    assert result.reasons == (SeverityReason(fact),)


@pytest.mark.parametrize("fact", [
    "media",  # [003 媒体投诉]
    "public_body_complaint",  # [003 客户投诉到媒体、消协、工商局等公众部门]
])
def test_going_public_makes_a_complaint_major_b(fact):
    result = classify_severity("staff_attitude", TicketFacts(**{fact: True}))
    assert result == (Severity.MAJOR_B, (SeverityReason(fact),))


def test_a_beats_b_and_lists_only_the_a_reasons():
    facts = TicketFacts(media=True, compensation_demand=True, legal_action=True)
    result = classify_severity("defect", facts)
    assert result.severity is Severity.MAJOR_A
    assert result.reasons == (SeverityReason.LEGAL_ACTION, SeverityReason.COMPENSATION_DEMAND)


@pytest.mark.parametrize("category", ["accident", "environment"])
def test_safety_complaints_are_always_major_a(category):  # [003 对安全方面投诉]
    result = classify_severity(category, TicketFacts())
    assert result == (Severity.MAJOR_A, (SeverityReason.SAFETY_CATEGORY,))


@pytest.mark.parametrize("category", ["inquiry", "suggestion", "praise", "other_request"])
def test_non_complaints_stay_general_whatever_the_facts(category):
    facts = TicketFacts(media=True, legal_action=True)
    assert classify_severity(category, facts) == (Severity.GENERAL, ())


def test_manager_and_insistence_facts_do_not_change_severity():
    facts = TicketFacts(against_manager=True, customer_insists=True)
    assert classify_severity("staff_attitude", facts).severity is Severity.GENERAL


def test_unknown_category_is_refused():
    with pytest.raises(ValueError, match="unknown ticket category"):
        classify_severity("gossip", TicketFacts())


def test_facts_from_stored_json():
    facts = TicketFacts.from_mapping({"media": True, "against_manager": False})
    assert facts.media and not facts.against_manager
    assert facts.to_mapping() == {"media": True}
    with pytest.raises(ValueError, match="unknown ticket fact"):
        TicketFacts.from_mapping({"on_fire": True})
    with pytest.raises(ValueError, match="true or false"):
        TicketFacts.from_mapping({"media": "yes"})


def test_every_reason_has_labels_and_a_class():
    assert set(CODE_LABELS["severity_reason"]) == {str(r) for r in SeverityReason}
    classified = set(MAJOR_A_FACTS) | set(MAJOR_B_FACTS) | {SeverityReason.SAFETY_CATEGORY}
    assert classified == set(SeverityReason)


def test_override_is_recorded_with_both_values_who_and_why():
    decision = apply_severity_override("general", "major_b", by=7, reason=" went to the press ")
    assert decision.auto is Severity.GENERAL and decision.final is Severity.MAJOR_B
    assert decision.overridden and decision.overridden_by == 7
    assert decision.override_reason == "went to the press"


def test_no_override_keeps_the_automatic_severity():
    for human in (None, "major_a"):
        decision = apply_severity_override("major_a", human)
        assert decision.final is Severity.MAJOR_A and not decision.overridden
        assert decision.overridden_by is None


@pytest.mark.parametrize(("by", "reason", "message"), [
    (None, "reason", "who made it"),
    (7, "", "needs a reason"),
    (7, "   ", "needs a reason"),
])
def test_an_override_needs_who_and_why(by, reason, message):
    with pytest.raises(ValueError, match=message):
        apply_severity_override("major_a", "general", by=by, reason=reason)
