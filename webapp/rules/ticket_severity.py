"""Complaint severity: general, major B (went public) or major A (harm, law, money).

Adapted from the dealer regulation's A and B definitions [003 A级定义] [003 B级定义]:
A is safety, product harm, legal action, regulators stepping in, compensation or
replacement demands and repeated failed fixes; B is a complaint taken to the media or
lodged with a public body [003 客户投诉到媒体、消协、工商局等公众部门]. A public body
*intervening* (police, 工商, 消协 opening a case) is A [003 警察、工商、消协等公共机构介入].
A human may override the result; both values and who overrode it are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import NamedTuple

from .codes import CategoryGroup, Severity
from .ticket_taxonomy import category_group


@dataclass(frozen=True)
class TicketFacts:
    """What the first responder established about a complaint (all default to no).

    Stored as the ticket's `facts` JSON and sent by phones with the same keys.
    `against_manager` and `customer_insists` do not change the severity; they raise
    the authority tier (see `ticket_authority.authority_tier`).
    """

    safety_incident: bool = False  # fire, accident, injury [003 关于车辆火灾、车祸的投诉]
    product_harm: bool = False  # counterfeit or harmful goods, poisoning [003 因购买食品而中毒]
    legal_action: bool = False  # [003 有可能发展成民事或刑事诉讼]
    regulator_involved: bool = False  # [003 警察、工商、消协等公共机构介入]
    compensation_demand: bool = False  # [003 提出更换车辆及损害赔偿要求]
    repeated_failed_fix: bool = False  # [003 反复修理的投诉]
    written_reply_demand: bool = False  # [003 要求厂家给予书面确认或答复]
    blocks_premises: bool = False  # [003 客户堵门]
    law_breach: bool = False  # [003 违反国家法律法规]
    hq_flagged: bool = False  # [003 其它认为有必要制定重]
    media: bool = False  # [003 媒体投诉]
    public_body_complaint: bool = False  # [003 客户投诉到媒体、消协、工商局等公众部门]
    against_manager: bool = False  # [003 对主管级以上人员投诉处理]
    customer_insists: bool = False  # [003 对顾客坚持须由店长处理]

    @classmethod
    def from_mapping(cls, facts: Mapping[str, bool]) -> TicketFacts:
        """Facts from a ticket's `facts` JSON; unknown keys or non-booleans raise ValueError."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(facts) - names)
        if unknown:
            raise ValueError(f"unknown ticket fact(s): {', '.join(unknown)}")
        bad = sorted(k for k, v in facts.items() if not isinstance(v, bool))
        if bad:
            raise ValueError(f"ticket facts must be true or false: {', '.join(bad)}")
        return cls(**facts)

    def to_mapping(self) -> dict[str, bool]:
        """The facts that are true, as stored in the ticket's `facts` JSON."""
        return {f.name: True for f in fields(self) if getattr(self, f.name)}


class SeverityReason(StrEnum):
    """Why a complaint was classified major (the fact names, plus the safety category)."""

    SAFETY_CATEGORY = "safety_category"
    SAFETY_INCIDENT = "safety_incident"
    PRODUCT_HARM = "product_harm"
    LEGAL_ACTION = "legal_action"
    REGULATOR_INVOLVED = "regulator_involved"
    COMPENSATION_DEMAND = "compensation_demand"
    REPEATED_FAILED_FIX = "repeated_failed_fix"
    WRITTEN_REPLY_DEMAND = "written_reply_demand"
    BLOCKS_PREMISES = "blocks_premises"
    LAW_BREACH = "law_breach"
    HQ_FLAGGED = "hq_flagged"
    MEDIA = "media"
    PUBLIC_BODY_COMPLAINT = "public_body_complaint"


MAJOR_A_FACTS: tuple[SeverityReason, ...] = (
    SeverityReason.SAFETY_INCIDENT, SeverityReason.PRODUCT_HARM, SeverityReason.LEGAL_ACTION,
    SeverityReason.REGULATOR_INVOLVED, SeverityReason.COMPENSATION_DEMAND,
    SeverityReason.REPEATED_FAILED_FIX, SeverityReason.WRITTEN_REPLY_DEMAND,
    SeverityReason.BLOCKS_PREMISES, SeverityReason.LAW_BREACH, SeverityReason.HQ_FLAGGED,
)
MAJOR_B_FACTS: tuple[SeverityReason, ...] = (
    SeverityReason.MEDIA, SeverityReason.PUBLIC_BODY_COMPLAINT,
)


class SeverityAssessment(NamedTuple):
    """The automatic classification and the facts that caused it."""

    severity: Severity
    reasons: tuple[SeverityReason, ...]


def classify_severity(category: str, facts: TicketFacts | None = None) -> SeverityAssessment:
    """Classify a ticket from its category and facts. A beats B beats general.

    Safety complaints are always A [003 对安全方面投诉]. Tickets of the non-complaint
    categories (inquiry, suggestion, praise, other request) are always general.
    An unknown category raises ValueError.
    """
    facts = facts or TicketFacts()
    group = category_group(category)
    if group is CategoryGroup.NON_COMPLAINT:
        return SeverityAssessment(Severity.GENERAL, ())
    a = [r for r in MAJOR_A_FACTS if getattr(facts, r.value)]
    if group is CategoryGroup.SAFETY:
        a.insert(0, SeverityReason.SAFETY_CATEGORY)
    if a:
        return SeverityAssessment(Severity.MAJOR_A, tuple(a))
    b = tuple(r for r in MAJOR_B_FACTS if getattr(facts, r.value))
    if b:
        return SeverityAssessment(Severity.MAJOR_B, b)
    return SeverityAssessment(Severity.GENERAL, ())


@dataclass(frozen=True)
class SeverityDecision:
    """The severity in force, with the automatic one and any human override kept."""

    auto: Severity
    final: Severity
    overridden_by: int | str | None = None
    override_reason: str | None = None

    @property
    def overridden(self) -> bool:
        """Whether a human changed the automatic severity."""
        return self.final is not self.auto


def apply_severity_override(
    auto: str,
    human: str | None,
    by: int | str | None = None,
    reason: str | None = None,
) -> SeverityDecision:
    """Apply a human's severity over the automatic one, recording who and why.

    `human` None (or equal to `auto`) keeps the automatic severity. A real override
    needs the user (`by`) and a non-blank `reason`, else ValueError.
    """
    auto_sev = Severity(auto)
    if human is None or Severity(human) is auto_sev:
        return SeverityDecision(auto=auto_sev, final=auto_sev)
    if by is None:
        raise ValueError("a severity override must record who made it")
    if not reason or not reason.strip():
        raise ValueError("a severity override needs a reason")
    return SeverityDecision(
        auto=auto_sev, final=Severity(human), overridden_by=by, override_reason=reason.strip()
    )
