"""Retail stores (零售客户), their assortment and admin-maintained reference lists."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.codes import (
    STORE_EDITABLE_FIELDS,
    DeliveryMethod,
    StoreChangeStatus,
    StoreGrade,
    values,
)
from .base import Base, one_of, utcnow
from .geo import Territory
from .user import User

GRADES = values(StoreGrade)
MARKET_TYPES = ("urban", "rural")
DELIVERY_METHODS = values(DeliveryMethod)
SETTLEMENT_METHODS = ("electronic", "cash")
STORE_STATUSES = ("active", "suspended", "closed")
STORE_CHANGE_STATUSES = values(StoreChangeStatus)
# The fields a phone may change through a store_update record (sync contract).
EDITABLE_FIELDS = STORE_EDITABLE_FIELDS


class ReferenceItem(Base):
    """An entry of an admin-maintained list (业态, 客户类别, 商圈 ...).

    The manuals require these lists but enumerate none of them, so HQ keeps them.
    """

    __tablename__ = "reference_item"
    __table_args__ = (UniqueConstraint("kind", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # business_type, customer_category, trading_area
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)


class Store(Base):
    """A retail customer's shop. `version` increases on every change (sync)."""

    __tablename__ = "store"
    __table_args__ = (
        CheckConstraint(one_of("grade", GRADES), name="grade"),
        CheckConstraint("market_type IN ('urban','rural')", name="market_type"),
        CheckConstraint(one_of("delivery_method", DELIVERY_METHODS), name="delivery_method"),
        CheckConstraint("settlement IN ('electronic','cash')", name="settlement"),
        CheckConstraint("status IN ('active','suspended','closed')", name="status"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(300))
    opening_hours: Mapped[str] = mapped_column(String(100), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    business_type: Mapped[str] = mapped_column(String(32))
    customer_category: Mapped[str | None] = mapped_column(String(32))
    trading_area: Mapped[str | None] = mapped_column(String(32))
    market_type: Mapped[str] = mapped_column(String(10))
    grade: Mapped[str] = mapped_column(String(1), default="C")
    is_sample: Mapped[bool] = mapped_column(default=False)
    delivery_method: Mapped[str] = mapped_column(String(20), default="home_delivery")
    settlement: Mapped[str] = mapped_column(String(12), default="electronic")
    status: Mapped[str] = mapped_column(String(12), default="active")
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)  # sync pull cursor
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    territory: Mapped[Territory] = relationship()
    owner: Mapped[User | None] = relationship()


class StoreProduct(Base):
    """A product in a store's assortment: what its weekly price check must cover."""

    __tablename__ = "store_product"

    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), primary_key=True)


class StoreChange(Base):
    """A reported change of a store's info (one store_update record), and its fate.

    Statuses: pending (waits for HQ), applied, rejected.
    """

    __tablename__ = "store_change"
    __table_args__ = (
        CheckConstraint(one_of("status", STORE_CHANGE_STATUSES), name="status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # client UUID
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    reported_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    device_id: Mapped[str | None] = mapped_column(String(36))
    base_version: Mapped[int] = mapped_column(Integer)
    changes: Mapped[dict] = mapped_column(JSON)
    previous: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decision_note: Mapped[str | None] = mapped_column(String(500))
    hlc: Mapped[str | None] = mapped_column(String(100))

    store: Mapped[Store] = relationship()
    reported_by: Mapped[User] = relationship(foreign_keys=[reported_by_id])
