"""Store visits (客户拜访) and weekly price checks (样本客户价格采集).

Both are created on phones, so their key is the client-generated UUID, and
they are append-only: a correction is a new row whose `corrects_id` points at
the row it corrects.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .product import Product
from .store import Store
from .user import User


class Visit(Base):
    """One visit of a rep to a store, with trust signals kept as data (`flags`)."""

    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint("accuracy_m IS NULL OR accuracy_m >= 0", name="accuracy_nonneg"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36))
    started_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    purposes: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[dict] = mapped_column(JSON, default=dict)
    flags: Mapped[list] = mapped_column(JSON, default=list)  # trust signals, never blocks
    distance_m: Mapped[float | None] = mapped_column(Float)
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"))
    hlc: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    store: Mapped[Store] = relationship()
    rep: Mapped[User] = relationship()
    follow_ups: Mapped[list["VisitFollowUp"]] = relationship(
        back_populates="visit", order_by="VisitFollowUp.id"
    )


class VisitFollowUp(Base):
    """A follow-up promised during a visit, with its due date."""

    __tablename__ = "visit_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    due_date: Mapped[date | None]
    done_at: Mapped[datetime | None]

    visit: Mapped[Visit] = relationship(back_populates="follow_ups")


class PriceCheck(Base):
    """One product's shelf price, stock and out-of-stock days seen in a store."""

    __tablename__ = "price_check"
    __table_args__ = (
        CheckConstraint("shelf_price_fen >= 0", name="price_nonneg"),
        CheckConstraint("stock_units >= 0", name="stock_nonneg"),
        CheckConstraint("out_of_stock_days >= 0", name="oos_nonneg"),
        # the current checks of a store (sync pull of a rep's scope, push look-up)
        Index("ix_price_check_store_change_seq", "store_id", "change_seq"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36))
    observed_at: Mapped[datetime] = mapped_column(index=True)
    iso_week: Mapped[str] = mapped_column(String(8), index=True)  # e.g. 2026-W48
    shelf_price_fen: Mapped[int] = mapped_column(Integer)
    guide_price_fen: Mapped[int] = mapped_column(Integer)  # the guide price at that moment
    stock_units: Mapped[int] = mapped_column(Integer)
    out_of_stock_days: Mapped[int] = mapped_column(Integer, default=0)
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("price_check.id"))
    hlc: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # sync pull cursor: only the latest check of a store and product carries one (the
    # push clears it on the check a newer one supersedes); NULL: superseded
    change_seq: Mapped[int | None] = mapped_column(Integer, index=True)

    store: Mapped[Store] = relationship()
    product: Mapped[Product] = relationship()


class OpenCheckIn(Base):
    """A rep's check-in at a store not checked out yet (the server's side of a visit).

    The time and place of arrival are fixed when the rep first checks in: a second
    check-in at the same store finds this row and keeps its time (the short-visit trust
    flag is measured from it). Checking out, or the visit reaching the server from the
    phone's outbox, removes it; one left open longer than a working day lapses.
    """

    __tablename__ = "open_check_in"
    __table_args__ = (UniqueConstraint("rep_id", "store_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the visit record's id
    rep_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    started_at: Mapped[datetime]
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
