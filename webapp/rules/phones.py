"""Phone numbers: the one rule for a store's phone, on every path (forms, sync, HQ).

A store's phone is a Chinese mobile (1[3-9] and 9 more digits) or a landline (0, a
2–3 digit area code, an optional hyphen, 7–8 digits). People type spaces in numbers
("138 1234 5678"): spaces are dropped first, then the number is checked, and the
number without spaces is what gets stored.
"""

from __future__ import annotations

import re

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}")
_ALLOWED = re.compile(r"[0-9 \-]+")
_GAP = " *"  # the spaces a person may type between any two characters

# The same rule for a form's `pattern` attribute (the browser checks it before
# anything is queued): spaces allowed anywhere, as `validate_phone` drops them.
PHONE_INPUT_PATTERN = (
    f"{_GAP}(?:1{_GAP}[3-9](?:{_GAP}[0-9]){{9}}"
    f"|0(?:{_GAP}[0-9]){{2,3}}{_GAP}-?(?:{_GAP}[0-9]){{7,8}}){_GAP}"
)


class PhoneError(ValueError):
    """Not a phone number; ``code`` says why (empty, characters, mobile, landline, prefix)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def validate_phone(value: str) -> str:
    """A Chinese mobile or landline number, spaces dropped; raises :class:`PhoneError`.

    The area-code hyphen is kept as typed. The message explains what is wrong.
    """
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text:
        raise PhoneError("empty", "enter a phone number")
    if not _ALLOWED.fullmatch(text):
        raise PhoneError("characters",
                         "a phone number may contain only digits, spaces and one hyphen")
    number = text.replace(" ", "")
    if number.startswith("1"):
        if _MOBILE.fullmatch(number):
            return number
        raise PhoneError("mobile",
                         "a mobile number has 11 digits and starts with 13–19, e.g. 13812345678")
    if number.startswith("0"):
        if _LANDLINE.fullmatch(number):
            return number
        raise PhoneError(
            "landline",
            "a landline number is an area code (0 and 2–3 digits) and a 7–8 digit number, "
            "e.g. 0876-1234567",
        )
    raise PhoneError("prefix",
                     "a phone number starts with 1 (mobile) or 0 (landline with area code)")
