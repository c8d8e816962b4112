"""The one lookup from a stored code to its words: `code_label(kind, code, lang)`.

Every code a page shows (grade, visit flag, record type, delivery method, ...) is
named through this table of tables, so a code without a label is found by one grep
and by the page test that looks for raw codes (tests/integration/test_no_raw_codes.py).
"""

from enum import StrEnum

from . import labels

LABEL_TABLES: dict[str, labels.Labels] = {
    "grade": labels.GRADE_LABELS,
    "visit_state": labels.VISIT_STATE_LABELS,
    "visit_flag": labels.VISIT_FLAG_LABELS,
    "purpose": labels.PURPOSE_LABELS,
    "price_flag": labels.PRICE_FLAG_LABELS,
    "price_check_state": labels.PRICE_CHECK_STATE_LABELS,
    "ticket_kind": labels.KIND_LABELS,
    "ticket_group": labels.GROUP_LABELS,
    "ticket_category": labels.CATEGORY_LABELS,
    "ticket_status": labels.STATUS_LABELS,
    "severity": labels.SEVERITY_LABELS,
    "severity_reason": labels.SEVERITY_REASON_LABELS,
    "tier": labels.TIER_LABELS,
    "deadline": labels.DEADLINE_LABELS,
    "restock_reason": labels.RESTOCK_REASON_LABELS,
    "restock_status": labels.RESTOCK_STATUS_LABELS,
    "store_change_status": labels.STORE_CHANGE_STATUS_LABELS,
    "followup_verdict": labels.FOLLOWUP_VERDICT_LABELS,
    "delivery_method": labels.DELIVERY_METHOD_LABELS,
    "order_status": labels.ORDER_STATUS_LABELS,
    "record_type": labels.RECORD_TYPE_LABELS,
}


def code_label(kind: str, code: str | StrEnum | None, lang: str = "zh") -> str:
    """The words for `code` of `kind` in `lang`; an unknown code shows as itself.

    A page never breaks on a code it does not know (a newer phone may send one);
    the raw-code page test is what keeps every known code labelled.
    """
    if code is None:
        return ""
    try:
        return labels.label(LABEL_TABLES[kind], code, lang)
    except KeyError:
        return str(code)


def codes_of(kind: str) -> tuple[str, ...]:
    """Every code of `kind` that has a label, in table order (for choices)."""
    return tuple(LABEL_TABLES[kind])
