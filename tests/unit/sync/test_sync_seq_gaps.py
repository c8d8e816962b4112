"""Per-device seq tracking: gaps show records a phone lost before upload.

Gaps are kept as ranges and bounded; a jump too large to be lost records is a fault
of the phone's counter, never work (issue 9, §1.1; docs/sync-protocol.md "Record ids,
clocks and counters").
"""

import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from sync.devices import MAX_SEQ, MAX_TRACKED_GAPS, as_ranges, merge_seqs, missing_count


def expanded(gaps: list[list[int]]) -> list[int]:
    return [n for first, last in gaps for n in range(first, last + 1)]


def test_consecutive_seqs_leave_no_gap():
    merged = merge_seqs(0, [], [1, 2, 3])
    assert (merged.last_seq, merged.gaps, merged.absurd) == (3, [], [])


def test_a_skipped_seq_is_a_gap_until_it_arrives():
    merged = merge_seqs(0, [], [1, 2, 5])
    assert (merged.last_seq, merged.gaps) == (5, [[3, 4]])
    assert merge_seqs(5, [[3, 4]], [4]).gaps == [[3, 3]]


def test_a_seq_inside_a_gap_splits_it():
    assert merge_seqs(10, [[2, 9]], [5]).gaps == [[2, 4], [6, 9]]


def test_replayed_seqs_change_nothing():
    merged = merge_seqs(5, [[3, 3]], [1, 2, 5])
    assert (merged.last_seq, merged.gaps, merged.absurd) == (5, [[3, 3]], [])


def test_gaps_stored_as_numbers_by_earlier_versions_are_read_as_ranges():
    assert as_ranges([3, 4, 9]) == [[3, 4], [9, 9]]
    assert merge_seqs(9, [3, 4, 9], [4]).gaps == [[3, 3], [9, 9]]
    assert missing_count([[3, 4], [9, 9]]) == 3


@given(st.lists(st.integers(min_value=1, max_value=200), max_size=80))
def test_gaps_are_exactly_the_unseen_seqs_below_the_top(seqs):
    merged = merge_seqs(0, [], seqs)
    seen = set(seqs)
    assert merged.last_seq == (max(seen) if seen else 0)
    assert expanded(merged.gaps) == [n for n in range(1, merged.last_seq) if n not in seen]


@given(st.lists(st.integers(min_value=1, max_value=100), max_size=50),
       st.lists(st.integers(min_value=1, max_value=100), max_size=50))
def test_order_of_batches_does_not_matter(a, b):
    def after(first, second):
        one = merge_seqs(0, [], first)
        return merge_seqs(one.last_seq, one.gaps, second)

    assert after(a, b) == after(b, a)


def test_a_large_gap_is_one_range_whatever_its_size():
    tracemalloc.start()
    merged = merge_seqs(1, [], [9_001])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert merged.gaps == [[2, 9_000]] and missing_count(merged.gaps) == 8_999
    assert peak < 100_000


def test_an_absurd_jump_costs_no_memory_and_is_a_fault_not_lost_records():
    # before: range(top + 1, seq) was materialised (+83 MB at a million, MemoryError at 2**31)
    for seq in (1_000_000, MAX_SEQ, 2**63):
        tracemalloc.start()
        merged = merge_seqs(41, [[7, 7]], [42, seq])
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 100_000, f"{peak} bytes traced for seq {seq}"
        assert (merged.last_seq, merged.gaps, merged.absurd) == (42, [[7, 7]], [seq])


def test_a_jump_within_the_limit_is_lost_records_beyond_it_a_fault():
    assert merge_seqs(100, [], [10_100], max_jump=10_000).absurd == []
    beyond = merge_seqs(100, [], [10_101], max_jump=10_000)
    assert (beyond.last_seq, beyond.gaps, beyond.absurd) == (100, [], [10_101])


def test_a_counter_past_its_column_range_is_a_fault_even_in_small_steps():
    merged = merge_seqs(MAX_SEQ - 1, [], [MAX_SEQ, MAX_SEQ + 1])
    assert (merged.last_seq, merged.absurd) == (MAX_SEQ, [MAX_SEQ + 1])


def test_tracked_gaps_are_bounded_and_the_newest_are_kept():
    every_other = list(range(1, 4 * MAX_TRACKED_GAPS, 2))  # 1, 3, 5 …: a gap between each
    merged = merge_seqs(0, [], every_other)
    assert len(merged.gaps) == MAX_TRACKED_GAPS
    assert merged.gaps[-1] == [every_other[-1] - 1] * 2
    again = merge_seqs(merged.last_seq, merged.gaps, [merged.last_seq + 5])
    assert len(again.gaps) == MAX_TRACKED_GAPS and again.gaps[-1] == [
        merged.last_seq + 1, merged.last_seq + 4]
