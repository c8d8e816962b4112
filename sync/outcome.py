"""The fate of one pushed record, as the server answers it."""

from dataclasses import dataclass, field
from typing import Any


class Rejection(Exception):
    """A record failed validation or authorisation; its message is shown to people."""


@dataclass
class Outcome:
    """One record's result: applied, duplicate, conflict or rejected (+ details)."""

    record_id: str | None
    status: str
    error: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The result object of the push response (the protocol's fixed fields first)."""
        body: dict[str, Any] = {"id": self.record_id, "status": self.status}
        if self.error:
            body["error"] = self.error
        body.update(self.details)
        return body
