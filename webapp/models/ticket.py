"""Tickets: complaints, requests, inquiries, suggestions and praise (投诉与诉求)."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..rules.codes import Severity, TicketKind, TicketStatus, Tier, values
from .base import Base, one_of, utcnow
from .store import Store
from .user import User

TICKET_KINDS = values(TicketKind)
SEVERITIES = values(Severity)
TICKET_STATUSES = values(TicketStatus)
TIERS = values(Tier)


class Ticket(Base):
    """A ticket with its classification, authority tier and deadlines (UTC).

    `id` is the client UUID when a phone created it.
    """

    __tablename__ = "ticket"
    __table_args__ = (
        CheckConstraint(one_of("kind", TICKET_KINDS), name="kind"),
        CheckConstraint(one_of("severity", SEVERITIES), name="severity"),
        CheckConstraint(one_of("status", TICKET_STATUSES), name="status"),
        CheckConstraint(one_of("tier", TIERS), name="tier"),
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
    # the deadlines it was escalated for, one bit each (rules.ticket_escalation
    # DEADLINE_BITS): each deadline raises it once, whatever a later severity adds
    escalated_deadlines: Mapped[int] = mapped_column(SmallInteger, default=0,
                                                     server_default=text("0"))
    status: Mapped[str] = mapped_column(String(14), default="new", index=True)
    first_responder_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    device_id: Mapped[str | None] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # when Rounds wrote it down (its `created` event): the register deadline's step
    # (NULL: a ticket from before 0011 without that event, measured by `received_at`)
    registered_at: Mapped[datetime | None]
    register_due_at: Mapped[datetime | None]
    first_answer_due_at: Mapped[datetime | None]
    temp_measure_due_at: Mapped[datetime | None]
    resolve_due_at: Mapped[datetime | None] = mapped_column(index=True)
    first_answered_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger)
    repeated_of_id: Mapped[str | None] = mapped_column(ForeignKey("ticket.id"))
    # a delivery exception's order (its lines are in `facts["order_line_ids"]`)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("store_order.id"), index=True)
    # who holds it now (首问负责: the first responder until it is passed on)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    temp_measure_at: Mapped[datetime | None]  # major complaints: the temporary measure
    # the visit during which the rep took it (NULL: taken outside a visit, or by the store)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"), index=True)
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
    device_id: Mapped[str | None] = mapped_column(String(36))  # the phone it came from
    # shown to the store (an answer, a resolution); internal notes are not
    public: Mapped[bool] = mapped_column(default=False, server_default=false())

    ticket: Mapped[Ticket] = relationship(back_populates="events")


class TicketNumberCounter(Base):
    """The last ticket number handed out for one local day: TK<day>-<last, 6+ digits>.

    One row per day, raised in the writing transaction (services.tickets), so two
    tickets never share a number, whatever their ids.
    """

    __tablename__ = "ticket_number_counter"

    day: Mapped[date] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
