"""The in-app inbox: one notification per user and event, read once."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Notification(Base):
    """Something one user should see: an answer to their ticket, a decision on their
    request, an escalation to them, an order going out for delivery, a notice.

    The text is not stored: `kind` and `params` are rendered in the reader's language.
    `dedupe_key` makes sending idempotent (one per user and event); `read_at` is set once.
    """

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key"),
        Index("ix_notification_user_unread", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(32))
    store_id: Mapped[int | None] = mapped_column(ForeignKey("store.id"))
    subject_type: Mapped[str] = mapped_column(String(16))  # order, ticket, restock, notice, ...
    subject_id: Mapped[str] = mapped_column(String(36))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    dedupe_key: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
