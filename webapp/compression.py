"""Compressed answers (issue 9, item 22): pages, JSON, CSS and JS travel brotli or gzip.

Flask-Compress does the work. Static files come from `send_file` as open-file streams,
which it would compress chunk by chunk (no gzip, no Content-Length, and the file left to
the garbage collector to close); our CSS and JS are small, so they are read into memory
first and compressed like any other body, with the file closed with the response.
"""

from flask import Flask, Response, current_app, request

from .extensions import compress


def buffer_static_text(response: Response) -> Response:
    """Read a whole (200) static text file into the response so it compresses as a body."""
    if (request.endpoint == "static" and response.status_code == 200
            and response.mimetype in current_app.config["COMPRESS_MIMETYPES"]):
        response.direct_passthrough = False
        response.make_sequence()  # keeps the file's close() for the response's close()
    return response


def init_compression(app: Flask) -> None:
    """Flask-Compress, with static text files buffered just before it runs."""
    compress.init_app(app)
    app.after_request(buffer_static_text)  # registered after: Flask runs it before
