"""Hybrid Logical Clocks (Kulkarni, Demirbas et al., 2014).

Every record a device pushes carries an HLC stamped on the phone. The merge keeps the
record with the greatest HLC (last writer wins), so HLCs must be totally ordered and
comparable across devices. Wire format: ``"<unix ms>:<counter>:<node id>"``, e.g.
``"1763800000000:0:dev-7f3a"``. The text form is canonical (no leading zeros, no
signs), so ``str(HLC.parse(s)) == s`` for every accepted ``s``.

Note: the *text* form does not sort like the clock (``"…:10:…" < "…:9:…"``); compare
parsed :class:`HLC` values or store ``wall_ms``, ``counter`` and ``node`` separately.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_WALL_MS = 2**53 - 1  # largest integer a JavaScript client represents exactly
MAX_COUNTER = 2**31 - 1
DEFAULT_MAX_SKEW_MS = 300_000  # five minutes
_NODE_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_UINT_RE = re.compile(r"0|[1-9][0-9]*")
_NODE_RULE = "1-64 characters of A-Z a-z 0-9 _ . -"


def _show(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def validate_node(node: object) -> str:
    """Return ``node`` if it is a valid node/device id, else raise ``ValueError``."""
    if not isinstance(node, str) or not _NODE_RE.fullmatch(node):
        shown = _show(node) if isinstance(node, str) else type(node).__name__
        raise ValueError(f"node id {shown} must be {_NODE_RULE}")
    return node


@dataclass(frozen=True, order=True, slots=True)
class HLC:
    """One hybrid logical timestamp, ordered by ``(wall_ms, counter, node)``.

    Ties on time are broken by the node (device) id, so two devices never produce
    equal clocks and every replica picks the same winner.
    """

    wall_ms: int
    counter: int
    node: str

    def __post_init__(self) -> None:
        for name, value, top in (
            ("wall_ms", self.wall_ms, MAX_WALL_MS),
            ("counter", self.counter, MAX_COUNTER),
        ):
            if type(value) is not int:
                raise TypeError(f"HLC.{name} must be an int, got {type(value).__name__}")
            if not 0 <= value <= top:
                raise ValueError(f"HLC.{name} {value} is outside 0..{top}")
        validate_node(self.node)

    @classmethod
    def parse(cls, text: object) -> HLC:
        """Parse the wire format ``"<unix ms>:<counter>:<node>"`` strictly.

        The node is everything after the second ``':'`` and must be 1-64 characters of
        ``[A-Za-z0-9_.-]`` (so a ``':'`` inside it is rejected). Raises ``ValueError``
        with a short, readable message for anything else.
        """
        if not isinstance(text, str):
            raise ValueError(f"HLC must be a string, got {type(text).__name__}")
        if len(text) > 120:
            raise ValueError(f"HLC {_show(text)} is too long")
        parts = text.split(":", 2)
        if len(parts) != 3:
            raise ValueError(
                f"HLC {_show(text)} has {len(parts)} part(s); expected '<unix ms>:<counter>:<node>'"
            )
        numbers = []
        checks = (("time", parts[0], MAX_WALL_MS), ("counter", parts[1], MAX_COUNTER))
        for label, part, top in checks:
            if not _UINT_RE.fullmatch(part):
                problem = "has leading zeros" if part.isdigit() and part.isascii() else (
                    "is not a non-negative integer"
                )
                raise ValueError(f"HLC {_show(text)}: {label} {_show(part, 24)} {problem}")
            value = int(part)
            if value > top:
                raise ValueError(f"HLC {_show(text)}: {label} {value} is larger than {top}")
            numbers.append(value)
        node = parts[2]
        if not node:
            raise ValueError(f"HLC {_show(text)}: node id is empty")
        if not _NODE_RE.fullmatch(node):
            raise ValueError(f"HLC {_show(text)}: node id {_show(node, 24)} must be {_NODE_RULE}")
        return cls(numbers[0], numbers[1], node)

    def __str__(self) -> str:
        """Return the canonical wire format."""
        return f"{self.wall_ms}:{self.counter}:{self.node}"


def _system_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """The server's own HLC, implementing the paper's send and receive rules.

    Thread-safe. ``now_ms`` supplies physical time in unix milliseconds (injectable
    for tests). ``last`` resumes from a persisted clock after a restart.

    Feed :meth:`receive` with :func:`clamp_remote` output, not the raw device clock:
    otherwise one phone whose clock runs hours ahead drags this clock (and every
    timestamp the server issues afterwards) into the future.
    """

    def __init__(
        self,
        node: str,
        now_ms: Callable[[], int] = _system_ms,
        *,
        last: HLC | None = None,
    ) -> None:
        self.node = validate_node(node)
        self._now_ms = now_ms
        self._lock = threading.Lock()
        self._wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0
        self._issued = last is not None

    @property
    def last(self) -> HLC | None:
        """The most recent clock issued (or resumed from), for persisting; ``None`` if none."""
        with self._lock:
            return HLC(self._wall, self._counter, self.node) if self._issued else None

    def now(self) -> HLC:
        """Timestamp a local or send event: ``l = max(l, pt)``; bump ``c`` if ``l`` held."""
        with self._lock:
            physical = int(self._now_ms())
            wall = max(self._wall, physical)
            counter = self._counter + 1 if wall == self._wall else 0
            return self._commit(wall, counter)

    def receive(self, remote: HLC) -> HLC:
        """Merge a received clock and timestamp the receive event (paper's rules).

        ``l = max(l_old, l_m, pt)``; ``c`` is ``max(c_old, c_m) + 1`` when both old and
        remote times equal ``l``, ``c_old + 1`` or ``c_m + 1`` when only one does, else 0.
        The result is strictly greater than both the previous clock and ``remote``.
        """
        if not isinstance(remote, HLC):
            raise TypeError(f"remote must be an HLC, got {type(remote).__name__}")
        with self._lock:
            physical = int(self._now_ms())
            old_wall, old_counter = self._wall, self._counter
            wall = max(old_wall, remote.wall_ms, physical)
            if wall == old_wall == remote.wall_ms:
                counter = max(old_counter, remote.counter) + 1
            elif wall == old_wall:
                counter = old_counter + 1
            elif wall == remote.wall_ms:
                counter = remote.counter + 1
            else:
                counter = 0
            return self._commit(wall, counter)

    def _commit(self, wall: int, counter: int) -> HLC:
        if counter > MAX_COUNTER:  # practically unreachable; stays monotonic anyway
            wall, counter = wall + 1, 0
        stamp = HLC(wall, counter, self.node)
        self._wall, self._counter, self._issued = wall, counter, True
        return stamp


@dataclass(frozen=True, slots=True)
class ClampResult:
    """Outcome of :func:`clamp_remote`: the clock to use, the measured skew, and
    whether it was clamped. ``skew_ms`` is remote minus server time (negative = behind)."""

    clock: HLC
    skew_ms: int
    clamped: bool


def clamp_remote(
    remote: HLC, server_now_ms: int, max_skew_ms: int = DEFAULT_MAX_SKEW_MS
) -> ClampResult:
    """Bound how far a device clock may run ahead of the server.

    A device clock more than ``max_skew_ms`` ahead of ``server_now_ms`` is replaced by
    ``server_now_ms`` (keeping its counter and node) and the skew is reported. Why: the
    merge is last-writer-wins by HLC, so a phone set hours ahead would win every
    conflict for hours, including against edits made later by others, its records would
    sit in the future, and passing its clock to :meth:`HybridClock.receive` would push
    the server clock (and all later stamps) forward too. Clocks behind the server are
    kept as they are: a slow clock can only lose conflicts, never steal them, and HLC's
    counter still orders causally later edits correctly; the negative skew is reported
    so HQ can spot phones with wrong clocks.
    """
    if max_skew_ms < 0:
        raise ValueError(f"max_skew_ms must be >= 0, got {max_skew_ms}")
    skew = remote.wall_ms - server_now_ms
    if skew > max_skew_ms:
        return ClampResult(HLC(server_now_ms, remote.counter, remote.node), skew, True)
    return ClampResult(remote, skew, False)
