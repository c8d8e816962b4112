"""The words of the ticket desk's codes: the kinds of ticket event (the history) and
why a ticket action is refused (`services.ticket_actions`, `ActionRefused.reason`).

Merged into `code_labels.CODE_LABELS` as "ticket_event" and "ticket_refusal".
"""

from .label_marker import msg

TICKET_EVENT_LABELS: dict[str, str] = {
    "created": msg("ticket_event", "Taken"),
    "status": msg("ticket_event", "Status"),
    "answer": msg("ticket_event", "Answer to the store"),
    "temp_measure": msg("ticket_event", "Temporary measure"),
    "info": msg("ticket_event", "More information from the store"),
    "severity": msg("ticket_event", "Severity changed"),
    "assign": msg("ticket_event", "Passed on"),
    "escalation": msg("ticket_event", "Escalated"),
}

TICKET_REFUSAL_LABELS: dict[str, str] = {
    "not_allowed_now": msg("ticket_refusal", "Not possible in the ticket's status"),
    "above_tier": msg("ticket_refusal", "Above your authority: escalate it"),
    "not_a_decider": msg("ticket_refusal", "Your role does not decide tickets"),
    "text_required": msg("ticket_refusal", "Write the text first"),
    "resolution_required": msg("ticket_refusal", "Write the resolution first"),
    "reason_required": msg("ticket_refusal", "Give a reason"),
    "not_major": msg("ticket_refusal", "Only major complaints have a temporary measure"),
    "bad_satisfaction": msg("ticket_refusal", "Satisfaction is a whole number 1 to 5"),
    "bad_severity": msg("ticket_refusal", "Unknown severity"),
    "bad_tier": msg("ticket_refusal", "Unknown tier"),
    "no_one_in_tier": msg("ticket_refusal", "Nobody holds that tier for this store"),
    "no_such_assignee": msg("ticket_refusal", "That person cannot take this store's tickets"),
    "already_holder": msg("ticket_refusal", "The ticket is already with that person"),
}
