"""Photos: checked, stored idempotently by client UUID, resumable, with reuse detection.

Plain Python (no Flask). An upload arrives in one piece or in chunks; each chunk
must start where the stored part ends, so a phone resumes after a cut by asking
how much arrived. A finished photo is checked (real JPEG/PNG/WebP, sane size),
hashed (SHA-256 for identical reuse, a perceptual hash for near-identical
reuse) and attached to its visit, price check, ticket or delivery exception.
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import imagehash
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Order, Photo, PriceCheck, Ticket, User, Visit
from .scope import visible_store_ids

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
NEAR_DUPLICATE_BITS = 6  # perceptual-hash distance at or below which two photos "match"
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
           "WEBP": ("image/webp", "webp")}
OWNERS = {"visit": Visit, "price_check": PriceCheck, "ticket": Ticket,
          "delivery_exception": Order}


class PhotoError(ValueError):
    """An upload that cannot be accepted; `status` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400, received: int | None = None):
        super().__init__(message)
        self.status = status
        self.received = received


@dataclass
class ChunkResult:
    """How many bytes of a photo have arrived, and whether it is complete."""

    received: int
    complete: bool


def _partial(upload_dir: str, photo_id: str) -> Path:
    folder = Path(upload_dir) / "partial"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{photo_id}.part"


def received_bytes(upload_dir: str, photo_id: str) -> int:
    """Bytes of an unfinished upload already stored (0 if none)."""
    path = _partial(upload_dir, photo_id)
    return path.stat().st_size if path.exists() else 0


def receive_chunk(upload_dir: str, photo_id: str, offset: int, data: bytes,
                  total: int) -> ChunkResult:
    """Append `data` at `offset` of a `total`-byte photo; 409 when the offset is not next."""
    if total <= 0 or total > MAX_PHOTO_BYTES:
        raise PhotoError(f"a photo must be 1 byte to {MAX_PHOTO_BYTES // 1024 // 1024} MB", 413)
    path = _partial(upload_dir, photo_id)
    have = path.stat().st_size if path.exists() else 0
    if offset != have:
        raise PhotoError(f"expected the chunk at byte {have}, got {offset}", 409, have)
    if offset + len(data) > total:
        raise PhotoError("the chunk runs past the announced size", 400, have)
    with path.open("ab") as handle:
        handle.write(data)
    received = have + len(data)
    return ChunkResult(received, received == total)


def take_partial(upload_dir: str, photo_id: str) -> bytes:
    """The finished bytes of a chunked upload (the partial file is removed)."""
    path = _partial(upload_dir, photo_id)
    data = path.read_bytes()
    path.unlink()
    return data


def restore_partial(upload_dir: str, photo_id: str, data: bytes) -> None:
    """Put finished bytes back as a partial upload (its owner was not synced yet)."""
    _partial(upload_dir, photo_id).write_bytes(data)


def _owner_store(session: Session, user: User, owner_type: str, owner_id: str) -> int:
    model = OWNERS.get(owner_type)
    if model is None:
        raise PhotoError(f"owner type must be one of {', '.join(OWNERS)}")
    key = int(owner_id) if model is Order and owner_id.isdigit() else owner_id
    store_id = session.scalar(select(model.store_id).where(
        model.id == key, model.store_id.in_(visible_store_ids(user))))
    if store_id is None:
        raise PhotoError(f"{owner_type} {owner_id} is not known yet; upload it after its "
                         "record has synced", 409)
    return store_id


def inspect_image(data: bytes) -> tuple[str, str, str]:
    """(mime type, file extension, perceptual hash) of a real image, else PhotoError."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise PhotoError("only JPEG, PNG or WebP photos are accepted", 415)
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError("the photo has too many pixels; resize it first", 413)
            mime, ext = FORMATS[image.format]
            phash = str(imagehash.phash(image.convert("RGB")))
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise PhotoError("the file is not a readable image", 415) from error
    return mime, ext, phash


def _reuse_flags(session: Session, photo_id: str, sha256: str, phash: str,
                 user: User, store_id: int) -> list[str]:
    if session.scalar(select(Photo.id).where(Photo.sha256 == sha256, Photo.id != photo_id)):
        return ["identical_photo"]
    target = imagehash.hex_to_hash(phash)
    recent = session.scalars(select(Photo.phash).where(
        (Photo.uploaded_by_id == user.id) | (Photo.store_id == store_id), Photo.phash.is_not(None))
        .order_by(Photo.created_at.desc()).limit(500))
    if any(target - imagehash.hex_to_hash(other) <= NEAR_DUPLICATE_BITS for other in recent):
        return ["near_duplicate_photo"]
    return []


def store_photo(session: Session, upload_dir: str, user: User, photo_id: str, data: bytes,
                owner_type: str, owner_id: str, kind: str = "shelf") -> tuple[Photo, bool]:
    """Check and store a complete photo; returns (photo, created). Same id twice: no-op."""
    existing = session.get(Photo, photo_id)
    if existing is not None:
        return existing, False
    if not data or len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"a photo must be 1 byte to {MAX_PHOTO_BYTES // 1024 // 1024} MB", 413)
    store_id = _owner_store(session, user, owner_type, owner_id)
    mime, ext, phash = inspect_image(data)
    sha256 = hashlib.sha256(data).hexdigest()
    flags = _reuse_flags(session, photo_id, sha256, phash, user, store_id)
    relative = Path(photo_id[:2]) / f"{photo_id}.{ext}"
    target = Path(upload_dir) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    photo = Photo(id=photo_id, owner_type=owner_type, owner_id=str(owner_id), store_id=store_id,
                  uploaded_by_id=user.id, mime_type=mime, size_bytes=len(data), sha256=sha256,
                  phash=phash, storage_path=str(relative), kind=kind[:20] or "shelf",
                  flags=",".join(flags))
    session.add(photo)
    if flags and owner_type == "visit":
        visit = session.get(Visit, owner_id)
        visit.flags = sorted(set(visit.flags or []) | set(flags))
    session.flush()
    return photo, True
