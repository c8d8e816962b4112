"""A small status-machine helper shared by tickets and restock requests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class IllegalTransition(ValueError):
    """A status change the rules refuse; `reason` says why in plain words."""

    def __init__(self, current: str, target: str, reason: str) -> None:
        super().__init__(reason)
        self.current = current
        self.target = target
        self.reason = reason


@dataclass(frozen=True)
class StatusMachine:
    """Allowed moves between string statuses, with specific reasons for common refusals."""

    what: str  # "ticket", "restock request": used in messages
    allowed: Mapping[str, frozenset[str]]
    refusals: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def targets(self, current: str) -> frozenset[str]:
        """The statuses reachable from `current` in one step."""
        return self.allowed.get(str(current), frozenset())

    def check(self, current: str, target: str) -> None:
        """Return silently if `current` → `target` is allowed, else raise IllegalTransition."""
        current, target = str(current), str(target)
        if current not in self.allowed:
            raise IllegalTransition(current, target, f"unknown {self.what} status {current!r}")
        if target not in self.allowed:
            raise IllegalTransition(current, target, f"unknown {self.what} status {target!r}")
        if target in self.allowed[current]:
            return
        if current == target:
            raise IllegalTransition(current, target, f"the {self.what} is already {current}")
        specific = self.refusals.get((current, target))
        if specific:
            raise IllegalTransition(current, target, specific)
        options = sorted(self.allowed[current])
        then = f"it can only go to {' or '.join(options)}" if options else "it is final"
        raise IllegalTransition(
            current, target, f"a {self.what} cannot go from {current} to {target}: {then}"
        )
