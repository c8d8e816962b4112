"""Devices: phones' tokens, the device of a sign-in, revocation, a push's counter, and
the last sync time (a push's or a pull's).

The counter's arithmetic (highest seq, gaps, faults) is the protocol's
(`sync.devices`); here it is read from and written to the `Device` row.
"""

import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, joinedload

from sync.devices import merge_seqs

from ..models import Device, User, new_uuid, utcnow
from .audit import record_audit
from .context import PushContext
from .write_lock import is_lock_failure


def hash_token(token: str) -> str:
    """Tokens are stored only as their SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def register_device(session: Session, user: User, name: str,
                    token: str | None = None) -> tuple[Device, str]:
    """Create a device for `user`; returns it and its bearer token (shown once)."""
    token = token or secrets.token_urlsafe(32)
    device = Device(id=new_uuid(), user_id=user.id, name=name[:100] or "phone",
                    token_hash=hash_token(token))
    session.add(device)
    session.flush()
    return device, token


def device_for_grant(session: Session, user: User, name: str, token: str) -> Device | None:
    """The device of a sign-in's grant (`token` derived from it): made by the first
    request, the same one for every later or concurrent request; None if HQ revoked it."""
    device = session.scalar(select(Device).where(Device.token_hash == hash_token(token)))
    if device is None:
        try:
            with session.begin_nested():
                device, _ = register_device(session, user, name, token)
            return device
        except IntegrityError:  # a request of the same grant made it a moment ago
            device = session.scalar(select(Device).where(Device.token_hash == hash_token(token)))
    if device is None or device.user_id != user.id or device.revoked_at is not None:
        return None
    return device


def device_for_token(session: Session, token: str) -> Device | None:
    """The active device holding `token`, or None (unknown or revoked)."""
    if not token or len(token) > 200:
        return None
    # one query for the device and its user: every sync request starts here
    device = session.scalar(select(Device).options(joinedload(Device.user))
                            .where(Device.token_hash == hash_token(token)))
    if device is None or device.revoked_at is not None or not device.user.active:
        return None
    return device


def revoke_device(device: Device, by: User) -> None:
    """Revoke a lost phone: its token answers 401 from now on.

    The owner's web sessions end too (everywhere: sessions are signed cookies, the
    phone's cannot be told apart), so the phone cannot register itself again
    without the password.
    """
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        device.revoked_by_id = by.id
        device.user.end_sessions()


def revoke_device_by(session: Session, device: Device, user: User) -> bool:
    """Revoke a phone (its token answers 401 from now on); False if it already was."""
    if device.revoked_at is not None:
        return False
    revoke_device(device, user)
    record_audit(session, user, "hq.device_revoked", "device", device.id,
                 {"owner_id": device.user_id, "name": device.name}, device_id=device.id)
    session.flush()
    return True


def record_seqs(ctx: PushContext, seqs: list[int], pending_reported: int | None) -> None:
    """Update the device's highest seq, gaps, last sync time and reported pending count.

    An absurd jump is kept as the device's `seq_fault` for HQ, never as lost records.
    """
    device = ctx.device
    merged = merge_seqs(device.last_seq or 0, device.missing_seqs, seqs, ctx.max_seq_jump)
    device.last_seq, device.missing_seqs = merged.last_seq, merged.gaps
    if merged.absurd:
        earlier = device.seq_fault or {}
        device.seq_fault = {"after": merged.last_seq,
                            "seq": max(merged.absurd + [earlier.get("seq", 0)]),
                            "records": earlier.get("records", 0) + len(merged.absurd),
                            "at": ctx.now.isoformat()}
    device.last_sync_at = ctx.now
    if pending_reported is not None:
        device.pending_reported = pending_reported


def record_pull(session: Session, device: Device) -> None:
    """A successful pull is a sync too: the device's last sync time (HQ's devices and
    freshness pages) moves on even when the phone had nothing to push.

    Its own short transaction after the page is read, and best effort: when a push
    holds the write lock the pull still answers, and the next pull or push records it.
    """
    try:
        session.execute(update(Device).where(Device.id == device.id)
                        .values(last_sync_at=utcnow()))
        session.commit()
    except OperationalError as error:
        session.rollback()
        if not is_lock_failure(error):
            raise
