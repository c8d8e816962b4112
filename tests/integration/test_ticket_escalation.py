"""Escalation runs by itself (issue 12 item 4): a missed deadline raises the ticket one
tier, once, recorded, to the new tier's holder, who is notified
[003 处理期限、核决权限及处理逾期反应]. Deadlines count working time, so the clock is
pinned around a weekend, a public holiday and a 调休 make-up working Sunday
(CalendarDay rows, rules/calendar.py)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from ticket_desk_helpers import ctx_for, take_ticket, user
from time_helpers import move_clock_to

from webapp import clock
from webapp.models import CalendarDay, Notification, TicketEvent
from webapp.services import ticket_actions as actions
from webapp.services.ticket_escalation import escalate_overdue

SH = ZoneInfo("Asia/Shanghai")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=SH)


def _major_taken_at(db, client, password, moment, *days):
    """A major complaint (harmful goods) taken at `moment` and acknowledged at once, so
    only the temporary measure and the resolution run."""
    db.session.add_all(days)
    db.session.commit()
    move_clock_to(moment, tick=False)
    ticket = take_ticket(db, client, password, facts={"product_harm": True})
    actions.acknowledge(ctx_for(db, "rep1"), ticket)
    db.session.commit()
    return ticket


def _run(db, ticket, moment) -> int:
    """Escalate at `moment`, counting only `ticket` (the seed's own tickets also come due
    as the clock moves on days)."""
    move_clock_to(moment, tick=False)
    made = escalate_overdue(db.session, clock.now(), ticket_ids=[ticket.id])
    db.session.commit()
    return made


def _escalations(db, ticket) -> int:
    return db.session.scalar(select(func.count()).select_from(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "escalation"))


def test_over_a_weekend_the_deadline_waits_for_monday(seeded, db, client, password):
    """8 working hours from Friday 17:00 end Monday 16:00 [003 8个工作小时内]."""
    ticket = _major_taken_at(db, client, password, at(2026, 11, 27, 17, 0))
    assert ticket.temp_measure_due_at == at(2026, 11, 30, 16, 0)
    assert _run(db, ticket, at(2026, 11, 30, 15, 59)) == 0
    assert _run(db, ticket, at(2026, 11, 30, 16, 1)) == 1
    db.session.refresh(ticket)
    assert ticket.escalation_level == 1 and _escalations(db, ticket) == 1


def test_a_holiday_is_not_working_time(seeded, db, client, password):
    """New Year's Day (a holiday) between: Thursday 15:00 + 8 h ends Monday 14:00."""
    ticket = _major_taken_at(db, client, password, at(2026, 12, 31, 15, 0),
                             CalendarDay(day=datetime(2027, 1, 1).date(), kind="holiday",
                                         name="元旦"))
    assert ticket.temp_measure_due_at == at(2027, 1, 4, 14, 0)
    assert _run(db, ticket, at(2027, 1, 1, 14, 1)) == 0  # without the holiday it would be due
    assert _run(db, ticket, at(2027, 1, 4, 14, 1)) == 1


def test_a_make_up_sunday_is_working_time(seeded, db, client, password):
    """A 调休 Sunday counts: Saturday's complaint is due Sunday 17:00, not Monday."""
    ticket = _major_taken_at(db, client, password, at(2026, 12, 5, 10, 0),
                             CalendarDay(day=datetime(2026, 12, 6).date(), kind="workday",
                                         name="调休"))
    assert ticket.temp_measure_due_at == at(2026, 12, 6, 17, 0)
    assert _run(db, ticket, at(2026, 12, 6, 16, 59)) == 0
    assert _run(db, ticket, at(2026, 12, 6, 17, 1)) == 1


def test_each_deadline_escalates_once_and_goes_up_one_tier(seeded, db, client, password):
    """A general complaint unanswered: the first answer (24 h) then the resolution (3
    working days) each raise it once: first responder → market manager → head of unit."""
    move_clock_to(at(2026, 11, 24, 10, 0))
    ticket = take_ticket(db, client, password)
    assert ticket.tier == "first_responder"
    assert _run(db, ticket, at(2026, 11, 25, 10, 1)) == 1
    db.session.refresh(ticket)
    assert ticket.tier == "market_manager" and ticket.assignee_id == user(db, "manager1").id
    for _ in range(3):  # the command, a page read, the command again: nothing new
        assert _run(db, ticket, at(2026, 11, 25, 11, 0)) == 0
    assert _run(db, ticket, at(2026, 11, 27, 10, 1)) == 1
    db.session.refresh(ticket)
    assert ticket.tier == "head_of_unit" and ticket.assignee_id == user(db, "hq").id
    assert _escalations(db, ticket) == 2 and ticket.escalation_level == 2
    notes = db.session.scalars(select(Notification).where(
        Notification.subject_id == ticket.id, Notification.kind == "ticket_escalated")).all()
    assert sorted(n.user_id for n in notes) == sorted([user(db, "manager1").id,
                                                      user(db, "hq").id])


def test_a_settled_ticket_does_not_escalate(seeded, db, client, password):
    """Only open tickets move up; a resolved one waits for its callback."""
    move_clock_to(at(2026, 11, 24, 10, 0))
    ticket = take_ticket(db, client, password)
    ctx = ctx_for(db, "rep1")
    actions.acknowledge(ctx, ticket)
    actions.resolve(ctx, ticket, "当场处理")
    db.session.commit()
    assert _run(db, ticket, at(2026, 12, 24, 10, 0)) == 0


def test_the_command_runs_it(seeded, db, client, password, app):
    """`flask escalate` escalates and says how many."""
    move_clock_to(at(2026, 11, 24, 10, 0))
    ticket = take_ticket(db, client, password)
    move_clock_to(at(2026, 11, 25, 10, 1))
    result = app.test_cli_runner().invoke(args=["escalate"])
    # the seed's own open tickets may come due too: ours is among those escalated
    assert result.exit_code == 0 and result.output.startswith("escalated ")
    assert int(result.output.split()[1]) >= 1
    db.session.expire_all()
    assert _escalations(db, ticket) == 1
    assert app.test_cli_runner().invoke(args=["escalate"]).output.startswith("escalated 0 ")


def test_reading_the_queue_escalates_what_it_shows(seeded, db, client, password, web):
    """Evaluate on read: the desk shows the new tier without the command having run."""
    move_clock_to(at(2026, 11, 24, 10, 0))
    ticket = take_ticket(db, client, password)
    move_clock_to(at(2026, 11, 25, 10, 1) + timedelta(minutes=1))
    web.login("hq")
    html = web.client.get("/hq/tickets").get_data(as_text=True)
    assert ticket.number in html
    db.session.expire_all()
    assert _escalations(db, ticket) == 1


def test_the_command_alone_puts_the_ticket_in_the_managers_queue(seeded, db, client,
                                                                  password, app, web):
    """`flask escalate` with no page ever opened: the ticket is the market manager's (their
    queue's owner filter lists it) and their inbox says so; reading the queue then
    escalates nothing more."""
    move_clock_to(at(2026, 11, 24, 10, 0))
    ticket = take_ticket(db, client, password)
    move_clock_to(at(2026, 11, 25, 10, 1))
    assert app.test_cli_runner().invoke(args=["escalate"]).exit_code == 0
    db.session.expire_all()
    manager = user(db, "manager1")
    assert ticket.tier == "market_manager" and ticket.assignee_id == manager.id
    assert _escalations(db, ticket) == 1 and ticket.escalation_level == 1
    web.login("manager1")
    mine = web.client.get(f"/hq/tickets?owner={manager.id}").get_data(as_text=True)
    assert ticket.number in mine
    inbox = web.client.get("/hq/inbox").get_data(as_text=True)
    assert f"工单 {ticket.number} 已升级给您(市场经理)。" in inbox
    db.session.expire_all()
    assert _escalations(db, ticket) == 1 and ticket.escalation_level == 1


def test_a_catch_up_tells_each_new_holder_once_with_the_count(seeded, db, client, password,
                                                              app, web):
    """After the scheduler stood still, one run escalates many tickets to one person: more
    than DIGEST_OVER of them make one message with the count, leading to their queue
    (not one message each); each ticket is still escalated and recorded."""
    from sync_helpers import register

    from webapp.services.ticket_escalation import DIGEST_OVER

    move_clock_to(at(2026, 11, 24, 10, 0))
    device = register(client, "rep1", password)
    tickets = [take_ticket(db, client, password, device=device, seq=n + 1)
               for n in range(DIGEST_OVER + 5)]
    manager = user(db, "manager1")
    before = db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == manager.id))
    move_clock_to(at(2026, 11, 25, 10, 1))
    assert app.test_cli_runner().invoke(args=["escalate"]).exit_code == 0
    db.session.expire_all()
    assert all(_escalations(db, t) == 1 and t.assignee_id == manager.id for t in tickets)
    new = db.session.scalars(select(Notification).where(
        Notification.user_id == manager.id).order_by(Notification.id)).all()[before:]
    assert len(new) == 1 and new[0].kind == "tickets_escalated"
    assert new[0].params["count"] >= len(tickets)  # the seed's own may have come due too
    web.login("manager1")
    inbox = web.client.get("/hq/inbox").get_data(as_text=True)
    assert f"有 {new[0].params['count']} 张工单已升级给您" in inbox
    opened = web.post_form("/hq/inbox/read", {"open": str(new[0].id)}, page="/hq/inbox")
    assert opened.headers["Location"].endswith(f"/hq/tickets?owner={manager.id}")
    queue = web.client.get(f"/hq/tickets?owner={manager.id}").get_data(as_text=True)
    assert all(t.number in queue for t in tickets[:10])  # the first page: theirs


def test_a_ticket_written_down_late_escalates_for_its_registration(seeded, db, client,
                                                                  password):
    """Taken on a phone without signal at 10:00 and reaching Rounds at 12:30: it was
    registered after its hour [003 1小时内受理登记], which raises it once, recorded as
    the register deadline; one that arrives within the hour does not."""
    move_clock_to(at(2026, 11, 24, 12, 30), tick=False)
    received = at(2026, 11, 24, 10, 0).isoformat()
    late = take_ticket(db, client, password, received_at=received)
    assert late.registered_at == at(2026, 11, 24, 12, 30)
    move_clock_to(at(2026, 11, 24, 10, 50), tick=False)
    on_time = take_ticket(db, client, password, seq=2, received_at=received)
    assert _run(db, on_time, at(2026, 11, 24, 12, 31)) == 0
    assert _run(db, late, at(2026, 11, 24, 12, 31)) == 1
    event = db.session.scalar(select(TicketEvent).where(
        TicketEvent.ticket_id == late.id, TicketEvent.kind == "escalation"))
    assert event.note == "register → market_manager"
    assert _run(db, late, at(2026, 11, 24, 12, 32)) == 0
