"""The rep's store info page: report changed contact details, hours, type or delivery.

The rules apply some fields at once and send the others to HQ for approval
(`store_change_hq_fields`); a field HQ changed at the same moment keeps HQ's value.
"""

from flask import render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ...auth.roles import role_required
from ...extensions import db
from ...request_context import service_settings
from .. import forms
from ..queries.capture import business_types
from .answers import back_to_store, form_again, visible_store_or_404
from .capture import check_and_apply, new_record_id, read_records


def _store_update_page(store, values, errors, again=False):
    settings = service_settings()
    context = {"store": store, "values": values, "errors": errors, "new_id": new_record_id(),
               "business_types": business_types(db.session),
               "hq_fields": settings.store_change_hq_fields,
               "field_labels": forms.STORE_FIELD_LABELS, "delivery_labels": forms.DELIVERY_LABELS,
               "phone_pattern": forms.PHONE_PATTERN, "lang": str(get_locale())}
    if again:
        return form_again("rep/store_update.html", **context)
    return render_template("rep/store_update.html", **context)


def store_update_message(result: dict) -> tuple[str, str]:
    """(flash category, text): applied now, waiting for HQ, or lost to a concurrent change."""
    fields = result.get("fields", {})

    def names(*outcomes):
        return ", ".join(str(forms.STORE_FIELD_LABELS[f]) for f, v in fields.items()
                         if v["outcome"] in outcomes)

    parts = []
    if names("applied", "won"):
        parts.append(_("Saved: %(fields)s.", fields=names("applied", "won")))
    if names("pending_hq"):
        parts.append(_("Waiting for HQ approval: %(fields)s.", fields=names("pending_hq")))
    if names("lost"):
        parts.append(_("Changed at HQ at the same time, HQ's value stays (sent to HQ for "
                       "review): %(fields)s.", fields=names("lost")))
    return ("info" if names("pending_hq", "lost") else "success"), " ".join(parts)


@role_required("rep")
def store_update_form(store_id: int):
    """Report changed store info; the rules apply it at once or send it to HQ."""
    store = visible_store_or_404(store_id)
    if request.method == "GET":
        return _store_update_page(store, MultiDict(), {})
    capture = read_records(request.form.items(multi=True), store.id, "store_update")
    if not capture.errors and capture.records:
        capture.errors = forms.store_update_problems(capture.records[0])
    capture = check_and_apply(capture, current_user)
    if not capture.saved:
        return _store_update_page(store, request.form, capture.errors, again=True)
    result = capture.results[0]
    if result["status"] == "duplicate":
        return back_to_store(store, _("This change was already sent; nothing changed."), "info")
    category, message = store_update_message(result)
    return back_to_store(store, message, category)


