"""The per-device record counter that reveals lost records (the protocol's part).

Each record a phone creates carries `seq`, +1 per record. The server keeps the
highest seq seen and every gap; a gap that never fills is a record the phone
lost before uploading (storage evicted, a bug), shown to HQ instead of vanishing.
Gaps are kept as ranges, so a phone that lost thousands of records costs one pair;
a jump too large to be lost records is a fault of the phone, shown to HQ as such.
"""

from dataclasses import dataclass

# Ranges of missing seqs kept per device (the newest): what HQ can act on.
MAX_TRACKED_GAPS = 1000
# The counter column is a 32-bit integer; a phone counting past it is faulty.
MAX_SEQ = 2**31 - 1
# A seq this far above the highest seen is a broken counter, not lost records:
# twice the protocol's largest push. Setting: SYNC_MAX_SEQ_JUMP.
MAX_SEQ_JUMP = 10_000


def as_ranges(stored: list | None) -> list[list[int]]:
    """Stored gaps as ascending, disjoint `[first, last]` ranges.

    Older rows hold single numbers (`[3, 4]`): each is read as `[n, n]`, and
    touching ranges are joined.
    """
    pairs = sorted([n, n] if isinstance(n, int) else [int(n[0]), int(n[1])]
                   for n in stored or [])
    ranges: list[list[int]] = []
    for first, last in pairs:
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1][1] = max(ranges[-1][1], last)
        else:
            ranges.append([first, last])
    return ranges


def missing_count(stored: list | None) -> int:
    """How many seqs the stored gaps hold (records the phone lost before sending them)."""
    return sum(last - first + 1 for first, last in as_ranges(stored))


@dataclass(frozen=True)
class SeqMerge:
    """A device's counter after a push: highest seq, gaps, and the seqs refused as a fault."""

    last_seq: int
    gaps: list[list[int]]  # ascending [first, last] ranges, at most MAX_TRACKED_GAPS
    absurd: list[int]  # seqs beyond the highest by more than the allowed jump


def _without(ranges: list[list[int]], seen: list[int]) -> list[list[int]]:
    """`ranges` minus the ascending numbers `seen`: filled gaps close, others split."""
    out, i = [], 0
    for first, last in ranges:
        while i < len(seen) and seen[i] < first:
            i += 1
        start = first
        while i < len(seen) and seen[i] <= last:
            if seen[i] > start:
                out.append([start, seen[i] - 1])
            start = seen[i] + 1
            i += 1
        if start <= last:
            out.append([start, last])
    return out


def merge_seqs(last_seq: int, missing: list | None, seqs: list[int],
               max_jump: int = MAX_SEQ_JUMP) -> SeqMerge:
    """The new highest seq and gaps after seeing `seqs`; work and memory grow with the
    number of seqs and gaps, never with the size of a jump.

    A seq more than `max_jump` above the highest so far (or above MAX_SEQ) is not a
    gap of lost records but a fault of the phone's counter: it is returned in
    `absurd` and moves nothing.
    """
    ordered = sorted(set(seqs))
    top, new_gaps, absurd = last_seq, [], []
    for seq in ordered:
        if seq <= top:
            continue
        if seq - top > max_jump or seq > MAX_SEQ:
            absurd.append(seq)
            continue
        if seq > top + 1:
            new_gaps.append([top + 1, seq - 1])
        top = seq
    gaps = _without(as_ranges(missing), [s for s in ordered if s <= last_seq]) + new_gaps
    return SeqMerge(top, gaps[-MAX_TRACKED_GAPS:], absurd)


def still_waiting(pending: int | None, answered: int) -> int | None:
    """What still waits on the phone once this push is answered.

    The phone reports its whole outbox, this batch included, and drops every record
    the push answers (applied, duplicate, conflict or rejected alike), so the last
    push of a flush leaves 0, not the size of its own batch.
    """
    return None if pending is None else max(0, pending - answered)
