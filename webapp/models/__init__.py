"""The Rounds domain model: one module per aggregate, plain SQLAlchemy 2.0."""

from .admin import AuditLog, CalendarDay, Device, Setting
from .base import Base, new_uuid, utcnow
from .feedback import ClassificationAudit, DemandForecast, SurveyAnswer
from .geo import Region, Territory
from .notice import Notice, NoticeReceipt, NoticeStore
from .notification import Notification
from .order import (
    Order,
    OrderingWindow,
    OrderLine,
    OrderReceiptLine,
    OrderStatusChange,
    ProductOrderLimit,
)
from .photo import Photo
from .product import Product, ProductRecommendation
from .restock import RestockLine, RestockRequest
from .store import ReferenceItem, Store, StoreChange, StoreProduct
from .sync import (
    QuarantinedRecord,
    StoreFieldClock,
    SyncConflict,
    SyncCounter,
    SyncReceipt,
    Tombstone,
)
from .ticket import Ticket, TicketEvent, TicketNumberCounter
from .user import User
from .visit import OpenCheckIn, PriceCheck, Visit, VisitFollowUp

__all__ = [
    "AuditLog", "Base", "CalendarDay", "ClassificationAudit", "DemandForecast", "Device",
    "Notice", "NoticeReceipt", "NoticeStore", "Notification", "OpenCheckIn", "Order",
    "OrderLine", "OrderReceiptLine", "OrderStatusChange", "OrderingWindow", "Photo",
    "PriceCheck", "Product", "ProductRecommendation", "ProductOrderLimit", "QuarantinedRecord",
    "ReferenceItem",
    "Region", "RestockLine", "RestockRequest", "Setting", "Store", "StoreChange",
    "StoreFieldClock", "StoreProduct", "SurveyAnswer", "SyncConflict", "SyncCounter",
    "SyncReceipt", "Territory", "Ticket", "TicketEvent", "TicketNumberCounter", "Tombstone",
    "User", "Visit", "VisitFollowUp", "new_uuid", "utcnow",
]
