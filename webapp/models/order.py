"""Store orders with their lines and status history; ordering windows and limits."""

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .product import Product
from .store import Store
from .user import User

ORDER_STATUSES = ("submitted", "confirmed", "picking", "out_for_delivery", "delivered", "cancelled")
ORDER_EXCEPTIONS = ("damaged", "lost", "delayed", "disputed")


class Order(Base):
    """An order a store placed itself (reps may recommend, never order)."""

    __tablename__ = "store_order"
    __table_args__ = (
        CheckConstraint(
            "status IN ('submitted','confirmed','picking','out_for_delivery','delivered',"
            "'cancelled')",
            name="status",
        ),
        CheckConstraint(
            "exception IS NULL OR exception IN ('damaged','lost','delayed','disputed')",
            name="exception",
        ),
        CheckConstraint("total_fen >= 0", name="total_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    channel: Mapped[str] = mapped_column(String(16), default="app")  # app, phone, platform
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    total_fen: Mapped[int] = mapped_column(Integer, default=0)
    placed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    delivery_date: Mapped[date | None]
    signed_by: Mapped[str | None] = mapped_column(String(100))
    signed_at: Mapped[datetime | None]
    exception: Mapped[str | None] = mapped_column(String(10))
    exception_note: Mapped[str | None] = mapped_column(String(500))

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
    """Per-product order limit: most cartons per order, and the required multiple."""

    __tablename__ = "product_order_limit"
    __table_args__ = (
        CheckConstraint("max_quantity > 0", name="max_positive"),
        CheckConstraint("multiple_of > 0", name="multiple_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), unique=True)
    max_quantity: Mapped[int] = mapped_column(Integer)
    multiple_of: Mapped[int] = mapped_column(Integer, default=1)
