"""Why an HQ action cannot be done: a stable reason code the pages translate."""


class ActionRefused(ValueError):
    """An HQ action that cannot be done. `reason` is a stable code the pages translate;
    `detail` is an English explanation (e.g. the failing field)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def required_reason(reason: str | None, limit: int) -> str:
    """The stripped reason an HQ refusal or discard must give, cut to `limit` characters."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("reason_required")
    return reason[:limit]
