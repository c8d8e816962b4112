"""Resumable photo uploads: the unfinished bytes of each photo, kept per uploader.

Plain Python (no Flask). Each chunk must start where the stored part ends, so a
phone resumes after a cut by asking how much arrived. Unfinished uploads live in
`<upload dir>/partial/<uploader>/<photo id>.part`, where the uploader is the
device (or, for a session without a device, the user): a phone only ever sees and
resumes its own bytes, and what one phone leaves unfinished is capped
(`PHOTO_PENDING_BYTES_PER_DEVICE`) so nobody can fill the disk with chunks that
never complete. Parts untouched for a day are dropped when the cap is checked.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from ..models import utcnow
from .photo_errors import PhotoError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
STALE_PART_SECONDS = 24 * 3600  # an upload untouched this long is abandoned
_KEY = re.compile(r"[A-Za-z0-9-]{1,64}")


@dataclass
class ChunkResult:
    """How many bytes of a photo have arrived, and whether it is complete."""

    received: int
    complete: bool


def uploader_key(device_id: str | None, user_id: int) -> str:
    """The folder of one uploader's unfinished photos: its device, else its user."""
    key = device_id or f"user-{user_id}"
    if not _KEY.fullmatch(key):
        raise ValueError(f"bad uploader key {key!r}")
    return key


def _folder(upload_dir: str, uploader: str) -> Path:
    folder = Path(upload_dir) / "partial" / uploader
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _partial(upload_dir: str, uploader: str, photo_id: str) -> Path:
    return _folder(upload_dir, uploader) / f"{photo_id}.part"


def received_bytes(upload_dir: str, uploader: str, photo_id: str) -> int:
    """Bytes of this uploader's unfinished upload of `photo_id` (0 if none)."""
    path = _partial(upload_dir, uploader, photo_id)
    return path.stat().st_size if path.exists() else 0


def pending_bytes(upload_dir: str, uploader: str) -> int:
    """Bytes of every unfinished upload of this uploader; abandoned parts are dropped."""
    oldest = utcnow().timestamp() - STALE_PART_SECONDS
    total = 0
    for part in _folder(upload_dir, uploader).glob("*.part"):
        stat = part.stat()
        if stat.st_mtime < oldest:
            part.unlink(missing_ok=True)
        else:
            total += stat.st_size
    return total


def receive_chunk(upload_dir: str, uploader: str, photo_id: str, offset: int, data: bytes,
                  total: int, pending_cap: int) -> ChunkResult:
    """Append `data` at `offset` of a `total`-byte photo; 409 when the offset is not next.

    Refused (409, without `received`: try later) when the uploader's unfinished bytes
    would pass `pending_cap`.
    """
    if total <= 0 or total > MAX_PHOTO_BYTES:
        raise PhotoError(f"a photo must be 1 byte to {MAX_PHOTO_BYTES // 1024 // 1024} MB", 413,
                         code="too_large")
    path = _partial(upload_dir, uploader, photo_id)
    have = path.stat().st_size if path.exists() else 0
    if offset != have:
        raise PhotoError(f"expected the chunk at byte {have}, got {offset}", 409, have)
    if offset + len(data) > total:
        raise PhotoError("the chunk runs past the announced size", 400, have)
    if pending_bytes(upload_dir, uploader) + len(data) > pending_cap:
        raise PhotoError(f"this phone has more than {pending_cap} bytes of unfinished photo "
                         "uploads; finish them or try again later", 409, code="pending_full")
    with path.open("ab") as handle:
        handle.write(data)
    received = have + len(data)
    return ChunkResult(received, received == total)


def take_partial(upload_dir: str, uploader: str, photo_id: str) -> bytes:
    """The finished bytes of a chunked upload (the partial file is removed)."""
    path = _partial(upload_dir, uploader, photo_id)
    data = path.read_bytes()
    path.unlink()
    return data


def restore_partial(upload_dir: str, uploader: str, photo_id: str, data: bytes) -> None:
    """Put finished bytes back as a partial upload (its owner was not synced yet)."""
    _partial(upload_dir, uploader, photo_id).write_bytes(data)
