"""What an inbox notification says, in the reader's language, and where it leads.

A notification stores only its `kind` and `params` (`services.notifications`); the
words are made here when the inbox renders, so a reader who switches language sees
every message in the new one. Params each kind reads (all optional: a missing one
never breaks the page, the sentence just says less):

- order_out_for_delivery: number
- order_status: number, status (an order_status code), reason
- ticket_answered: number, answer
- ticket_status: number, status (a ticket_status code), event ("info": the store added
  information; the status did not change)
- ticket_escalated: number, tier (a tier code)
- restock_decided / store_change_decided: store, approved (bool), reason
- restock_followup_failed: store
- notice_published: title, kind (a notice kind)
- survey_offered: period ('YYYY-Qn' or 'ticket:<id>')

The link is the subject's page for the reader's role; an endpoint that this build does
not have (another part adds it later) leaves the message without a link.
"""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.routing import BuildError

from .i18n import code_label
from .models import Notification
from .rules.codes import NotificationKind as K
from .rules.roles import FIELD_ROLES, HQ_ROLES, OWNER_ROLES


def _decision(params: dict) -> str:
    reason = str(params.get("reason") or "")
    if params.get("approved"):
        return _("approved")
    return _("refused: %(reason)s", reason=reason) if reason else _("refused")


def notification_text(n: Notification) -> str:
    """The sentence `n` says to its reader, in the current language."""
    p = n.params or {}
    number = str(p.get("number") or "")
    store = str(p.get("store") or "")
    kind = n.kind
    if kind == K.ORDER_OUT_FOR_DELIVERY:
        return _("Order %(number)s is on its way.", number=number)
    if kind == K.ORDER_STATUS:
        text = _("Order %(number)s: %(status)s.", number=number,
                 status=code_label("order_status", p.get("status")))
        reason = str(p.get("reason") or "")
        return f"{text} {reason}".strip()
    if kind == K.TICKET_ANSWERED:
        answer = str(p.get("answer") or "")
        text = _("Ticket %(number)s has an answer.", number=number)
        return f"{text} {answer}".strip()
    if kind == K.TICKET_STATUS and p.get("event") == "info":  # the store added to it
        return _("The store added information to ticket %(number)s.", number=number)
    if kind == K.TICKET_STATUS:
        return _("Ticket %(number)s is now: %(status)s.", number=number,
                 status=code_label("ticket_status", p.get("status")))
    if kind == K.TICKETS_ESCALATED:
        count = int(p.get("count") or 0)
        return ngettext("%(num)s ticket was escalated to you: they are in your queue.",
                        "%(num)s tickets were escalated to you: they are in your queue.",
                        count)
    if kind == K.TICKET_RAISED:
        return _("The store raised ticket %(number)s: it is yours to take.", number=number)
    if kind == K.TICKET_ESCALATED:
        return _("Ticket %(number)s was escalated to you (%(tier)s).", number=number,
                 tier=code_label("tier", p.get("tier")))
    if kind == K.RESTOCK_DECIDED:
        return _("Emergency restock for %(store)s: %(decision)s.", store=store,
                 decision=_decision(p))
    if kind == K.RESTOCK_FOLLOWUP_FAILED:
        return _("The sales follow-up of an emergency restock at %(store)s failed.",
                 store=store)
    if kind == K.STORE_CHANGE_DECIDED:
        return _("Store information change for %(store)s: %(decision)s.", store=store,
                 decision=_decision(p))
    if kind == K.NOTICE_PUBLISHED:
        return _("New notice (%(kind)s): %(title)s", kind=code_label("notice_kind", p.get("kind")),
                 title=str(p.get("title") or ""))
    if kind == K.SURVEY_OFFERED:
        return _("A short satisfaction survey is waiting for you.")
    return code_label("notification_kind", kind)


def _endpoint(n: Notification, role: str) -> tuple[str, dict] | None:
    sid = n.subject_id
    if n.subject_type == "ticket":
        if role in OWNER_ROLES:
            return "store.ticket", {"ticket_id": sid}
        if role in HQ_ROLES:
            return "hq.ticket_page", {"ticket_id": sid}  # the ticket desk's page
        if role in FIELD_ROLES:
            return "rep.ticket_view", {"ticket_id": sid}  # the rep's "my tickets" page
    if n.subject_type == "notice":
        if role in OWNER_ROLES and sid.isdigit():
            return "store.notice", {"notice_id": int(sid)}
        if role in HQ_ROLES and sid.isdigit():
            return "hq.notice", {"notice_id": int(sid)}
        if role in FIELD_ROLES and sid.isdigit():
            return "rep.notice", {"notice_id": int(sid)}
    if n.subject_type == "order" and sid.isdigit() and role in OWNER_ROLES:
        return "store.order", {"order_id": int(sid)}
    if n.subject_type == "survey" and role in OWNER_ROLES:
        return "store.quarterly_survey", {}
    if n.subject_type == "ticket_queue" and role in HQ_ROLES:  # the reader's own tickets
        return "hq.tickets", {"owner": n.user_id}
    if n.subject_type == "restock" and role in HQ_ROLES:
        return "hq.restock", {}
    if n.store_id is not None and role in FIELD_ROLES:
        return "rep.store", {"store_id": n.store_id}
    return None


def notification_link(n: Notification, role: str) -> str | None:
    """The page of `n`'s subject for a reader of `role`, or None (no such page here)."""
    target = _endpoint(n, role)
    # a missing endpoint is checked first: a BuildError is slow (it looks for near names)
    if target is None or target[0] not in current_app.view_functions:
        return None
    try:
        return url_for(target[0], **target[1])
    except BuildError:
        return None
