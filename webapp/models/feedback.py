"""Satisfaction survey answers, monthly demand forecasts and classification audits."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class SurveyAnswer(Base):
    """A store's satisfaction survey answer (each score 1–5), or its owner skipping it.

    `period` says which survey: a quarter (`2026-Q4`, the general survey of 002), an
    order (`order:<id>`) or a ticket's callback (`ticket:<id>`); each is answered or
    skipped once per store.
    """

    __tablename__ = "survey_answer"
    __table_args__ = (
        CheckConstraint("attitude IS NULL OR attitude BETWEEN 1 AND 5", name="attitude_range"),
        CheckConstraint("effect IS NULL OR effect BETWEEN 1 AND 5", name="effect_range"),
        CheckConstraint("overall IS NULL OR overall BETWEEN 1 AND 5", name="overall_range"),
        CheckConstraint("product IS NULL OR product BETWEEN 1 AND 5", name="product_range"),
        CheckConstraint("skipped OR overall IS NOT NULL", name="answered_or_skipped"),
        UniqueConstraint("store_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    period: Mapped[str] = mapped_column(String(48))  # 2026-Q4, order:<id>, ticket:<id>
    order_id: Mapped[int | None] = mapped_column(ForeignKey("store_order.id"))
    ticket_id: Mapped[str | None] = mapped_column(ForeignKey("ticket.id"))
    skipped: Mapped[bool] = mapped_column(default=False, server_default=false())
    attitude: Mapped[int | None] = mapped_column(SmallInteger)  # 服务态度
    effect: Mapped[int | None] = mapped_column(SmallInteger)  # 服务效果
    overall: Mapped[int | None] = mapped_column(SmallInteger)  # 总体满意度
    product: Mapped[int | None] = mapped_column(SmallInteger)  # 产品满意度 (quarterly)
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class DemandForecast(Base):
    """A monthly demand forecast (cartons) for a territory or a region, and the actual."""

    __tablename__ = "demand_forecast"
    __table_args__ = (
        CheckConstraint("predicted_units >= 0", name="predicted_nonneg"),
        CheckConstraint(
            "(territory_id IS NOT NULL) OR (region_id IS NOT NULL)", name="has_scope"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territory.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"))
    predicted_units: Mapped[int] = mapped_column(Integer)
    actual_units: Mapped[int | None] = mapped_column(Integer)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClassificationAudit(Base):
    """A check of one store's classification field against what is true (target ≥98%)."""

    __tablename__ = "classification_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))  # customer_category, market_type, business_type
    recorded_value: Mapped[str] = mapped_column(String(32))
    correct_value: Mapped[str] = mapped_column(String(32))
    is_correct: Mapped[bool]
    audited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    audited_at: Mapped[datetime] = mapped_column(default=utcnow)
