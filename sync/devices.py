"""Devices: tokens, and the per-device record counter that reveals lost records.

Each record a phone creates carries `seq`, +1 per record. The server keeps the
highest seq seen and every gap; a gap that never fills is a record the phone
lost before uploading (storage evicted, a bug), shown to HQ instead of vanishing.
Gaps are kept as ranges, so a phone that lost thousands of records costs one pair;
a jump too large to be lost records is a fault of the phone, shown to HQ as such.
"""

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from webapp.models import Device, User, new_uuid, utcnow

from .context import PushContext

# Ranges of missing seqs kept per device (the newest): what HQ can act on.
MAX_TRACKED_GAPS = 1000
# The counter column is a 32-bit integer; a phone counting past it is faulty.
MAX_SEQ = 2**31 - 1
# A seq this far above the highest seen is a broken counter, not lost records:
# twice the protocol's largest push. Setting: SYNC_MAX_SEQ_JUMP.
MAX_SEQ_JUMP = 10_000


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


def as_ranges(stored: list | None) -> list[list[int]]:
    """Stored gaps as ascending, disjoint `[first, last]` ranges.

    Older rows hold single numbers (`[3, 4]`): each is read as `[n, n]`, and
    touching ranges are joined.
    """
    pairs = sorted([n, n] if isinstance(n, int) else [int(n[0]), int(n[1])]
                   for n in stored or [])
    ranges: list[list[int]] = []
    for first, last in pairs:
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1][1] = max(ranges[-1][1], last)
        else:
            ranges.append([first, last])
    return ranges


def missing_count(stored: list | None) -> int:
    """How many seqs the stored gaps hold (records the phone lost before sending them)."""
    return sum(last - first + 1 for first, last in as_ranges(stored))


@dataclass(frozen=True)
class SeqMerge:
    """A device's counter after a push: highest seq, gaps, and the seqs refused as a fault."""

    last_seq: int
    gaps: list[list[int]]  # ascending [first, last] ranges, at most MAX_TRACKED_GAPS
    absurd: list[int]  # seqs beyond the highest by more than the allowed jump


def _without(ranges: list[list[int]], seen: list[int]) -> list[list[int]]:
    """`ranges` minus the ascending numbers `seen`: filled gaps close, others split."""
    out, i = [], 0
    for first, last in ranges:
        while i < len(seen) and seen[i] < first:
            i += 1
        start = first
        while i < len(seen) and seen[i] <= last:
            if seen[i] > start:
                out.append([start, seen[i] - 1])
            start = seen[i] + 1
            i += 1
        if start <= last:
            out.append([start, last])
    return out


def merge_seqs(last_seq: int, missing: list | None, seqs: list[int],
               max_jump: int = MAX_SEQ_JUMP) -> SeqMerge:
    """The new highest seq and gaps after seeing `seqs`; work and memory grow with the
    number of seqs and gaps, never with the size of a jump.

    A seq more than `max_jump` above the highest so far (or above MAX_SEQ) is not a
    gap of lost records but a fault of the phone's counter: it is returned in
    `absurd` and moves nothing.
    """
    ordered = sorted(set(seqs))
    top, new_gaps, absurd = last_seq, [], []
    for seq in ordered:
        if seq <= top:
            continue
        if seq - top > max_jump or seq > MAX_SEQ:
            absurd.append(seq)
            continue
        if seq > top + 1:
            new_gaps.append([top + 1, seq - 1])
        top = seq
    gaps = _without(as_ranges(missing), [s for s in ordered if s <= last_seq]) + new_gaps
    return SeqMerge(top, gaps[-MAX_TRACKED_GAPS:], absurd)


def still_waiting(pending: int | None, answered: int) -> int | None:
    """What still waits on the phone once this push is answered.

    The phone reports its whole outbox, this batch included, and drops every record
    the push answers (applied, duplicate, conflict or rejected alike), so the last
    push of a flush leaves 0, not the size of its own batch.
    """
    return None if pending is None else max(0, pending - answered)


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
