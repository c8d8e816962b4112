"""Refused photos in the uploader's language (the reasons a rep or owner may see)."""

from flask_babel import gettext as _

from .services.photo_errors import PhotoError


def photo_message(error: PhotoError) -> str:
    """The translated reason for `error`; its English text when the reason has none."""
    code = error.code
    if code == "too_many_pixels":
        return _("The photo has more than %(megapixels)s million pixels; take it again or "
                 "resize it.", megapixels=error.params.get("megapixels", 0))
    if code == "not_an_image":
        return _("The file is not a JPEG, PNG or WebP photo.")
    if code == "too_large":
        return _("The photo is too large (at most 8 MB).")
    if code == "owner_not_allowed":
        return _("You cannot add photos to this record.")
    if code == "owner_unknown":
        return _("The record of this photo has not reached the server yet; it will be "
                 "uploaded later.")
    if code == "pending_full":
        return _("Too many unfinished photo uploads from this phone; try again later.")
    return str(error)
