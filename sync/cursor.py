"""The pull cursor: the highest change number a phone has seen, as text."""


class CursorError(ValueError):
    """The cursor is not one this server issued."""


def parse_cursor(text: str | None) -> int:
    """'' or None is the beginning; otherwise a non-negative integer."""
    if text in (None, ""):
        return 0
    if not text.isdigit() or len(text) > 18:
        raise CursorError(f"cursor {text[:40]!r} is not valid; start again with an empty cursor")
    return int(text)
