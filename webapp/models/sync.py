"""What the sync module keeps: receipts, per-field clocks, conflicts, quarantine, feed."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class SyncReceipt(Base):
    """One pushed record the server has accepted (applied or conflict), by record id.

    A second push of the same id finds its receipt and answers `duplicate`.
    """

    __tablename__ = "sync_receipt"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(20))
    device_id: Mapped[str | None] = mapped_column(String(36), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[str] = mapped_column(String(10))  # applied, conflict
    client_hlc: Mapped[str] = mapped_column(String(100))
    server_hlc: Mapped[str] = mapped_column(String(100))
    seq: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    # sha256 of the record's type and data: the same id with other content is refused
    content_hash: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoreFieldClock(Base):
    """The clock of the last write that set one field of one store (field-level LWW)."""

    __tablename__ = "store_field_clock"

    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(32), primary_key=True)
    hlc: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)  # store version after that write
    source: Mapped[str] = mapped_column(String(60))  # record id, or "hq:<user id>"


class SyncConflict(Base):
    """Two concurrent values of one store field: the winner stands, the loser is kept here."""

    __tablename__ = "sync_conflict"
    __table_args__ = (
        CheckConstraint("status IN ('open','kept','swapped')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    winning_value: Mapped[str | None] = mapped_column(Text)
    losing_value: Mapped[str | None] = mapped_column(Text)
    winning_source: Mapped[str] = mapped_column(String(60))
    losing_source: Mapped[str] = mapped_column(String(60))
    winning_hlc: Mapped[str] = mapped_column(String(100))
    losing_hlc: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str] = mapped_column(String(36), index=True)  # the pushed record
    status: Mapped[str] = mapped_column(String(8), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[datetime | None]


class QuarantinedRecord(Base):
    """A rejected record kept with its raw payload, for HQ to fix and re-apply or discard."""

    __tablename__ = "quarantined_record"
    __table_args__ = (
        CheckConstraint("status IN ('open','reapplied','discarded')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[str | None] = mapped_column(String(64), index=True)
    record_type: Mapped[str | None] = mapped_column(String(20))
    device_id: Mapped[str | None] = mapped_column(String(36), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    payload: Mapped[dict | list | str | int | float | bool | None] = mapped_column(JSON)
    error: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(Text)


class SyncCounter(Base):
    """A single-row sequence: each change to a pulled entity takes the next number."""

    __tablename__ = "sync_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    tombstones_purged_below: Mapped[int] = mapped_column(BigInteger, default=0)


class Tombstone(Base):
    """A deleted entity, so phones can drop it; purged after the retention period."""

    __tablename__ = "tombstone"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(36))
    territory_id: Mapped[int | None] = mapped_column(Integer, index=True)
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)
