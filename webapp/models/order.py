"""Store orders with their lines and status history; ordering windows and allocations.

The codes are the rules' (`webapp.rules.codes`); the moves are `webapp.rules.order_status`.
"""

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.codes import (
    DeliveryMethod,
    LimitPeriod,
    OrderChannel,
    OrderException,
    OrderStatus,
    values,
)
from .base import Base, one_of, utcnow
from .product import Product
from .store import Store
from .user import User

ORDER_STATUSES = values(OrderStatus)
ORDER_EXCEPTIONS = values(OrderException)
ORDER_CHANNELS = values(OrderChannel)
LIMIT_PERIODS = values(LimitPeriod)


class Order(Base):
    """An order a store placed itself (reps may recommend, never order), or that HQ's
    order desk entered for it by phone (`channel` phone, `entered_by`).

    `version` rises on every move: a move names the version it saw, and a stale one is
    refused rather than overwritten (two clerks on one order).
    """

    __tablename__ = "store_order"
    __table_args__ = (
        CheckConstraint(one_of("status", ORDER_STATUSES), name="status"),
        CheckConstraint(
            f"exception IS NULL OR {one_of('exception', ORDER_EXCEPTIONS)}", name="exception",
        ),
        CheckConstraint("total_fen >= 0", name="total_nonneg"),
        CheckConstraint(one_of("channel", ORDER_CHANNELS), name="channel"),
        CheckConstraint(one_of("delivery_method", values(DeliveryMethod)),
                        name="delivery_method"),
        CheckConstraint("version >= 1", name="version_positive"),
        # the order desk's queue (migration 0009): one status newest first without sorting
        # the year, its store read from the index; a region's orders of one status
        Index("ix_store_order_status_placed_at", "status", "placed_at", "store_id"),
        Index("ix_store_order_store_id_status", "store_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # who typed it in: the owner in the app, the 订单科 clerk for a phone order
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    channel: Mapped[str] = mapped_column(String(16), default="app")  # app, phone, platform
    delivery_method: Mapped[str] = mapped_column(String(20), default="home_delivery")
    wanted_date: Mapped[date | None]  # the owner's wish; delivery_date is the promise
    note: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    total_fen: Mapped[int] = mapped_column(Integer, default=0)
    placed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    delivery_date: Mapped[date | None]
    signed_by: Mapped[str | None] = mapped_column(String(100))
    signed_at: Mapped[datetime | None]
    exception: Mapped[str | None] = mapped_column(String(10), index=True)  # the desk's filter
    exception_note: Mapped[str | None] = mapped_column(String(500))
    # the receipt (签收): who confirmed it in the app, and the finger signature's photo
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    signature_photo_id: Mapped[str | None] = mapped_column(String(36))

    store: Mapped[Store] = relationship()
    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order")
    history: Mapped[list["OrderStatusChange"]] = relationship(
        back_populates="order", order_by="OrderStatusChange.at"
    )


class OrderLine(Base):
    """One product and quantity (cartons) in an order, priced at order time."""

    __tablename__ = "order_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_fen >= 0", name="price_nonneg"),
        UniqueConstraint("order_id", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("store_order.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_fen: Mapped[int] = mapped_column(Integer)

    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()


class OrderReceiptLine(Base):
    """What the store received of one order line at handover, and what was wrong with it
    (damaged, lost = missing, delayed, disputed); one row per line once the order is signed."""

    __tablename__ = "order_receipt_line"
    __table_args__ = (
        CheckConstraint("received_quantity >= 0", name="received_nonneg"),
        CheckConstraint(
            f"exception IS NULL OR {one_of('exception', ORDER_EXCEPTIONS)}", name="exception",
        ),
        UniqueConstraint("order_line_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("store_order.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id"))
    received_quantity: Mapped[int] = mapped_column(Integer)
    exception: Mapped[str | None] = mapped_column(String(10), index=True)
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class OrderStatusChange(Base):
    """One step of an order's life, or an exception raised on it."""

    __tablename__ = "order_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("store_order.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    exception: Mapped[str | None] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(String(500))

    order: Mapped[Order] = relationship(back_populates="history")
    by: Mapped[User | None] = relationship()


class OrderingWindow(Base):
    """When stores may order: a weekday (0 = Monday) and a local time range."""

    __tablename__ = "ordering_window"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))  # None: everywhere
    weekday: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[time]
    closes_at: Mapped[time]


class ProductOrderLimit(Base):
    """An allocation (货源投放): at most `max_quantity` cartons of a product per store in
    each period. A row with a store overrides the product's row without one (every store).

    The product's minimum and multiple are the product's own (`Product.order_minimum`,
    `Product.order_multiple`).
    """

    __tablename__ = "product_order_limit"
    __table_args__ = (
        CheckConstraint("max_quantity > 0", name="max_positive"),
        CheckConstraint(one_of("period", LIMIT_PERIODS), name="period"),
        UniqueConstraint("product_id", "store_id"),
        # NULLs are distinct in a unique constraint: one every-store row per product
        Index("ix_product_order_limit_every_store", "product_id", unique=True,
              sqlite_where=text("store_id IS NULL"), postgresql_where=text("store_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"), index=True)
    max_quantity: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(8), default="week")
