"""The ticket status machine: every allowed and every refused transition; the callback."""

import itertools

import pytest

from webapp.rules.codes import TicketStatus
from webapp.rules.settings import ServiceSettings
from webapp.rules.ticket_status import (
    allowed_targets,
    callback_required,
    rated_before_reopening,
    record_callback,
    transition,
)
from webapp.rules.transitions import IllegalTransition

ALLOWED = {
    ("new", "acknowledged"),
    ("acknowledged", "in_progress"),
    ("in_progress", "resolved"),
    ("resolved", "callback_done"),  # [002 回訪]
    ("callback_done", "closed"),
    ("resolved", "reopened"),
    ("callback_done", "reopened"),
    ("closed", "reopened"),
    ("reopened", "in_progress"),
}
PAIRS = list(itertools.product([str(s) for s in TicketStatus], repeat=2))


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transitions(current, target):
    assert transition(current, target) is TicketStatus(target)


@pytest.mark.parametrize(("current", "target"), sorted(set(PAIRS) - ALLOWED))
def test_refused_transitions_say_why(current, target):
    with pytest.raises(IllegalTransition) as caught:
        transition(current, target)
    error = caught.value
    assert (error.current, error.target) == (current, target)
    assert error.reason and str(error) == error.reason
    assert isinstance(error, ValueError)  # views may treat it as bad input


@pytest.mark.parametrize(("current", "target", "reason"), [
    ("new", "in_progress", "acknowledge the ticket first"),  # [000 实行首问负责]
    ("resolved", "closed", "call the customer back"),
    ("in_progress", "closed", "only a ticket that was resolved"),
    ("new", "reopened", "only a resolved or closed ticket can be reopened"),
    ("closed", "closed", "already closed"),
    ("closed", "resolved", "it can only go to reopened"),
    ("reopened", "resolved", "goes back to in_progress"),
])
def test_refusal_reasons_are_readable(current, target, reason):
    with pytest.raises(IllegalTransition, match=reason):
        transition(current, target)


@pytest.mark.parametrize("status", ["", "archived"])
def test_unknown_statuses_are_refused(status):
    with pytest.raises(IllegalTransition, match="unknown ticket status"):
        transition("new", status)
    with pytest.raises(IllegalTransition, match="unknown ticket status"):
        transition(status, "new")


def test_kinds_without_callback_close_straight_from_resolved():
    assert transition("resolved", "closed", callback_required=False) is TicketStatus.CLOSED
    assert allowed_targets("resolved", callback_required=False) == {
        TicketStatus.CALLBACK_DONE, TicketStatus.REOPENED, TicketStatus.CLOSED}
    assert allowed_targets("resolved") == {TicketStatus.CALLBACK_DONE, TicketStatus.REOPENED}
    with pytest.raises(IllegalTransition):
        transition("in_progress", "closed", callback_required=False)


@pytest.mark.parametrize(("kind", "required"), [
    ("complaint", True), ("request", True),
    ("inquiry", False), ("suggestion", False), ("praise", False),
])
def test_which_kinds_need_a_callback(kind, required):
    assert callback_required(kind) is required


def test_callback_kinds_are_a_setting():
    s = ServiceSettings.from_mapping({"ticket_callback_kinds": ["complaint", "inquiry"]})
    assert callback_required("inquiry", s) and not callback_required("request", s)


@pytest.mark.parametrize("score", [1, 2, 3, 4, 5])
def test_callback_satisfaction_is_one_to_five(score):
    assert record_callback(score) == score


@pytest.mark.parametrize("score", [0, 6, -1, 3.5, "4", True, None])
def test_callback_satisfaction_outside_one_to_five_is_refused(score):
    with pytest.raises(ValueError, match="1"):
        record_callback(score)


def test_open_and_settled_statuses_split_every_status():
    """The rep's round and HQ's counts read one split: settled = resolved, called back, closed."""
    from webapp.rules.codes import TicketStatus
    from webapp.rules.ticket_status import OPEN_STATUSES, SETTLED_STATUSES
    assert set(SETTLED_STATUSES) == {"resolved", "callback_done", "closed"}
    assert set(OPEN_STATUSES) | set(SETTLED_STATUSES) == set(TicketStatus)
    assert not set(OPEN_STATUSES) & set(SETTLED_STATUSES)


def test_a_score_belongs_to_the_round_it_was_given_in():
    """A reopening starts a new round: the score given before is the earlier round's."""
    rated = [("created", None), ("status", "resolved"), ("status", "callback_done")]
    assert not rated_before_reopening(rated)
    reopened = rated + [("status", "closed"), ("status", "reopened")]
    assert rated_before_reopening(reopened)
    resolved_again = reopened + [("status", "in_progress"), ("status", "resolved")]
    assert rated_before_reopening(resolved_again)
    assert not rated_before_reopening(resolved_again + [("status", "callback_done")])
    # kinds with no callback: the owner's rating is an event of its own
    assert not rated_before_reopening([("status", "resolved"), ("callback", None)])
    # a score with no callback event (imported history) and no reopening: this round's
    assert not rated_before_reopening([("created", None), ("status", "closed")])
