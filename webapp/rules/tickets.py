"""Tickets in one import: taxonomy, severity, authority, deadlines, escalation, status.

The rules live in the `ticket_*` modules; this module only gathers their public names
so a view or the sync module can write `from webapp.rules import tickets`.
"""

from .codes import CategoryGroup, Severity, TicketCategory, TicketKind, TicketStatus, Tier
from .ticket_authority import authority_tier, escalate, may_decide, role_for_tier, tier_rank
from .ticket_deadlines import (
    DeadlineName,
    TicketDeadlines,
    check_promised_reply,
    is_major,
    ticket_deadlines,
)
from .ticket_escalation import (
    EscalationOutcome,
    MissedDeadline,
    PriorTicket,
    TicketMilestones,
    is_repeated,
    missed_deadlines,
    overdue_escalations,
    repeated_of,
)
from .ticket_severity import (
    SeverityAssessment,
    SeverityDecision,
    SeverityReason,
    TicketFacts,
    apply_severity_override,
    classify_severity,
)
from .ticket_status import (
    TICKET_TRANSITIONS,
    allowed_targets,
    callback_required,
    record_callback,
    transition,
)
from .ticket_taxonomy import (
    CATEGORY_GROUPS,
    KIND_CATEGORIES,
    categories_for,
    category_group,
    check_category,
    is_safety,
)
from .transitions import IllegalTransition

__all__ = [
    "CATEGORY_GROUPS", "KIND_CATEGORIES", "TICKET_TRANSITIONS", "CategoryGroup",
    "DeadlineName", "EscalationOutcome", "IllegalTransition", "MissedDeadline",
    "PriorTicket", "Severity", "SeverityAssessment", "SeverityDecision", "SeverityReason",
    "TicketCategory", "TicketDeadlines", "TicketFacts", "TicketKind", "TicketMilestones",
    "TicketStatus", "Tier", "allowed_targets", "apply_severity_override", "authority_tier",
    "callback_required", "categories_for", "category_group", "check_category",
    "check_promised_reply", "classify_severity", "escalate", "is_major", "is_repeated",
    "is_safety", "may_decide", "missed_deadlines", "overdue_escalations", "record_callback",
    "repeated_of", "role_for_tier", "ticket_deadlines", "tier_rank", "transition",
]
