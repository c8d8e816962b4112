"""The fixed codes the rules speak in.

The database models (CHECK constraints) and the sync API store exactly these
strings, so every enum here is a `StrEnum` whose values must never change.
Their words come from gettext (`webapp.rules.code_labels` marks them). The models
build their CHECK constraints from these enums and the sync parsers receive them
through `webapp.rules.record_vocabulary`: this module is the one list of each.
"""

from enum import StrEnum


def values(codes: type[StrEnum]) -> tuple[str, ...]:
    """The stored strings of an enum, in declaration order (for tuples and constraints)."""
    return tuple(str(member) for member in codes)


class TicketKind(StrEnum):
    """What a ticket is (投诉、诉求、咨询、建议、表扬)."""

    COMPLAINT = "complaint"
    REQUEST = "request"
    INQUIRY = "inquiry"
    SUGGESTION = "suggestion"
    PRAISE = "praise"


class CategoryGroup(StrEnum):
    """The families of complaint categories, plus one for the other kinds."""

    PRODUCT = "product"  # [003 对商品抱怨主要有]
    SERVICE = "service"  # [003 对服务抱怨主要有]
    DELIVERY = "delivery"  # [002 異常處理]
    SAFETY = "safety"  # [003 对安全抱怨主要有]
    NON_COMPLAINT = "non_complaint"


class TicketCategory(StrEnum):
    """A ticket's subject. Complaint codes follow the manuals' taxonomy (spec §5)."""

    # [003 价格、品质、残缺、过期、标示不符、进口商品未附有中文标示、缺货]
    PRICE = "price"
    QUALITY = "quality"
    DEFECT = "defect"
    EXPIRED = "expired"
    MISLABEL = "mislabel"
    NO_CN_LABEL = "no_cn_label"
    OUT_OF_STOCK = "out_of_stock"
    # [003 工作人员态度不佳] … [003 取消原来提供服务项目]
    STAFF_ATTITUDE = "staff_attitude"
    BILLING = "billing"  # 收银作业不当 and fund settlement [000 资金结算问题]
    INSUFFICIENT_SERVICE = "insufficient_service"
    SERVICE_EXECUTION = "service_execution"
    SERVICE_WITHDRAWN = "service_withdrawn"
    STAFF_MISCONDUCT = "staff_misconduct"  # [003 办事拖拉]
    ORDER_INTERFERENCE = "order_interference"  # [000 人为干预客户选择订购品牌]
    # [002 異常處理]: damage, loss, delay, handover dispute
    DELIVERY_DAMAGE = "delivery_damage"
    DELIVERY_LOSS = "delivery_loss"
    DELIVERY_DELAY = "delivery_delay"
    HANDOVER_DISPUTE = "handover_dispute"
    # [003 意外事件发生、环境影响]
    ACCIDENT = "accident"
    ENVIRONMENT = "environment"
    # The non-complaint kinds each have one code.
    INQUIRY = "inquiry"
    SUGGESTION = "suggestion"
    PRAISE = "praise"
    OTHER_REQUEST = "other_request"


class Severity(StrEnum):
    """General, or major class B (went public) or A (harm, law, money)."""

    GENERAL = "general"
    MAJOR_B = "major_b"
    MAJOR_A = "major_a"


class Tier(StrEnum):
    """Who may decide a ticket, lowest first (处理投诉权限)."""

    FIRST_RESPONDER = "first_responder"
    MARKET_MANAGER = "market_manager"
    HEAD_OF_UNIT = "head_of_unit"


# Our user roles for each tier (spec §1.1 mapping: 接诉员 → 客户经理,
# 客服经理 → 市场经理, 店长/总经理 → 营销中心).
TIER_ROLES: dict[Tier, str] = {
    Tier.FIRST_RESPONDER: "rep",
    Tier.MARKET_MANAGER: "market_manager",
    Tier.HEAD_OF_UNIT: "hq_staff",
}

TIER_ORDER: tuple[Tier, ...] = tuple(Tier)


class TicketUpdateAction(StrEnum):
    """What a rep does to a ticket from the phone (a `ticket_update` record), within the
    first responder's tier (首问负责)."""

    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"


TICKET_UPDATE_ACTIONS: tuple[str, ...] = tuple(a.value for a in TicketUpdateAction)


class TicketStatus(StrEnum):
    """A ticket's place in its life (see `webapp.rules.ticket_status`)."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CALLBACK_DONE = "callback_done"
    CLOSED = "closed"
    REOPENED = "reopened"


class StoreGrade(StrEnum):
    """The A–E customer grade that sets the visit cadence [003 A、B、C、D、E五个等级]."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"


class VisitPurpose(StrEnum):
    """Why a rep visits a store (spec §2.3)."""

    ROUTINE = "routine"
    PROMOTION = "promotion"
    COMPLAINT_FOLLOWUP = "complaint_followup"
    TRAINING = "training"
    DELIVERY_ISSUE = "delivery_issue"
    INFO_COLLECTION = "info_collection"


class FindingArea(StrEnum):
    """What a rep looks at during a visit (spec §2.3), in the order the form shows them."""

    DISPLAY = "display"
    STOCK = "stock"
    PRICE_TAGS = "price_tags"
    CLEANLINESS = "cleanliness"
    COMPETING_PRODUCTS = "competing_products"


class DeliveryMethod(StrEnum):
    """How a store receives its goods [002 配送方式]."""

    HOME_DELIVERY = "home_delivery"
    PICKUP_POINT = "pickup_point"
    DELEGATED_DELIVERY = "delegated_delivery"


class RestockReason(StrEnum):
    """Why a store needs an emergency restock [000 红白喜事、会议接待] [000 团购]."""

    WEDDING = "wedding"
    FUNERAL = "funeral"
    RECEPTION = "reception"
    GROUP_PURCHASE = "group_purchase"
    STOCK_OUT = "stock_out"


class RestockStatus(StrEnum):
    """An emergency restock request's life (spec §3.7)."""

    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    FULFILLED = "fulfilled"
    FOLLOWED_UP = "followed_up"


class StoreChangeStatus(StrEnum):
    """A reported store-info change: waiting, applied, or refused."""

    PENDING = "pending"
    APPLIED = "applied"
    REJECTED = "rejected"


# The store fields a phone may change through a store_update record (sync contract;
# `webapp.models.store.EDITABLE_FIELDS` is this tuple).
STORE_EDITABLE_FIELDS: tuple[str, ...] = (
    "phone", "owner_name", "address", "opening_hours", "business_type", "delivery_method",
)
# The store fields that may be changed but never blanked (a store must stay reachable).
STORE_REQUIRED_FIELDS: tuple[str, ...] = ("phone", "owner_name", "address")


class OrderStatus(StrEnum):
    """An order's place in its life (see `webapp.rules.ordering` for the moves).

    `picking` is the stored code of the step the issue calls "picked" (备货): allocated,
    picked, checked and packed, grouped.
    """

    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    PICKING = "picking"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class OrderException(StrEnum):
    """What went wrong with a delivery [002 異常處理]: damage, loss, delay, dispute."""

    DAMAGED = "damaged"
    LOST = "lost"
    DELAYED = "delayed"
    DISPUTED = "disputed"


class OrderChannel(StrEnum):
    """How an order came in: the app, a call to 订单科, or the 新商盟 platform."""

    APP = "app"
    PHONE = "phone"
    PLATFORM = "platform"


class LimitPeriod(StrEnum):
    """The period an allocation (货源投放) limit counts over, in the configured zone."""

    DAY = "day"
    WEEK = "week"  # ISO week, Monday to Sunday
    MONTH = "month"


class OrderProblem(StrEnum):
    """Why an order or one of its lines is refused; pages translate the code and its
    parameters (named in each comment)."""

    BAD_QUANTITY = "bad_quantity"  # not a whole positive number of cartons
    UNKNOWN_PRODUCT = "unknown_product"  # no such product, or not on sale
    DUPLICATE_PRODUCT = "duplicate_product"  # the same product on two lines
    BELOW_MINIMUM = "below_minimum"  # minimum
    NOT_MULTIPLE = "not_multiple"  # multiple
    OVER_LIMIT = "over_limit"  # limit, already, period
    OUTSIDE_WINDOW = "outside_window"  # next_open (an aware datetime, or None)
    NO_ORDERING_WINDOW = "no_ordering_window"  # the store's order domain has none
    EMPTY_ORDER = "empty_order"
    TOO_MANY_LINES = "too_many_lines"  # max_lines
    STORE_NOT_ACTIVE = "store_not_active"  # a suspended or closed store does not order
    BAD_DELIVERY_METHOD = "bad_delivery_method"
    BAD_WANTED_DATE = "bad_wanted_date"  # earliest
    NOTE_TOO_LONG = "note_too_long"  # limit
    TOO_LARGE = "too_large"  # the order's total is beyond what money columns hold


class QuantityRuleProblem(StrEnum):
    """Why HQ's quantity rules or allocation for a product cannot be stored as they are."""

    BAD_MINIMUM = "bad_minimum"  # not a whole number above zero
    BAD_MULTIPLE = "bad_multiple"
    MINIMUM_NOT_MULTIPLE = "minimum_not_multiple"  # e.g. minimum 30 in steps of 25
    BAD_LIMIT = "bad_limit"
    LIMIT_BELOW_MINIMUM = "limit_below_minimum"  # the store could never order it
    LIMIT_NOT_MULTIPLE = "limit_not_multiple"  # the last cartons could never be ordered
    BAD_PERIOD = "bad_period"


class WindowProblem(StrEnum):
    """Why HQ's ordering windows cannot be stored as they are."""

    BAD_WEEKDAY = "bad_weekday"
    OVERLAP = "overlap"  # two windows of one order domain share a moment


class NotificationKind(StrEnum):
    """What an inbox notification says (`services.notifications`; the text is rendered in
    the reader's language from the kind and its params)."""

    ORDER_OUT_FOR_DELIVERY = "order_out_for_delivery"  # 到货通知
    ORDER_STATUS = "order_status"  # confirmed, rejected (with the reason), delivered ...
    TICKET_ANSWERED = "ticket_answered"
    TICKET_STATUS = "ticket_status"
    TICKET_ESCALATED = "ticket_escalated"  # to the new owner of the ticket
    TICKET_RAISED = "ticket_raised"  # the store raised it in the app: to its holder
    # many tickets escalated to one person in one run: one message, to their queue
    TICKETS_ESCALATED = "tickets_escalated"
    RESTOCK_DECIDED = "restock_decided"
    RESTOCK_FOLLOWUP_FAILED = "restock_followup_failed"  # to the manager
    STORE_CHANGE_DECIDED = "store_change_decided"
    NOTICE_PUBLISHED = "notice_published"
    SURVEY_OFFERED = "survey_offered"
