"""Emergency restock requests (应急补货申请) and their lines."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.codes import RestockReason, RestockStatus, values
from .base import Base, one_of, utcnow
from .product import Product
from .store import Store
from .user import User

RESTOCK_REASONS = values(RestockReason)
RESTOCK_STATUSES = values(RestockStatus)


class RestockRequest(Base):
    """A rep's emergency restock request; the market manager decides it."""

    __tablename__ = "restock_request"
    __table_args__ = (
        CheckConstraint(one_of("reason", RESTOCK_REASONS), name="reason"),
        CheckConstraint(one_of("status", RESTOCK_STATUSES), name="status"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    device_id: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    wanted_by: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default="submitted", index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    followup_note: Mapped[str | None] = mapped_column(Text)
    followup_sold_units: Mapped[int | None] = mapped_column(Integer)
    followed_up_at: Mapped[datetime | None]
    # the sales follow-up found the stock not sold as claimed: flagged for the manager
    followup_failed: Mapped[bool | None]
    supplied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    supplied_at: Mapped[datetime | None]  # fulfilment recorded by HQ
    hlc: Mapped[str | None] = mapped_column(String(100))

    store: Mapped[Store] = relationship()
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    lines: Mapped[list["RestockLine"]] = relationship(back_populates="request")


class RestockLine(Base):
    """One product and quantity (cartons) of a restock request."""

    __tablename__ = "restock_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("supplied_quantity IS NULL OR supplied_quantity >= 0",
                        name="supplied_nonneg"),
        UniqueConstraint("request_id", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[str] = mapped_column(ForeignKey("restock_request.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    supplied_quantity: Mapped[int | None] = mapped_column(Integer)

    request: Mapped[RestockRequest] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
