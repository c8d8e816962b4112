"""The words of the ordering codes: order statuses, delivery exceptions, channels,
allocation periods, and why an order, a quantity rule or an ordering window is refused.

Merged into `code_labels.CODE_LABELS`. In the problem kinds, `%(name)s` are the
problem's parameters (`rules.ordering.Problem.params`), filled in by
`webapp.order_messages`.
"""

from .label_marker import msg

ORDER_DESK_LABELS: dict[str, dict[str, str]] = {
    "order_status": {
        "submitted": msg("order_status", "Submitted"),
        "confirmed": msg("order_status", "Confirmed"),
        "rejected": msg("order_status", "Rejected"),
        "picking": msg("order_status", "Picking"),
        "out_for_delivery": msg("order_status", "Out for delivery"),
        "delivered": msg("order_status", "Delivered"),
        "completed": msg("order_status", "Completed"),
        "cancelled": msg("order_status", "Cancelled"),
    },
    "order_exception": {
        "damaged": msg("order_exception", "Damaged"),
        "lost": msg("order_exception", "Missing"),
        "delayed": msg("order_exception", "Delayed"),
        "disputed": msg("order_exception", "Handover dispute"),
    },
    "order_channel": {
        "app": msg("order_channel", "App"),
        "phone": msg("order_channel", "By phone"),
        "platform": msg("order_channel", "Ordering platform"),
    },
    "limit_period": {
        "day": msg("limit_period", "day"),
        "week": msg("limit_period", "week"),
        "month": msg("limit_period", "month"),
    },
    # why an order or a line is refused (rules.ordering); %(name)s are the problem's
    # parameters, filled in by webapp.order_messages
    "order_problem": {
        "bad_quantity": msg("order_problem", "Enter a whole number of cartons above zero."),
        "unknown_product": msg("order_problem", "No such product on sale."),
        "duplicate_product": msg("order_problem", "This product is already on another line."),
        "below_minimum": msg("order_problem", "At least %(minimum)s cartons."),
        "not_multiple": msg("order_problem", "Order in multiples of %(multiple)s cartons."),
        "over_limit": msg("order_problem", "Over the allocation: at most %(limit)s cartons "
                                           "per %(period)s, %(already)s already ordered."),
        "outside_window": msg("order_problem", "Outside the ordering window; it opens "
                                               "next %(next_open)s."),
        "no_ordering_window": msg("order_problem", "This store's order domain has no "
                                                   "ordering window."),
        "empty_order": msg("order_problem", "The order has no lines."),
        "too_many_lines": msg("order_problem", "At most %(max_lines)s lines in one order."),
        "store_not_active": msg("order_problem", "The store is not active and cannot order."),
        "bad_delivery_method": msg("order_problem", "Choose a delivery method."),
        "bad_wanted_date": msg("order_problem", "The wanted date must be between "
                                                "%(earliest)s and %(latest)s."),
        "note_too_long": msg("order_problem", "The note is longer than %(limit)s characters."),
        "too_large": msg("order_problem", "The order's total is too large (at most "
                                          "¥%(max_fen)s)."),
    },
    "quantity_rule_problem": {
        "bad_minimum": msg("quantity_rule_problem", "The minimum must be a whole number "
                                                    "above zero."),
        "bad_multiple": msg("quantity_rule_problem", "The multiple must be a whole number "
                                                     "above zero."),
        "minimum_not_multiple": msg("quantity_rule_problem", "The minimum must be a "
                                                             "multiple of the multiple."),
        "bad_limit": msg("quantity_rule_problem", "The allocation must be a whole number "
                                                  "above zero."),
        "limit_below_minimum": msg("quantity_rule_problem", "The allocation is below the "
                                                            "product's minimum: the store "
                                                            "could never order it."),
        "limit_not_multiple": msg("quantity_rule_problem", "The allocation must be a "
                                                           "multiple of the product's "
                                                           "multiple."),
        "bad_period": msg("quantity_rule_problem", "Choose day, week or month."),
    },
    "window_problem": {
        "bad_weekday": msg("window_problem", "Choose a weekday."),
        "overlap": msg("window_problem", "This window overlaps another window."),
    },
}
