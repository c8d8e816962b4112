"""Devices: tokens, and the per-device record counter that reveals lost records.

Each record a phone creates carries `seq`, +1 per record. The server keeps the
highest seq seen and every gap; a gap that never fills is a record the phone
lost before uploading (storage evicted, a bug), shown to HQ instead of vanishing.
"""

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from webapp.models import Device, User, new_uuid, utcnow

from .context import PushContext

MAX_TRACKED_GAPS = 1000


def hash_token(token: str) -> str:
    """Tokens are stored only as their SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def register_device(session: Session, user: User, name: str) -> tuple[Device, str]:
    """Create a device for `user`; returns it and its bearer token (shown once)."""
    token = secrets.token_urlsafe(32)
    device = Device(id=new_uuid(), user_id=user.id, name=name[:100] or "phone",
                    token_hash=hash_token(token))
    session.add(device)
    session.flush()
    return device, token


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


def merge_seqs(last_seq: int, missing: list[int], seqs: list[int]) -> tuple[int, list[int]]:
    """The new highest seq and the sorted gaps after seeing `seqs`."""
    gaps = set(missing)
    top = last_seq
    for seq in sorted(set(seqs)):
        if seq > top:
            gaps.update(range(top + 1, seq))
            top = seq
        gaps.discard(seq)
    return top, sorted(gaps)[-MAX_TRACKED_GAPS:]


def still_waiting(pending: int | None, answered: int) -> int | None:
    """What still waits on the phone once this push is answered.

    The phone reports its whole outbox, this batch included, and drops every record
    the push answers (applied, duplicate, conflict or rejected alike), so the last
    push of a flush leaves 0, not the size of its own batch.
    """
    return None if pending is None else max(0, pending - answered)


def record_seqs(ctx: PushContext, seqs: list[int], pending_reported: int | None) -> None:
    """Update the device's highest seq, gaps, last sync time and reported pending count."""
    device = ctx.device
    device.last_seq, device.missing_seqs = merge_seqs(device.last_seq or 0,
                                                      list(device.missing_seqs or []), seqs)
    device.last_sync_at = ctx.now
    if pending_reported is not None:
        device.pending_reported = pending_reported
