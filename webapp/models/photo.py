"""Photos attached to visits, price checks, tickets and delivery exceptions."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow

PHOTO_OWNERS = ("visit", "price_check", "ticket", "delivery_exception", "order_signature")


class Photo(Base):
    """An uploaded image. `id` is the client UUID so uploads are idempotent.

    `sha256` catches byte-identical reuse; `phash` (perceptual hash, hex)
    catches near-identical reuse of an earlier photo.
    """

    __tablename__ = "photo"
    __table_args__ = (
        CheckConstraint(
            "owner_type IN ('visit','price_check','ticket','delivery_exception',"
            "'order_signature')",
            name="owner_type",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    mime_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    phash: Mapped[str | None] = mapped_column(String(32), index=True)
    storage_path: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="shelf")  # shelf, display, price_tag
    flags: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
