"""Tickets: complaints, requests, inquiries, suggestions and praise (投诉与诉求)."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .store import Store
from .user import User

TICKET_KINDS = ("complaint", "request", "inquiry", "suggestion", "praise")
SEVERITIES = ("general", "major_b", "major_a")
TICKET_STATUSES = (
    "new", "acknowledged", "in_progress", "resolved", "callback_done", "closed", "reopened",
)
TIERS = ("first_responder", "market_manager", "head_of_unit")


class Ticket(Base):
    """A ticket with its classification, authority tier and deadlines (UTC).

    `id` is the client UUID when a phone created it.
    """

    __tablename__ = "ticket"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('complaint','request','inquiry','suggestion','praise')", name="kind"
        ),
        CheckConstraint("severity IN ('general','major_b','major_a')", name="severity"),
        CheckConstraint(
            "status IN ('new','acknowledged','in_progress','resolved','callback_done','closed',"
            "'reopened')",
            name="status",
        ),
        CheckConstraint(
            "tier IN ('first_responder','market_manager','head_of_unit')", name="tier"
        ),
        CheckConstraint("goods_value_fen IS NULL OR goods_value_fen >= 0", name="goods_nonneg"),
        CheckConstraint(
            "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction_range"
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="complaint")
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(16), default="face_to_face")
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    severity: Mapped[str] = mapped_column(String(8), default="general")
    severity_auto: Mapped[str] = mapped_column(String(8), default="general")
    severity_override_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    severity_override_reason: Mapped[str | None] = mapped_column(String(500))
    goods_value_fen: Mapped[int | None] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(16), default="first_responder")
    escalation_level: Mapped[int] = mapped_column(SmallInteger, default=0)
    status: Mapped[str] = mapped_column(String(14), default="new", index=True)
    first_responder_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    device_id: Mapped[str | None] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    register_due_at: Mapped[datetime | None]
    first_answer_due_at: Mapped[datetime | None]
    temp_measure_due_at: Mapped[datetime | None]
    resolve_due_at: Mapped[datetime | None] = mapped_column(index=True)
    first_answered_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger)
    repeated_of_id: Mapped[str | None] = mapped_column(ForeignKey("ticket.id"))
    hlc: Mapped[str | None] = mapped_column(String(100))
    # sync pull cursor: every write that creates or changes a ticket takes a new number
    # (services.change_feed.touch_tickets); NULL: closed before it was ever in the feed
    change_seq: Mapped[int | None] = mapped_column(Integer, index=True)

    store: Mapped[Store] = relationship()
    first_responder: Mapped[User | None] = relationship(foreign_keys=[first_responder_id])
    events: Mapped[list["TicketEvent"]] = relationship(
        back_populates="ticket", order_by="TicketEvent.at"
    )


class TicketEvent(Base):
    """Status history of a ticket, plus escalations and severity overrides."""

    __tablename__ = "ticket_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[str] = mapped_column(ForeignKey("ticket.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="status")  # status, escalation, ...
    from_status: Mapped[str | None] = mapped_column(String(14))
    to_status: Mapped[str | None] = mapped_column(String(14))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    note: Mapped[str | None] = mapped_column(Text)

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class TicketNumberCounter(Base):
    """The last ticket number handed out for one local day: TK<day>-<last, 6+ digits>.

    One row per day, raised in the writing transaction (services.tickets), so two
    tickets never share a number, whatever their ids.
    """

    __tablename__ = "ticket_number_counter"

    day: Mapped[date] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
