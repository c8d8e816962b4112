"""The words of the inbox's codes: what kind of notification it is, what kind of notice
(信息发布: brand promotion, strategy, policy, arrival times, urgent). Merged into
`code_labels.CODE_LABELS`."""

from .label_marker import msg

NOTIFICATION_KIND_LABELS: dict[str, str] = {
    "order_out_for_delivery": msg("notification_kind", "Order on its way"),
    "order_status": msg("notification_kind", "Order update"),
    "ticket_answered": msg("notification_kind", "Ticket answered"),
    "ticket_status": msg("notification_kind", "Ticket update"),
    "ticket_raised": msg("notification_kind", "New ticket from a store"),
    "ticket_escalated": msg("notification_kind", "Ticket escalated to you"),
    "tickets_escalated": msg("notification_kind", "Tickets escalated to you"),
    "restock_decided": msg("notification_kind", "Restock decision"),
    "restock_followup_failed": msg("notification_kind", "Restock follow-up failed"),
    "store_change_decided": msg("notification_kind", "Store change decision"),
    "notice_published": msg("notification_kind", "New notice"),
    "survey_offered": msg("notification_kind", "Survey"),
}

NOTICE_KIND_LABELS: dict[str, str] = {
    "promotion": msg("notice_kind", "Brand promotion"),
    "strategy": msg("notice_kind", "Strategy"),
    "policy": msg("notice_kind", "Policy"),
    "arrival": msg("notice_kind", "Arrival times"),
    "urgent": msg("notice_kind", "Urgent"),
}
