"""Notices to stores (信息发布), the stores each one reaches, and their read receipts."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

NOTICE_KINDS = ("promotion", "strategy", "policy", "arrival", "urgent")


class Notice(Base):
    """A message to stores: brand promotion, strategy or policy, arrival times, urgent.

    `audience` keeps what the publisher chose (regions, territories, business types,
    grades); the stores it resolved to at publishing are the `notice_store` rows.
    """

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), default="promotion")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))  # None: all stores
    audience: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]


class NoticeStore(Base):
    """One store a notice reaches (resolved from its audience when it was published)."""

    __tablename__ = "notice_store"

    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True, index=True)


class NoticeReceipt(Base):
    """Who read a notice, for which store, and when."""

    __tablename__ = "notice_receipt"
    __table_args__ = (UniqueConstraint("notice_id", "store_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
