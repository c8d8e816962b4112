"""The words of every stored code, one system: gettext, with the code's kind as context.

`CODE_LABELS[kind][code]` is the English msgid; `webapp.i18n.code_label(kind, code)`
translates it with `pgettext(kind, msgid)` (the kind keeps apart one English word that
means two things, e.g. "Due" for a visit and for a price check). `msg(kind, english)`
(rules.label_marker) only marks a msgid for extraction (`pybabel -k msg:1c,2`, see
webapp/i18n_tool.py); the Chinese lives in the catalogue like every other string. A
code without a label is found by tests/integration/test_no_raw_codes.py.
"""

from .inbox_labels import NOTICE_KIND_LABELS, NOTIFICATION_KIND_LABELS
from .label_marker import msg
from .order_labels import ORDER_DESK_LABELS
from .sync_labels import RECORD_TYPE_LABELS, REFUSAL_LABELS
from .ticket_labels import TICKET_EVENT_LABELS, TICKET_REFUSAL_LABELS

CODE_LABELS: dict[str, dict[str, str]] = {
    "grade": {
        "A": msg("grade", "A (daily)"),
        "B": msg("grade", "B (weekly)"),
        "C": msg("grade", "C (every 15 days)"),
        "D": msg("grade", "D (monthly)"),
        "E": msg("grade", "E (yearly)"),
    },
    "visit_state": {
        "overdue": msg("visit_state", "Overdue"),
        "due": msg("visit_state", "Due"),
        "not_due": msg("visit_state", "Not due"),
    },
    "visit_flag": {
        "no_location": msg("visit_flag", "No location"),
        "poor_accuracy": msg("visit_flag", "Poor GPS accuracy"),
        "far_from_store": msg("visit_flag", "Far from the store"),
        "repeated_coordinates": msg("visit_flag", "Repeated coordinates"),
        "short_visit": msg("visit_flag", "Short visit"),
        "clock_skew": msg("visit_flag", "Phone clock was off"),
        "identical_photo": msg("visit_flag", "Photo used before"),
        "near_duplicate_photo": msg("visit_flag", "Photo very like an earlier one"),
    },
    "purpose": {
        "routine": msg("purpose", "Routine"),
        "promotion": msg("purpose", "Promotion"),
        "complaint_followup": msg("purpose", "Complaint follow-up"),
        "training": msg("purpose", "Training"),
        "delivery_issue": msg("purpose", "Delivery issue"),
        "info_collection": msg("purpose", "Information collection"),
    },
    "price_flag": {
        "ok": msg("price_flag", "OK"),
        "above": msg("price_flag", "Above guide price"),
        "below": msg("price_flag", "Below guide price"),
    },
    "price_check_state": {
        "not_required": msg("price_check_state", "Not required"),
        "due": msg("price_check_state", "Due"),
        "submitted": msg("price_check_state", "Submitted"),
        "late": msg("price_check_state", "Late"),
    },
    "ticket_kind": {
        "complaint": msg("ticket_kind", "Complaint"),
        "request": msg("ticket_kind", "Request"),
        "inquiry": msg("ticket_kind", "Inquiry"),
        "suggestion": msg("ticket_kind", "Suggestion"),
        "praise": msg("ticket_kind", "Praise"),
    },
    "ticket_group": {
        "product": msg("ticket_group", "Product"),
        "service": msg("ticket_group", "Service"),
        "delivery": msg("ticket_group", "Delivery"),
        "safety": msg("ticket_group", "Safety"),
        "non_complaint": msg("ticket_group", "Other"),
    },
    "ticket_category": {
        "price": msg("ticket_category", "Price"),
        "quality": msg("ticket_category", "Quality"),
        "defect": msg("ticket_category", "Damaged or defective"),
        "expired": msg("ticket_category", "Expired"),
        "mislabel": msg("ticket_category", "Mislabelled"),
        "no_cn_label": msg("ticket_category", "No Chinese label"),
        "out_of_stock": msg("ticket_category", "Out of stock"),
        "staff_attitude": msg("ticket_category", "Staff attitude"),
        "billing": msg("ticket_category", "Billing or settlement"),
        "insufficient_service": msg("ticket_category", "Service missing"),
        "service_execution": msg("ticket_category", "Service done wrong"),
        "service_withdrawn": msg("ticket_category", "Service withdrawn"),
        "staff_misconduct": msg("ticket_category", "Staff misconduct"),
        "order_interference": msg("ticket_category", "Order interference"),
        "delivery_damage": msg("ticket_category", "Damaged in delivery"),
        "delivery_loss": msg("ticket_category", "Lost in delivery"),
        "delivery_delay": msg("ticket_category", "Delivery delayed"),
        "handover_dispute": msg("ticket_category", "Handover dispute"),
        "accident": msg("ticket_category", "Accident"),
        "environment": msg("ticket_category", "Environment"),
        "inquiry": msg("ticket_category", "Inquiry"),
        "suggestion": msg("ticket_category", "Suggestion"),
        "praise": msg("ticket_category", "Praise"),
        "other_request": msg("ticket_category", "Other request"),
    },
    "ticket_status": {
        "new": msg("ticket_status", "New"),
        "acknowledged": msg("ticket_status", "Acknowledged"),
        "in_progress": msg("ticket_status", "In progress"),
        "resolved": msg("ticket_status", "Resolved"),
        "callback_done": msg("ticket_status", "Callback done"),
        "closed": msg("ticket_status", "Closed"),
        "reopened": msg("ticket_status", "Reopened"),
    },
    "severity": {
        "general": msg("severity", "General"),
        "major_b": msg("severity", "Major (B)"),
        "major_a": msg("severity", "Major (A)"),
    },
    "severity_reason": {
        "safety_category": msg("severity_reason", "Safety complaint"),
        "safety_incident": msg("severity_reason", "Fire, accident or injury"),
        "product_harm": msg("severity_reason", "Counterfeit or harmful goods"),
        "legal_action": msg("severity_reason", "May lead to legal action"),
        "regulator_involved": msg("severity_reason", "Regulator or police involved"),
        "compensation_demand": msg("severity_reason", "Demands replacement or damages"),
        "repeated_failed_fix": msg("severity_reason", "Repeated failed fixes"),
        "written_reply_demand": msg("severity_reason", "Demands a written reply"),
        "blocks_premises": msg("severity_reason", "Customer blocks the premises"),
        "law_breach": msg("severity_reason", "Breach of law or regulation"),
        "hq_flagged": msg("severity_reason", "Flagged by HQ"),
        "media": msg("severity_reason", "Taken to the media"),
        "public_body_complaint": msg("severity_reason", "Complained to a public body"),
    },
    "tier": {
        "first_responder": msg("tier", "First responder"),
        "market_manager": msg("tier", "Market manager"),
        "head_of_unit": msg("tier", "Head of unit"),
    },
    "ticket_event": TICKET_EVENT_LABELS,
    "ticket_refusal": TICKET_REFUSAL_LABELS,
    "deadline": {
        "register": msg("deadline", "Register"),
        "first_answer": msg("deadline", "First answer"),
        "temp_measure": msg("deadline", "Temporary measure"),
        "resolve": msg("deadline", "Resolution"),
    },
    "restock_reason": {
        "wedding": msg("restock_reason", "Wedding"),
        "funeral": msg("restock_reason", "Funeral"),
        "reception": msg("restock_reason", "Meeting or reception"),
        "group_purchase": msg("restock_reason", "Group purchase"),
        "stock_out": msg("restock_reason", "Stock-out"),
    },
    "ticket_update_action": {
        "acknowledge": msg("ticket_update_action", "Acknowledge"),
        "resolve": msg("ticket_update_action", "Resolve"),
    },
    "restock_status": {
        "submitted": msg("restock_status", "Submitted"),
        "approved": msg("restock_status", "Approved"),
        "rejected": msg("restock_status", "Rejected"),
        "fulfilled": msg("restock_status", "Fulfilled"),
        "followed_up": msg("restock_status", "Followed up"),
    },
    "store_change_status": {
        "pending": msg("store_change_status", "Pending"),
        "applied": msg("store_change_status", "Applied"),
        "rejected": msg("store_change_status", "Rejected"),
    },
    "followup_verdict": {
        "normal": msg("followup_verdict", "Sold normally"),
        "abnormal": msg("followup_verdict", "Abnormal"),
        "too_early": msg("followup_verdict", "Too early to judge"),
    },
    "delivery_method": {
        "home_delivery": msg("delivery_method", "Delivery to the door"),
        "pickup_point": msg("delivery_method", "Pick-up point"),
        "delegated_delivery": msg("delivery_method", "Delegated delivery"),
    },
    # the store fields a phone or HQ may change (rules.codes.STORE_EDITABLE_FIELDS)
    "store_field": {
        "phone": msg("store_field", "Phone"),
        "owner_name": msg("store_field", "Owner name"),
        "address": msg("store_field", "Address"),
        "opening_hours": msg("store_field", "Opening hours"),
        "business_type": msg("store_field", "Business type"),
        "delivery_method": msg("store_field", "Delivery method"),
    },
    "finding_area": {
        "display": msg("finding_area", "Display"),
        "stock": msg("finding_area", "Stock"),
        "price_tags": msg("finding_area", "Price tags"),
        "cleanliness": msg("finding_area", "Cleanliness"),
        "competing_products": msg("finding_area", "Competing products"),
    },
    **ORDER_DESK_LABELS,
    "record_type": RECORD_TYPE_LABELS,
    "refusal": REFUSAL_LABELS,
    "notification_kind": NOTIFICATION_KIND_LABELS,
    "notice_kind": NOTICE_KIND_LABELS,
}


def codes_of(kind: str) -> tuple[str, ...]:
    """Every code of `kind` that has a label, in table order (for choices)."""
    return tuple(CODE_LABELS[kind])
