"""Ticket actions (issue 12 item 3): every status move allowed and refused by the status
machine (rules/ticket_status.py), every decision allowed and refused by the authority
tier [003 处理投诉权限] (500/2000 yuan, severity), each with its event, audit line and
change-feed number; a refused decision names the tier to escalate to."""

import pytest
from sqlalchemy import func, select
from ticket_desk_helpers import ctx_for, take_ticket

from webapp.models import AuditLog, TicketEvent
from webapp.services import ticket_actions as actions
from webapp.services.refusals import ActionRefused

S = ("new", "acknowledged", "in_progress", "resolved", "callback_done", "closed", "reopened")


def _put(ticket, status, db):
    ticket.status = status
    db.session.flush()


ACTIONS = {
    "acknowledge": lambda ctx, t: actions.acknowledge(ctx, t),
    "answer": lambda ctx, t: actions.answer_customer(ctx, t, "我们已处理"),
    "resolve": lambda ctx, t: actions.resolve(ctx, t, "已更换"),
    "callback": lambda ctx, t: actions.record_callback(ctx, t, 5, "满意"),
    "close": lambda ctx, t: actions.close(ctx, t),
    "reopen": lambda ctx, t: actions.reopen(ctx, t, "又坏了"),
}
# (action, from status) -> the status after it, or None: refused by the machine
MOVES = {
    ("acknowledge", "new"): "acknowledged",
    ("answer", "acknowledged"): "in_progress", ("answer", "in_progress"): "in_progress",
    ("answer", "reopened"): "in_progress",
    ("resolve", "acknowledged"): "resolved", ("resolve", "in_progress"): "resolved",
    ("resolve", "reopened"): "resolved",
    ("callback", "resolved"): "callback_done",
    ("close", "callback_done"): "closed",
    ("reopen", "resolved"): "reopened", ("reopen", "callback_done"): "reopened",
    ("reopen", "closed"): "reopened",
}


@pytest.mark.parametrize("status", S)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_status_move_is_allowed_or_refused_by_the_machine(seeded, db, client, password,
                                                               action, status):
    """The status machine decides [rules/ticket_status.py]; a refusal changes nothing."""
    ticket = take_ticket(db, client, password)
    _put(ticket, status, db)
    ctx = ctx_for(db, "hq")
    expected = MOVES.get((action, status))
    events_before = db.session.scalar(select(TicketEvent.id).order_by(TicketEvent.id.desc()))
    if expected is None:
        with pytest.raises(ActionRefused) as refused:
            ACTIONS[action](ctx, ticket)
        assert refused.value.reason == "not_allowed_now"
        db.session.rollback()
        assert db.session.scalar(select(TicketEvent.id).order_by(
            TicketEvent.id.desc())) == events_before
        return
    seq = ticket.change_seq
    ACTIONS[action](ctx, ticket)
    db.session.commit()
    assert ticket.status == expected
    assert ticket.change_seq > seq  # phones pull the change
    assert db.session.scalar(select(AuditLog.action).where(AuditLog.entity_id == ticket.id)
                             .order_by(AuditLog.id.desc())).startswith("ticket.")
    last = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                              .order_by(TicketEvent.id.desc())).first()
    assert last.by_id == ctx.user.id


def test_a_request_needs_no_callback_before_closing(seeded, db, client, password):
    """Inquiries, suggestions, praise close from resolved; complaints are called back
    first [002 回訪]."""
    inquiry = take_ticket(db, client, password, kind="inquiry", category="inquiry")
    complaint = take_ticket(db, client, password, seq=2)
    ctx = ctx_for(db, "hq")
    for t in (inquiry, complaint):
        _put(t, "resolved", db)
    actions.close(ctx, inquiry)
    assert inquiry.status == "closed"
    with pytest.raises(ActionRefused):
        actions.close(ctx, complaint)


@pytest.mark.parametrize("goods_yuan,severity,username,allowed", [
    (None, "general", "rep1", True),          # below 500 yuan: the first responder
    ("499.99", "general", "rep1", True),
    ("500", "general", "rep1", False),        # 500 yuan included: market manager [003]
    ("500", "general", "manager1", True),
    ("1999.99", "general", "manager1", True),
    ("2000", "general", "manager1", False),   # 2000 yuan included: head of unit [003]
    ("2000", "general", "hq", True),
    (None, "major_a", "manager1", False),     # major complaints: head of unit
    (None, "major_a", "hq", True),
])
def test_resolving_needs_the_authority_tier(seeded, db, client, password, goods_yuan, severity,
                                            username, allowed):
    """Authority by goods value and severity [003 处理投诉权限]; above it: refused, naming
    the tier, and offered as an escalation."""
    facts = {"media": True} if severity == "major_b" else (
        {"product_harm": True} if severity == "major_a" else {})
    goods = {"goods_value": goods_yuan} if goods_yuan else {}
    ticket = take_ticket(db, client, password, facts=facts, **goods)
    assert ticket.severity == severity
    _put(ticket, "in_progress", db)
    ctx = ctx_for(db, username)
    if allowed:
        actions.resolve(ctx, ticket, "已处理")
        assert ticket.status == "resolved"
        return
    with pytest.raises(ActionRefused) as refused:
        actions.resolve(ctx, ticket, "已处理")
    assert refused.value.reason == "above_tier"
    assert refused.value.detail == ticket.tier
    db.session.rollback()
    actions.escalate_to_tier(ctx, ticket)  # the offer: the tier's holder takes it
    holder = db.session.get(type(ctx.user), ticket.assignee_id)
    assert holder.role == {"market_manager": "market_manager",
                           "head_of_unit": "hq_staff"}[ticket.tier]


def test_store_owner_and_admin_decide_nothing(seeded, db, client, password):
    """Roles outside the tiers never decide tickets (rules/ticket_authority.may_decide)."""
    ticket = take_ticket(db, client, password)
    _put(ticket, "in_progress", db)
    with pytest.raises(ActionRefused) as refused:
        actions.resolve(ctx_for(db, "admin"), ticket, "x")
    assert refused.value.reason == "not_a_decider"


def test_temporary_measure_only_for_major_complaints(seeded, db, client, password):
    """A major complaint's temporary measure [003 8个工作小时内]; general ones have none."""
    general = take_ticket(db, client, password)
    major = take_ticket(db, client, password, seq=2, facts={"product_harm": True})
    ctx = ctx_for(db, "hq")
    for t in (general, major):
        actions.acknowledge(ctx, t)
    with pytest.raises(ActionRefused) as refused:
        actions.record_temp_measure(ctx, general, "下架")
    assert refused.value.reason == "not_major"
    actions.record_temp_measure(ctx, major, "先下架同批次")
    assert major.temp_measure_at is not None and major.status == "in_progress"


def test_severity_override_keeps_the_automatic_value_and_needs_a_reason(seeded, db, client,
                                                                        password):
    """Both values kept [rules/ticket_severity.py]; raising it raises the tier."""
    ticket = take_ticket(db, client, password)
    ctx = ctx_for(db, "hq")
    with pytest.raises(ActionRefused) as refused:
        actions.override_severity(ctx, ticket, "major_b", "  ")
    assert refused.value.reason == "reason_required"
    with pytest.raises(ActionRefused):
        actions.override_severity(ctx_for(db, "manager1"), ticket, "major_a", "上了新闻")
    actions.override_severity(ctx, ticket, "major_b", "上了新闻")
    assert (ticket.severity, ticket.severity_auto) == ("major_b", "general")
    assert ticket.severity_override_reason == "上了新闻"
    assert ticket.tier == "head_of_unit" and ticket.temp_measure_due_at is not None


def test_callback_satisfaction_is_1_to_5(seeded, db, client, password):
    """The callback records satisfaction 1–5 and the comment [002 回訪]."""
    ticket = take_ticket(db, client, password)
    _put(ticket, "resolved", db)
    ctx = ctx_for(db, "hq")
    for bad in (0, 6, None):
        with pytest.raises(ActionRefused) as refused:
            actions.record_callback(ctx, ticket, bad, "")
        assert refused.value.reason == "bad_satisfaction"
    actions.record_callback(ctx, ticket, 3, "一般")
    assert ticket.satisfaction == 3 and ticket.status == "callback_done"


def test_answer_needs_text_and_sets_the_first_answer(seeded, db, client, password):
    """The text the store sees is a public event; the first answer is recorded once."""
    ticket = take_ticket(db, client, password)
    ctx = ctx_for(db, "manager1")
    actions.acknowledge(ctx, ticket)
    first = ticket.first_answered_at
    with pytest.raises(ActionRefused):
        actions.answer_customer(ctx, ticket, " ")
    actions.answer_customer(ctx, ticket, "明天换货")
    assert ticket.first_answered_at == first
    event = db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "answer")).one()
    assert event.public and event.note == "明天换货"


def test_pass_on_to_someone_outside_the_store_is_refused(seeded, db, client, password):
    """The new owner must see the store (scope.py); rep2 serves another territory."""
    ticket = take_ticket(db, client, password)
    ctx = ctx_for(db, "manager1")
    from ticket_desk_helpers import user
    with pytest.raises(ActionRefused) as refused:
        actions.pass_on(ctx, ticket, assignee=user(db, "rep2"))
    assert refused.value.reason == "no_such_assignee"
    actions.pass_on(ctx, ticket, assignee=user(db, "hq"))
    assert ticket.assignee_id == user(db, "hq").id


def test_escalating_to_whoever_holds_it_already_is_refused_and_tells_nobody(seeded, db, client,
                                                                           password):
    """QA: a market manager offered "escalate" on a ticket already with the head of unit's
    holder handed it to the same person again and sent them a second message."""
    from ticket_desk_helpers import user

    from webapp.models import Notification

    ticket = take_ticket(db, client, password, goods_value="3000")  # above 2000 yuan
    assert ticket.tier == "head_of_unit"
    _put(ticket, "in_progress", db)
    ctx = ctx_for(db, "manager1")
    actions.escalate_to_tier(ctx, ticket)
    db.session.commit()
    holder = ticket.assignee_id
    told = db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == holder))
    with pytest.raises(ActionRefused) as refused:
        actions.escalate_to_tier(ctx_for(db, "manager1"), ticket)
    assert refused.value.reason == "already_holder"
    db.session.rollback()
    with pytest.raises(ActionRefused):
        actions.pass_on(ctx, ticket, assignee=user(db, "hq"), note="again")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == holder)) == told
    assert ticket.assignee_id == holder
