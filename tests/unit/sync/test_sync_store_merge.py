"""The field merge as a pure decision (docs/sync-protocol.md, "Store updates"):
a field nobody changed since the writer's base version takes the new value; a
concurrent change gets the higher clock as winner and the loser is kept as a
conflict; the same value from both sides is no conflict and only raises the clock."""

from hypothesis import given
from hypothesis import strategies as st

from sync.hlc import HLC
from sync.store_merge import FieldClock, decide_field, decide_fields

EARLY, LATE = HLC(1_000, 0, "phone-a"), HLC(2_000, 0, "phone-b")


def test_a_field_unchanged_since_the_base_version_takes_the_new_value():
    decision = decide_field("phone", "13900000000", "13811112222",
                            FieldClock(EARLY, "r1", version=3), base_version=3, hlc=LATE,
                            source="r2")
    assert decision.write and decision.conflict is None
    assert (decision.result.outcome, decision.result.value) == ("applied", "13900000000")


def test_a_field_never_written_takes_the_new_value():
    decision = decide_field("phone", "1", None, None, base_version=0, hlc=EARLY, source="r1")
    assert decision.write and decision.result.outcome == "applied"


def test_a_concurrent_change_with_the_higher_clock_wins_and_keeps_the_loser():
    decision = decide_field("address", "new", "old", FieldClock(EARLY, "r1", version=4),
                            base_version=3, hlc=LATE, source="r2")
    assert decision.write and decision.result.outcome == "won"
    conflict = decision.conflict
    assert (conflict.winning_value, conflict.losing_value) == ("new", "old")
    assert (conflict.winning_source, conflict.losing_source) == ("r2", "r1")
    assert (conflict.winning_hlc, conflict.losing_hlc) == (LATE, EARLY)


def test_a_concurrent_change_with_the_lower_clock_loses_and_writes_nothing():
    decision = decide_field("address", "late-arriving", "current",
                            FieldClock(LATE, "r2", version=4), base_version=3, hlc=EARLY,
                            source="r1")
    assert not decision.write and decision.result.outcome == "lost"
    assert decision.result.value == "current"
    assert decision.conflict.losing_value == "late-arriving"


def test_equal_clocks_are_ordered_by_source():
    clock = FieldClock(LATE, "a", version=2)
    wins = decide_field("f", "x", "y", clock, base_version=1, hlc=LATE, source="b")
    loses = decide_field("f", "x", "y", clock, base_version=1, hlc=LATE, source="0")
    assert wins.write and not loses.write


def test_the_same_value_concurrently_is_no_conflict_and_only_raises_the_clock():
    higher = decide_field("f", "same", "same", FieldClock(EARLY, "r1", 4), base_version=3,
                          hlc=LATE, source="r2")
    lower = decide_field("f", "same", "same", FieldClock(LATE, "r2", 4), base_version=3,
                         hlc=EARLY, source="r1")
    for decision in (higher, lower):
        assert decision.conflict is None and not decision.write
        assert decision.result.outcome == "applied"
    assert higher.raise_clock and not lower.raise_clock


def test_fields_are_decided_independently_in_input_order():
    decisions = decide_fields({"a": "1", "b": "2"}, {"a": "0", "b": "0"},
                              {"b": FieldClock(LATE, "r9", 5)}, base_version=1, hlc=EARLY,
                              source="r1")
    assert [(d.result.field, d.result.outcome) for d in decisions] == [
        ("a", "applied"), ("b", "lost")]


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.text(max_size=3),
       st.text(max_size=3))
def test_two_concurrent_writes_meet_the_same_winner_in_either_order(t1, t2, v1, v2):
    """Arrival order does not matter: whichever write came first, the stored value ends
    as the one with the higher (clock, source)."""
    one, two = (HLC(t1, 0, "n1"), "s1", v1), (HLC(t2, 0, "n2"), "s2", v2)
    finals = []
    for first, second in ((one, two), (two, one)):
        decision = decide_field("f", second[2], first[2], FieldClock(first[0], first[1], 2),
                                base_version=1, hlc=second[0], source=second[1])
        finals.append(second[2] if decision.write else first[2])
    assert finals[0] == finals[1] == max(one, two, key=lambda w: (w[0], w[1]))[2]
