"""Capture forms → sync records → `apply_batch`: the one write path of the rep's pages.

A capture form names its inputs after the records it makes (`sync.form_records`),
so a form posted without JavaScript and the same form queued by the offline client
become identical records and are applied by the very function `/sync/push` calls.
Problems a person can fix (a missing price, a bad phone number) are found before
anything is written and shown next to the field; what the rules refuse after that
(scope, product no longer sold, limits) comes back as a `rejected` result, shown on the
form in the rep's words (`readable_refusal`) and not quarantined: the rep is looking.
"""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import abort, current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from sync.form_records import FormRecordError, records_from_form, stamp_missing_clocks
from sync.records import RecordError, parse_record
from sync.refusals import refusal_code

from ...extensions import db
from ...i18n import code_label
from ...models import User
from ...photo_messages import photo_message
from ...request_context import push_context
from ...rules.record_vocabulary import RECORD_VOCABULARY
from ...services.photo_errors import PhotoError
from ...services.photos import store_photo
from ...services.push import apply_batch

GENERAL = "_"  # the error key of a problem that belongs to no single field
_FORM_NAME = re.compile(r"^(r\d+)\.data\.([A-Za-z0-9_.]+?)(?::\w+)?(?:\[\])?$")
SAVED = ("applied", "duplicate", "conflict")


def new_record_id() -> str:
    """A fresh client UUID for a form's hidden `r<i>.id` (re-posting it is a duplicate)."""
    return str(uuid.uuid4())


@dataclass
class Capture:
    """What a posted capture form became: its records, field errors, and apply results."""

    records: list[dict]
    errors: dict[str, str] = field(default_factory=dict)
    results: list[dict] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # record id -> its r<i> on the form

    def row(self, index: int) -> int:
        """The form's r<i> of the index-th record (untouched rows were dropped)."""
        record_id = str(self.records[index].get("id", "")).lower()
        return self.rows.get(record_id, index)

    @property
    def saved(self) -> bool:
        """Every record was stored (now or before); nothing was refused."""
        return (not self.errors and bool(self.results)
                and all(r["status"] in SAVED for r in self.results))


def read_records(items: Iterable[tuple[str, str]], store_id: int, kind: str) -> Capture:
    """The form's records; 400 when one is not of `kind` or names another store."""
    items = list(items)
    rows = {value.strip().lower(): int(name[1:-3]) for name, value in items
            if re.fullmatch(r"r\d{1,4}\.id", name)}
    try:
        records = records_from_form(items)
    except FormRecordError as error:
        name = str(error).split(":", 1)[0]
        match = _FORM_NAME.match(name)
        key = f"{match[1]}.{match[2]}" if match else GENERAL
        return Capture([], {key: _("Enter a number.")})
    for record in records:
        data = record.get("data")
        if record.get("type") != kind or not isinstance(data, dict):
            abort(400)
        if data.get("store_id") != store_id:  # never trust the posted store: it is the URL's
            abort(400)
    return Capture(records, rows=rows)


def _error_key(row: int, message: str) -> str:
    path = message.split(": ", 1)[0]
    head, _, rest = path.partition(".")
    if head == "record" or not rest:
        return GENERAL
    return f"r{row}." + re.sub(r"\[(\d+)\]", r".\1", rest)


def readable_problem(message: str) -> str:
    """A parser's English reason (kept for HQ) as words the rep reads in their language.

    The reason's code is `sync.refusals.refusal_code`'s; the bounds come from the text.
    """
    code, detail = refusal_code(message), message.split(": ", 1)[-1]
    if code == "required":
        return _("This is required.")
    if code == "too_long" and (limit := re.search(r"\(max (\d+)\)$", detail)):
        return _("At most %(n)s characters.", n=limit[1])
    if code == "out_of_range" and (bounds := re.search(r" is outside (\S+)\.\.(\S+)$", detail)):
        return _("Enter a value from %(low)s to %(high)s.", low=bounds[1], high=bounds[2])
    return _("This value is not valid: check it.")


_RESTOCK_LIMITS = (
    (re.compile(r"over the limit of (\d+) per product"),
     lambda m: _("At most %(n)s cartons per product.", n=m[1])),
    (re.compile(r"(\d+) cartons in all is over the limit of (\d+) per request"),
     lambda m: _("%(total)s cartons in all: at most %(n)s per request.", total=m[1], n=m[2])),
    (re.compile(r"already filed (\d+) restock request\(s\) in the last (\d+) days"
                r" \(limit (\d+)\)"),
     lambda m: _("This store already made %(n)s restock requests in the last %(days)s days"
                 " (the limit is %(max)s).", n=m[1], days=m[2], max=m[3])),
)


def readable_refusal(message: str) -> str:
    """Why the server refused a record, in the rep's language: the refusal code's label,
    or for the restock limits each broken limit with its numbers."""
    said: list[str] = []
    for part in message.split(": ", 1)[-1].split("; "):
        text = next((say(m) for pattern, say in _RESTOCK_LIMITS
                     if (m := pattern.search(part))), None)
        if text is None:
            code = refusal_code(part)
            text = code_label("refusal", refusal_code(message) if code == "other" else code)
        if text not in said:
            said.append(text)
    return " ".join(said)


def check_and_apply(capture: Capture, user: User) -> Capture:
    """Validate every record (nothing written if one fails), then apply them all."""
    if capture.errors:
        return capture
    if not capture.records:
        capture.errors[GENERAL] = _("Nothing to save: fill in the form first.")
        return capture
    ctx = push_context(user)
    stamp_missing_clocks(capture.records, ctx.clock)
    for index, record in enumerate(capture.records):
        try:
            parse_record(record, RECORD_VOCABULARY)
        except RecordError as error:
            capture.errors.setdefault(_error_key(capture.row(index), error.message),
                                      readable_problem(error.message))
    if capture.errors:
        return capture
    # the rep reads the refusal on the form and fixes it there: no quarantine copy for HQ
    capture.results = apply_batch(ctx, capture.records, keep_refused=False)
    db.session.commit()
    for index, result in enumerate(capture.results):
        if result["status"] == "rejected":
            capture.errors.setdefault(f"r{capture.row(index)}.{GENERAL}",
                                      readable_refusal(result.get("error") or ""))
    return capture


def save_photos(user: User, files: list[FileStorage], kinds: list[str], owner_type: str,
                owner_id: str) -> list[str]:
    """Store the photos posted with a form (owner: the applied record); returns problems.

    One photo input gives one file part, empty when nothing was chosen, so the i-th
    file has the i-th `photo_kind`.
    """
    problems = []
    upload_dir = current_app.config["UPLOAD_DIR"]
    for index, upload in enumerate(files):
        if not upload or not upload.filename:
            continue
        kind = kinds[index] if index < len(kinds) else "shelf"
        try:
            store_photo(db.session, upload_dir, user, new_record_id(), upload.read(),
                        owner_type, owner_id, kind,
                        max_pixels=current_app.config["PHOTO_MAX_PIXELS"])
            db.session.commit()
        except PhotoError as error:
            db.session.rollback()
            problems.append(f"{upload.filename}: {photo_message(error)}")
    return problems
