"""Products (卷烟规格) with guide and wholesale prices in integer fen."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class Product(Base):
    """A product the distributor sells. Prices are integer fen."""

    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("guide_price_fen >= 0", name="guide_price_nonneg"),
        CheckConstraint("wholesale_price_fen >= 0", name="wholesale_price_nonneg"),
        CheckConstraint("order_minimum > 0", name="order_minimum_positive"),
        CheckConstraint("order_multiple > 0", name="order_multiple_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    brand: Mapped[str] = mapped_column(String(100))
    pack: Mapped[str] = mapped_column(String(50))  # e.g. 条 (carton of 10 packs)
    guide_price_fen: Mapped[int] = mapped_column(Integer)  # guide retail price
    wholesale_price_fen: Mapped[int] = mapped_column(Integer)
    is_key_brand: Mapped[bool] = mapped_column(default=False)  # 重点培育品牌
    # quantity rules (cartons): a store orders at least the minimum, in whole multiples
    # [003 25条整倍数] (webapp.rules.ordering)
    order_minimum: Mapped[int] = mapped_column(Integer, default=1)
    order_multiple: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(default=True)
    # marked new (新品) in the owner's catalogue through this day (HQ sets it; NULL: not new)
    new_until: Mapped[date | None]
    change_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)  # sync pull cursor
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ProductRecommendation(Base):
    """A rep's suggestion to one store: "this product may sell here" (品牌培育).

    Shown to the owner in the catalogue as a suggestion, never put into the cart: the
    retailer decides its own order (客户自主订货, domain spec §2.4). One per store and
    product: recommending again replaces the note and the time. The id is made on the
    rep's phone (offline capture, the `recommendation` sync record); `withdrawn_at`
    ends it.
    """

    __tablename__ = "product_recommendation"
    __table_args__ = (UniqueConstraint("store_id", "product_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"))
    rep_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    device_id: Mapped[str | None] = mapped_column(String(36))
    note: Mapped[str] = mapped_column(String(200), default="")
    recommended_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
