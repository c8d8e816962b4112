"""Forms of the order desk (CSRF-protected by Flask-WTF): a move, a phone order's
header, and the ordering setup's rows. Lines and window rows are repeated inputs read
by `entry_lines` and `window_rows`, so a page shows each problem beside its row."""

import unicodedata
from dataclasses import dataclass
from datetime import time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..i18n import lazy_code_labels
from ..rules.ordering import NOTE_MAX_CHARS

ENTRY_ROWS = 8  # lines on the phone-order form (a call rarely names more)
SPARE_WINDOW_ROWS = 3


class MoveForm(FlaskForm):
    """One move of an order: the target, the version the page showed, and for confirming
    the promised date, for rejecting the reason the owner reads."""

    to_status = HiddenField(validators=[InputRequired()])
    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=500)])
    delivery_date = DateField(_l("Promised delivery date"), validators=[Optional()])


class EntryForm(FlaskForm):
    """A phone order's header; its lines are `code-N` and `qty-N` inputs."""

    store_id = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])
    delivery_method = SelectField(_l("Delivery method"), validators=[InputRequired()])
    wanted_date = DateField(_l("Wanted delivery date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=NOTE_MAX_CHARS)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.delivery_method.choices = list(lazy_code_labels("delivery_method").items())


@dataclass
class EntryLine:
    """One row of the phone-order form as typed."""

    row: int
    code: str
    quantity: str


def entry_lines(form) -> list[EntryLine]:
    """The filled rows of the phone-order form (a row with neither field is skipped)."""
    rows = []
    for row in range(ENTRY_ROWS):
        # NFKC: what the Chinese input method types full width ("Ｐ０００７", "２５")
        code = unicodedata.normalize("NFKC", form.get(f"code-{row}") or "").strip()[:40]
        quantity = unicodedata.normalize("NFKC", form.get(f"qty-{row}") or "").strip()[:12]
        if code or quantity:
            rows.append(EntryLine(row, code, quantity))
    return rows


class QuantityRulesForm(FlaskForm):
    """A product's minimum and multiple (whole cartons; checked by the rules)."""

    minimum = StringField(_l("Minimum (cartons)"), validators=[InputRequired()])
    multiple = StringField(_l("Multiple (cartons)"), validators=[InputRequired()])


class AllocationForm(FlaskForm):
    """A product's allocation for every store, or one store (by customer code)."""

    store_code = StringField(_l("Store customer code (empty: every store)"),
                             validators=[Optional(), Length(max=32)])
    max_quantity = StringField(_l("At most (cartons)"), validators=[Optional()])
    period = SelectField(_l("Per"))
    remove = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.period.choices = list(lazy_code_labels("limit_period").items())


class NewUntilForm(FlaskForm):
    """The day a product stays marked new in the owners' catalogue (empty: not new);
    read and checked by `rules.new_products`, so a wrong day gets the rules' words."""

    new_until = StringField(_l("New until"))


class WindowsForm(FlaskForm):
    """The CSRF token of a region's windows; the rows are `weekday-N`, `opens-N`,
    `closes-N` and `overnight-N`."""

    region = HiddenField()


@dataclass
class WindowRow:
    """One typed window row: the values read, and the row's own problem (if any)."""

    row: int
    weekday: str
    opens: str
    closes: str
    overnight: bool
    parsed: tuple[int, time, time] | None = None
    problem: str | None = None  # a message already in the reader's language


def _time(text: str) -> time | None:
    try:
        parsed = time.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(second=0, microsecond=0, tzinfo=None)


def window_rows(form, rows: int, messages: dict[str, str]) -> list[WindowRow]:
    """The filled window rows; each is parsed, or carries the problem of its own values
    (`messages`: bad_time, closes_before_opens, bad_weekday)."""
    found = []
    for row in range(rows):
        weekday = (form.get(f"weekday-{row}") or "").strip()
        opens = (form.get(f"opens-{row}") or "").strip()[:8]
        closes = (form.get(f"closes-{row}") or "").strip()[:8]
        if not (opens or closes):
            continue
        item = WindowRow(row, weekday, opens, closes, bool(form.get(f"overnight-{row}")))
        start, end = _time(opens), _time(closes)
        if weekday not in [str(d) for d in range(7)]:
            item.problem = messages["bad_weekday"]
        elif start is None or end is None:
            item.problem = messages["bad_time"]
        elif end < start and not item.overnight:
            item.problem = messages["closes_before_opens"]
        else:
            item.parsed = (int(weekday), start, end)
        found.append(item)
    return found


WEEKDAYS = tuple(range(7))
