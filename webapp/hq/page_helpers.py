"""Helpers shared by the HQ sync pages: the acting user, form-error status, filters."""

from datetime import UTC, datetime, timedelta

from flask_babel import format_timedelta, get_locale
from flask_login import current_user
from sqlalchemy import select

from sync.devices import as_ranges, missing_count
from sync.hlc import HLC

from ..extensions import db
from ..models import ReferenceItem, User, utcnow
from .forms import FIELD_LABELS
from .sync_queries import device_tag
from .views import bp


def acting_user() -> User:
    """The signed-in user as a model instance (not the proxy), for the sync actions."""
    return current_user._get_current_object()


@bp.app_template_filter("hlc_moment")
def hlc_moment(text: str | None) -> datetime | None:
    """The wall-clock moment of a hybrid logical clock, for `localtime`."""
    try:
        return datetime.fromtimestamp(HLC.parse(text).wall_ms / 1000, UTC)
    except (TypeError, ValueError):
        return None


bp.app_template_filter("device_tag")(device_tag)


@bp.app_template_filter("ago")
def ago(moment: datetime | None) -> str:
    """'3 hours ago' in the user's language."""
    return format_timedelta(moment - utcnow(), add_direction=True) if moment else ""


@bp.app_template_filter("duration_ms")
def duration_ms(ms: int | None) -> str:
    """A length of time given in milliseconds, in words ('10 minutes')."""
    return format_timedelta(timedelta(milliseconds=abs(ms))) if ms is not None else ""


@bp.app_template_filter("seq_gaps")
def seq_gaps(stored: list | None) -> list[list[int]]:
    """A device's missing seqs as ascending [first, last] ranges."""
    return as_ranges(stored)


@bp.app_template_filter("seq_gap_count")
def seq_gap_count(stored: list | None) -> int:
    """How many records a device's gaps stand for."""
    return missing_count(stored)


@bp.app_template_filter("seq_range")
def seq_range(pair: list[int], dash: str = "–") -> str:
    """'3–7' for a range of seqs, '9' for a single one."""
    first, last = pair
    return str(first) if first == last else f"{first}{dash}{last}"


@bp.app_template_filter("iso_moment")
def iso_moment(text: str | None) -> datetime | None:
    """A moment stored as ISO 8601 text in a JSON column, for `localtime`."""
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@bp.context_processor
def sync_labels() -> dict:
    """Field labels every sync page shows (codes go through the `code_label` global,
    which imported macros see too)."""
    return {"field_labels": FIELD_LABELS}


def business_type_names() -> dict[str, str]:
    """Business-type codes to names in the user's language."""
    english = str(get_locale()) == "en"
    items = db.session.scalars(select(ReferenceItem).where(ReferenceItem.kind == "business_type"))
    return {i.code: (i.name_en if english else i.name_zh) for i in items}
