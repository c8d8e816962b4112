"""Which categories each ticket kind may use, and which group a category is in.

Complaints use the manuals' product, service and safety lists [003 对商品抱怨主要有]
[003 对服务抱怨主要有] [003 对安全抱怨主要有], plus the logistics manual's delivery
exceptions [002 異常處理]. Each other kind has a single category of its own.
"""

from __future__ import annotations

from .codes import CategoryGroup, TicketCategory, TicketKind

C = TicketCategory

CATEGORY_GROUPS: dict[CategoryGroup, tuple[TicketCategory, ...]] = {
    CategoryGroup.PRODUCT: (
        C.PRICE, C.QUALITY, C.DEFECT, C.EXPIRED, C.MISLABEL, C.NO_CN_LABEL, C.OUT_OF_STOCK,
    ),
    CategoryGroup.SERVICE: (
        C.STAFF_ATTITUDE, C.BILLING, C.INSUFFICIENT_SERVICE, C.SERVICE_EXECUTION,
        C.SERVICE_WITHDRAWN, C.STAFF_MISCONDUCT, C.ORDER_INTERFERENCE,
    ),
    CategoryGroup.DELIVERY: (
        C.DELIVERY_DAMAGE, C.DELIVERY_LOSS, C.DELIVERY_DELAY, C.HANDOVER_DISPUTE,
    ),
    CategoryGroup.SAFETY: (C.ACCIDENT, C.ENVIRONMENT),
    CategoryGroup.NON_COMPLAINT: (C.INQUIRY, C.SUGGESTION, C.PRAISE, C.OTHER_REQUEST),
}

_GROUP_OF: dict[TicketCategory, CategoryGroup] = {
    category: group for group, members in CATEGORY_GROUPS.items() for category in members
}

COMPLAINT_CATEGORIES: tuple[TicketCategory, ...] = tuple(
    c for c in TicketCategory if _GROUP_OF[c] is not CategoryGroup.NON_COMPLAINT
)

KIND_CATEGORIES: dict[TicketKind, tuple[TicketCategory, ...]] = {
    TicketKind.COMPLAINT: COMPLAINT_CATEGORIES,
    TicketKind.REQUEST: (C.OTHER_REQUEST,),
    TicketKind.INQUIRY: (C.INQUIRY,),
    TicketKind.SUGGESTION: (C.SUGGESTION,),
    TicketKind.PRAISE: (C.PRAISE,),
}


def category_group(category: str) -> CategoryGroup:
    """The group of a category code; ValueError for an unknown code."""
    return _GROUP_OF[_category(category)]


def categories_for(kind: str) -> tuple[TicketCategory, ...]:
    """The categories a ticket of `kind` may carry (for the form's choices)."""
    return KIND_CATEGORIES[_kind(kind)]


def check_category(kind: str, category: str) -> TicketCategory:
    """`category` as an enum if it fits `kind`; ValueError with the allowed codes otherwise."""
    cat = _category(category)
    allowed = categories_for(kind)
    if cat not in allowed:
        raise ValueError(
            f"category {cat} does not fit a {kind} ticket; use one of: "
            + ", ".join(allowed)
        )
    return cat


def is_safety(category: str) -> bool:
    """Whether the category is a safety complaint (accident or environment)."""
    return category_group(category) is CategoryGroup.SAFETY


def _category(code: str) -> TicketCategory:
    try:
        return TicketCategory(code)
    except ValueError:
        raise ValueError(f"unknown ticket category {code!r}") from None


def _kind(code: str) -> TicketKind:
    try:
        return TicketKind(code)
    except ValueError:
        raise ValueError(f"unknown ticket kind {code!r}") from None
