"""Hybrid logical clock: wire format, ordering, the paper's rules, skew clamping."""

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.hlc import (
    HLC,
    MAX_COUNTER,
    MAX_WALL_MS,
    ClampResult,
    HybridClock,
    clamp_remote,
    validate_node,
)

T0 = 1_763_800_000_000
HOUR = 3_600_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1763800000000:0:dev-7f3a", HLC(T0, 0, "dev-7f3a")),
        ("0:0:a", HLC(0, 0, "a")),
        ("1:42:Node_1.x-Y", HLC(1, 42, "Node_1.x-Y")),
        (f"{MAX_WALL_MS}:{MAX_COUNTER}:{'n' * 64}", HLC(MAX_WALL_MS, MAX_COUNTER, "n" * 64)),
    ],
)
def test_parse_valid(text, expected):
    assert HLC.parse(text) == expected
    assert str(expected) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "has 1 part(s)"),
        ("1763800000000", "has 1 part(s)"),
        ("1763800000000:0", "has 2 part(s)"),
        ("1763800000000:0:", "node id is empty"),
        ("1763800000000:0:dev:7f3a", "node id 'dev:7f3a' must be 1-64 characters"),
        ("1763800000000:0:dev 7f3a", "must be 1-64 characters"),
        ("1763800000000:0:设备", "must be 1-64 characters"),
        (f"1:0:{'n' * 65}", "must be 1-64 characters"),
        ("-1:0:dev", "time '-1' is not a non-negative integer"),
        ("1:-1:dev", "counter '-1' is not a non-negative integer"),
        ("1.5:0:dev", "is not a non-negative integer"),
        ("abc:0:dev", "time 'abc' is not a non-negative integer"),
        (":0:dev", "time '' is not a non-negative integer"),
        ("1: 0:dev", "counter ' 0' is not"),
        ("+1:0:dev", "is not a non-negative integer"),
        ("１:0:dev", "is not a non-negative integer"),
        ("01:0:dev", "time '01' has leading zeros"),
        ("1:007:dev", "counter '007' has leading zeros"),
        (f"{MAX_WALL_MS + 1}:0:dev", "is larger than"),
        (f"1:{MAX_COUNTER + 1}:dev", "counter 2147483648 is larger than"),
        ("1:0:" + "x" * 200, "is too long"),
        ("1:0:dev\n", "must be 1-64 characters"),
    ],
)
def test_parse_invalid(text, message):
    with pytest.raises(ValueError, match="^HLC") as info:
        HLC.parse(text)
    assert message in str(info.value)


@pytest.mark.parametrize("value", [None, 17, b"1:0:a", ["1", "0", "a"]])
def test_parse_rejects_non_strings(value):
    with pytest.raises(ValueError, match="HLC must be a string"):
        HLC.parse(value)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((-1, 0, "a"), ValueError),
        ((0, -1, "a"), ValueError),
        ((True, 0, "a"), TypeError),
        ((1.0, 0, "a"), TypeError),
        ((0, 0, ""), ValueError),
        ((0, 0, "a:b"), ValueError),
    ],
)
def test_constructor_validates(args, error):
    with pytest.raises(error):
        HLC(*args)


def test_validate_node():
    assert validate_node("dev-7f3a") == "dev-7f3a"
    with pytest.raises(ValueError, match="node id"):
        validate_node(7)


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        ("1:5:z", "2:0:a"),  # wall time first
        ("2:1:z", "2:2:a"),  # then counter
        ("2:2:dev-a", "2:2:dev-b"),  # then node id breaks the tie
        ("2:2:B", "2:2:a"),  # by code point, deterministically
        ("2:9:a", "2:10:a"),  # numerically, not as text
    ],
)
def test_total_order(smaller, larger):
    a, b = HLC.parse(smaller), HLC.parse(larger)
    assert a < b and b > a and a != b
    assert sorted([b, a]) == [a, b]


def test_frozen_and_hashable():
    stamp = HLC(T0, 0, "a")
    with pytest.raises(AttributeError):
        stamp.counter = 1  # type: ignore[misc]
    assert {stamp, HLC.parse(str(stamp))} == {stamp}


class FakeTime:
    def __init__(self, ms: int) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def test_now_rules():
    time = FakeTime(T0)
    clock = HybridClock("srv", time)
    assert clock.last is None
    assert clock.now() == HLC(T0, 0, "srv")
    assert clock.now() == HLC(T0, 1, "srv")  # same ms: counter bumps
    time.ms = T0 - 5000  # physical clock stepped back
    assert clock.now() == HLC(T0, 2, "srv")
    time.ms = T0 + 1
    assert clock.now() == HLC(T0 + 1, 0, "srv")
    assert clock.last == HLC(T0 + 1, 0, "srv")


@pytest.mark.parametrize(
    ("state", "remote", "physical", "expected"),
    [
        ((T0, 3), (T0, 7), T0 - 1, (T0, 8)),  # l == l_old == l_m: max(c) + 1
        ((T0, 9), (T0, 7), T0 - 1, (T0, 10)),
        ((T0, 3), (T0 - 10, 99), T0 - 1, (T0, 4)),  # only old holds the max
        ((T0, 3), (T0 + 10, 5), T0, (T0 + 10, 6)),  # only remote holds the max
        ((T0, 3), (T0 - 10, 5), T0 + 50, (T0 + 50, 0)),  # physical time wins
        ((T0, 3), (T0 + 50, 5), T0 + 50, (T0 + 50, 6)),  # remote ties physical
    ],
)
def test_receive_rules(state, remote, physical, expected):
    clock = HybridClock("srv", FakeTime(physical), last=HLC(*state, "srv"))
    result = clock.receive(HLC(*remote, "dev-1"))
    assert result == HLC(*expected, "srv")
    assert clock.last == result


def test_receive_rejects_non_hlc():
    with pytest.raises(TypeError):
        HybridClock("srv", FakeTime(T0)).receive("1:0:a")  # type: ignore[arg-type]


def test_counter_overflow_advances_time():
    clock = HybridClock("srv", FakeTime(T0), last=HLC(T0, MAX_COUNTER, "srv"))
    assert clock.now() == HLC(T0 + 1, 0, "srv")


def test_clock_is_thread_safe():
    clock = HybridClock("srv", FakeTime(T0))
    stamps: list[HLC] = []

    def work() -> None:
        for _ in range(500):
            stamps.append(clock.now())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(stamps)) == 2000


@pytest.mark.parametrize(
    ("ahead_ms", "clamped"),
    [(3 * HOUR, True), (300_001, True), (300_000, False), (0, False), (-2 * HOUR, False)],
)
def test_clamp_remote(ahead_ms, clamped):
    remote = HLC(T0 + ahead_ms, 4, "dev-7f3a")
    result = clamp_remote(remote, T0)
    assert isinstance(result, ClampResult)
    assert result.skew_ms == ahead_ms
    assert result.clamped is clamped
    assert result.clock == (HLC(T0, 4, "dev-7f3a") if clamped else remote)


def test_clamp_three_hours_ahead_then_receive_keeps_server_honest():
    server = HybridClock("srv", FakeTime(T0))
    result = clamp_remote(HLC.parse(f"{T0 + 3 * HOUR}:2:dev-7f3a"), T0)
    assert result == ClampResult(HLC(T0, 2, "dev-7f3a"), 3 * HOUR, True)
    assert server.receive(result.clock).wall_ms == T0


def test_clamp_custom_window_and_bad_window():
    assert clamp_remote(HLC(T0 + 10, 0, "d"), T0, max_skew_ms=5).clamped
    with pytest.raises(ValueError):
        clamp_remote(HLC(T0, 0, "d"), T0, max_skew_ms=-1)


nodes = st.from_regex(r"[A-Za-z0-9_.-]{1,64}", fullmatch=True)
walls = st.integers(0, MAX_WALL_MS - 10**9)
hlcs = st.builds(HLC, walls, st.integers(0, MAX_COUNTER), nodes)


@given(hlcs)
def test_round_trip(stamp):
    assert HLC.parse(str(stamp)) == stamp


@given(hlcs, hlcs)
def test_order_matches_tuple_order(a, b):
    assert (a < b) == ((a.wall_ms, a.counter, a.node) < (b.wall_ms, b.counter, b.node))


events = st.lists(
    st.tuples(st.integers(-10_000, 10_000), st.one_of(st.none(), hlcs)), min_size=1, max_size=40
)


@given(start=walls, steps=events)
def test_now_and_receive_are_monotonic(start, steps):
    time = FakeTime(start)
    clock = HybridClock("srv", time)
    previous = None
    for drift, remote in steps:
        time.ms = max(0, time.ms + drift)
        stamp = clock.now() if remote is None else clock.receive(remote)
        if previous is not None:
            assert stamp > previous
        if remote is not None:
            assert stamp >= remote
            assert (stamp.wall_ms, stamp.counter) > (remote.wall_ms, remote.counter)
        assert stamp.wall_ms >= time.ms
        previous = stamp
