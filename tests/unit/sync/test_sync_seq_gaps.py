"""Per-device seq tracking: gaps show records a phone lost before upload."""

from hypothesis import given
from hypothesis import strategies as st

from sync.devices import merge_seqs


def test_consecutive_seqs_leave_no_gap():
    assert merge_seqs(0, [], [1, 2, 3]) == (3, [])


def test_a_skipped_seq_is_a_gap_until_it_arrives():
    assert merge_seqs(0, [], [1, 2, 5]) == (5, [3, 4])
    assert merge_seqs(5, [3, 4], [4]) == (5, [3])


def test_replayed_seqs_change_nothing():
    assert merge_seqs(5, [3], [1, 2, 5]) == (5, [3])


@given(st.lists(st.integers(min_value=1, max_value=200), max_size=80))
def test_gaps_are_exactly_the_unseen_seqs_below_the_top(seqs):
    top, gaps = merge_seqs(0, [], seqs)
    seen = set(seqs)
    assert top == (max(seen) if seen else 0)
    assert gaps == [n for n in range(1, top) if n not in seen]


@given(st.lists(st.integers(min_value=1, max_value=100), max_size=50),
       st.lists(st.integers(min_value=1, max_value=100), max_size=50))
def test_order_of_batches_does_not_matter(a, b):
    one = merge_seqs(*merge_seqs(0, [], a), b)
    other = merge_seqs(*merge_seqs(0, [], b), a)
    assert one == other
