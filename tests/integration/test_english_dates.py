"""One way of writing a date in English (style habit 9). Found by QA: HQ's queue read
"28 Nov 2026, 06:17" for the placing and "Nov 29, 2026" (American CLDR medium) for the
promise on the same row; the owner's order page mixed them the same way."""

from datetime import UTC, date, datetime

from flask_babel import force_locale

from webapp.templating import localdate, localtime


def test_an_english_date_reads_day_month_year_like_its_times(app):
    with app.test_request_context(), force_locale("en"):
        assert localdate(date(2026, 11, 29)) == "29 Nov 2026"
        assert localtime(datetime(2026, 11, 27, 22, 17, tzinfo=UTC)) == "28 Nov 2026, 06:17"


def test_chinese_dates_are_unchanged(app):
    with app.test_request_context(), force_locale("zh"):
        assert localdate(date(2026, 11, 29)) == "2026年11月29日"
