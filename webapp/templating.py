"""Jinja filters and globals: money in yuan, refusal reasons, local times, languages, assets."""

from datetime import date, datetime, timedelta

from flask import Flask, current_app, g
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from sync.refusals import refusal_code

from . import clock
from .i18n import code_label
from .rules.calendar import to_utc
from .rules.prices import YUAN_INPUT_PATTERN, format_yuan
from .rules.survey_periods import quarter_parts

HTMX_JS = "vendor/htmx-2.0.11.min.js"
IDB_JS = "vendor/idb-8.0.4.umd.js"


def tojson_text(value) -> Markup:
    """Like `tojson` (safe inside <script>: < > & ' escaped), but with Chinese as UTF-8
    rather than \\u escapes: half the bytes of every page's phrase book."""
    return htmlsafe_json_dumps(value, ensure_ascii=False)


def yuan(fen: int | None) -> str:
    """Integer fen as a yuan amount with two decimals: 2350 → '23.50' (rules.prices)."""
    return "" if fen is None else format_yuan(int(fen))


def refusal(reason: str | None) -> str:
    """Why the server refused a record, in the reader's language (sync.refusals codes)."""
    return code_label("refusal", refusal_code(reason))


# English's CLDR "short" is the American 11/28/26, 9:05 AM: ambiguous to a reader
# outside the US, and the manuals count in 24-hour days. Chinese keeps CLDR's own.
ENGLISH_PATTERNS = {"short": "d MMM yyyy, HH:mm"}
# and a date the same way (CLDR's "medium" is the American Nov 29, 2026)
ENGLISH_DATE_PATTERNS = {"medium": "d MMM yyyy"}


def localtime(moment: datetime | None, fmt: str = "short") -> str:
    """A stored UTC moment shown in the configured zone and the user's language
    (English: 28 Nov 2026, 09:05; Chinese: 2026/11/28 09:05)."""
    if moment is None:
        return ""
    locale = get_locale()
    if locale is not None and locale.language == "en":
        fmt = ENGLISH_PATTERNS.get(fmt, fmt)
    return format_datetime(moment, fmt)


def localdate(day: date | None, fmt: str = "medium") -> str:
    """A date in the user's language."""
    if day is None:
        return ""
    locale = get_locale()
    if locale is not None and locale.language == "en":
        fmt = ENGLISH_DATE_PATTERNS.get(fmt, fmt)
    return format_date(day, fmt)


def last_day(end: datetime | None) -> str:
    """An exclusive end (the next day's 00:00 in the configured zone, as a notice's
    expiry is stored) as the last day it covers, in the user's language."""
    if end is None:
        return ""
    return localdate(end - timedelta(microseconds=1))
def survey_period(period: str | None) -> str:
    """A survey's period in words ('2026-Q4' → 2026年第4季度 / Q4 2026), never its code."""
    parts = quarter_parts(period or "")
    if parts is None:
        return period or ""
    return _("Q%(quarter)s %(year)s", year=parts[0], quarter=parts[1])


def is_past(moment: datetime | None) -> bool:
    """Whether `moment` (a deadline) has passed by the app's clock."""
    return moment is not None and to_utc(moment) < clock.now()


def error_shown(key: str) -> str:
    """Note that a form error was shown next to its field (`_macros/capture.html`)."""
    g.setdefault("errors_shown", set()).add(key)
    return ""


def errors_not_shown(errors: dict) -> list[str]:
    """The messages of a form's errors no field showed (the general ones aside), so a
    problem the page has no place for is still told, at the end of the form."""
    shown = g.get("errors_shown", set())
    return [message for key, message in errors.items()
            if key not in shown and key != "_" and not key.endswith("._")]


def register_template_helpers(app: Flask) -> None:
    """Install the filters and globals every template may use."""
    app.jinja_env.filters["yuan"] = yuan
    app.jinja_env.filters["tojson_text"] = tojson_text
    app.jinja_env.filters["refusal"] = refusal
    app.jinja_env.filters["refusal_code"] = refusal_code
    app.jinja_env.globals["yuan_pattern"] = YUAN_INPUT_PATTERN
    app.jinja_env.filters["localtime"] = localtime
    app.jinja_env.filters["localdate"] = localdate
    app.jinja_env.filters["last_day"] = last_day
    app.jinja_env.filters["survey_period"] = survey_period
    app.jinja_env.globals["code_label"] = code_label
    app.jinja_env.globals["error_shown"] = error_shown
    app.jinja_env.globals["is_past"] = is_past
    app.jinja_env.globals["errors_not_shown"] = errors_not_shown
    from .inbox.pages import unread_badge_count
    from .notification_texts import notification_link, notification_text

    app.jinja_env.globals["notification_text"] = notification_text
    app.jinja_env.globals["notification_link"] = notification_link
    app.jinja_env.globals["unread_badge_count"] = unread_badge_count
    if app.config.get("TESTING"):
        from jinja2 import StrictUndefined

        app.jinja_env.undefined = StrictUndefined

    @app.context_processor
    def inject_globals():
        return {
            "current_locale": str(get_locale()),
            "htmx_js": HTMX_JS,
            "idb_js": IDB_JS,
            "role_names": {
                "rep": _("Account manager"),
                "market_manager": _("Market manager"),
                "store_owner": _("Store owner"),
                "hq_staff": _("HQ staff"),
                "admin": _("Administrator"),
            },
            "app_timezone": current_app.config["TIMEZONE"],
        }
