"""Notices to stores (信息发布) and their read receipts."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

NOTICE_KINDS = ("promotion", "strategy", "arrival")


class Notice(Base):
    """A message to stores: brand promotion, strategy, or arrival times."""

    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), default="promotion")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))  # None: all stores
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class NoticeReceipt(Base):
    """Who read a notice, for which store, and when."""

    __tablename__ = "notice_receipt"
    __table_args__ = (UniqueConstraint("notice_id", "store_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id"), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
