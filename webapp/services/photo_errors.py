"""The one error type of photo uploads (plain Python: the views turn it into JSON)."""


class PhotoError(ValueError):
    """An upload that cannot be accepted.

    `status` is the HTTP status to answer; `received` (when known) is how many bytes
    of the photo the server holds, so the phone resumes there; `code` names the
    reason for callers that show it to a person in their language.
    """

    def __init__(self, message: str, status: int = 400, received: int | None = None,
                 code: str = "refused", **params):
        super().__init__(message)
        self.status = status
        self.received = received
        self.code = code
        self.params = params
