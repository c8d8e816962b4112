"""The words of an order's delivery exception and channel codes (kept beside
`code_labels`, which gathers them, so that module stays small)."""

from .label_marker import msg

# what went wrong with a delivery (rules.codes.OrderException) [002 異常處理]
ORDER_EXCEPTION_LABELS = {
    "damaged": msg("order_exception", "Damaged"),
    "lost": msg("order_exception", "Missing"),
    "delayed": msg("order_exception", "Late"),
    "disputed": msg("order_exception", "Handover dispute"),
}
# how an order came in (rules.codes.OrderChannel)
ORDER_CHANNEL_LABELS = {
    "app": msg("order_channel", "In the app"),
    "phone": msg("order_channel", "By phone to the order desk"),
    "platform": msg("order_channel", "Ordering platform"),
}
