"""Photos: checked, stored idempotently by client UUID, with reuse detection.

Plain Python (no Flask). A finished photo is checked (real JPEG/PNG/WebP, at most
`max_pixels` declared in its header, read before anything is decoded), hashed
(SHA-256 for identical reuse, a perceptual hash for near-identical reuse) and
attached to its visit, price check, ticket or delivery exception, if the uploader
may attach to that record (`scope.photo_owner_store`). Chunked, resumable uploads
live in `photo_uploads`.
"""

import hashlib
import io
import warnings
from pathlib import Path

import imagehash
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Photo, User, Visit
from ..scope import PHOTO_OWNER_MODELS, may_attach_photo_to, photo_owner_store
from .photo_errors import PhotoError
from .photo_uploads import MAX_PHOTO_BYTES

# Phones resize to about 2 Mpx; 24 Mpx is a full-resolution phone camera. The
# `PHOTO_MAX_PIXELS` setting overrides it.
MAX_PIXELS = 24_000_000
NEAR_DUPLICATE_BITS = 6  # perceptual-hash distance at or below which two photos "match"
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
           "WEBP": ("image/webp", "webp")}

__all__ = ["MAX_PHOTO_BYTES", "MAX_PIXELS", "PhotoError", "check_owner", "inspect_image",
           "store_photo"]


def check_owner(session: Session, user: User, owner_type: str, owner_id: str) -> int:
    """The owner record's store, if `user` may attach a photo to it; else PhotoError.

    403 when the user's role never attaches to that kind of record; 409 when the
    record is unknown or outside the user's scope (the phone retries after its
    record has synced; nothing tells it which of the two it was).
    """
    if owner_type not in PHOTO_OWNER_MODELS:
        raise PhotoError(f"owner type must be one of {', '.join(PHOTO_OWNER_MODELS)}",
                         code="bad_owner_type")
    if not may_attach_photo_to(user, owner_type):
        raise PhotoError(f"you may not attach photos to a {owner_type}", 403,
                         code="owner_not_allowed")
    store_id = photo_owner_store(session, user, owner_type, owner_id)
    if store_id is None:
        raise PhotoError(f"{owner_type} {owner_id} is not known yet; upload it after its "
                         "record has synced", 409, code="owner_unknown")
    return store_id


def inspect_image(data: bytes, max_pixels: int = MAX_PIXELS) -> tuple[str, str, str]:
    """(mime type, file extension, perceptual hash) of a real image, else PhotoError.

    The pixel count comes from the header (Pillow opens lazily), so an image bomb
    is refused with a 400 before a single pixel is decoded.
    """
    try:
        with warnings.catch_warnings():
            # Pillow warns (and above twice its own limit, raises) on huge images: ours is lower
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise PhotoError("only JPEG, PNG or WebP photos are accepted", 415,
                                     code="not_an_image")
                _check_pixels(image.width, image.height, max_pixels)
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                mime, ext = FORMATS[image.format]
                phash = str(imagehash.phash(image.convert("RGB")))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(max_pixels) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        if isinstance(error, PhotoError):
            raise
        raise PhotoError("the file is not a readable image", 415, code="not_an_image") from error
    return mime, ext, phash


def _check_pixels(width: int, height: int, max_pixels: int) -> None:
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)


def _too_many_pixels(max_pixels: int) -> PhotoError:
    megapixels = max_pixels // 1_000_000
    return PhotoError(f"the photo has more than {megapixels} million pixels; resize it first",
                      400, code="too_many_pixels", megapixels=megapixels)


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
                owner_type: str, owner_id: str, kind: str = "shelf",
                max_pixels: int = MAX_PIXELS) -> tuple[Photo, bool]:
    """Check and store a complete photo; returns (photo, created). Same id twice: no-op."""
    existing = session.get(Photo, photo_id)
    if existing is not None:
        return existing, False
    if not data or len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"a photo must be 1 byte to {MAX_PHOTO_BYTES // 1024 // 1024} MB", 413,
                         code="too_large")
    store_id = check_owner(session, user, owner_type, owner_id)
    mime, ext, phash = inspect_image(data, max_pixels)
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
