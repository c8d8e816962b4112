"""Devices, audit log, working-calendar exceptions and distributor settings."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .user import User


class Device(Base):
    """A phone registered to a user. Revoking it makes its token answer 401."""

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    last_sync_at: Mapped[datetime | None]
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # seqs the phone never sent: ascending [first, last] ranges (sync/devices.py)
    missing_seqs: Mapped[list] = mapped_column(JSON, default=list)
    # an absurd jump of the counter, shown to HQ: {"after", "seq", "records", "at"}
    seq_fault: Mapped[dict | None] = mapped_column(JSON)
    pending_reported: Mapped[int | None] = mapped_column(Integer)
    clock_skew_ms: Mapped[int | None] = mapped_column(Integer)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class AuditLog(Base):
    """Who changed what, when, from which device, with client and server clocks."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    device_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(32))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    client_hlc: Mapped[str | None] = mapped_column(String(100))
    server_hlc: Mapped[str | None] = mapped_column(String(100))


class CalendarDay(Base):
    """A public holiday (kind=holiday) or a make-up working day (kind=workday, 调休)."""

    __tablename__ = "calendar_day"
    __table_args__ = (CheckConstraint("kind IN ('holiday','workday')", name="kind"),)

    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(100), default="")


class Setting(Base):
    """A distributor's override of a service-rule default (see webapp.rules.settings)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict | list | int | float | str | bool] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
