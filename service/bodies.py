"""Request bodies: one limit on what any request may send, held whether or not the body declares its length.

A body with Content-Length over the limit is refused (413) before it is read, by Werkzeug. A body sent
chunked (Transfer-Encoding: chunked, whose length nobody knows in advance) is counted while it is read, and
Werkzeug's count stops at the limit without a word when the body is read whole: POST /documents/verify of a
3.9 MB chunked body answered 200 with the hash of its first 2 MiB. Here reading past the limit is 413
however the body is read (whole, by the form parser, in pieces), under the development server and gunicorn
alike — both mark such bodies as ended by the server (wsgi.input_terminated), which is what makes them
readable at all.

The limit is MAX_CONTENT_LENGTH, or what a view sets as request.max_content_length before it reads the body
(a batch's roster).
"""

from __future__ import annotations

from typing import IO

from flask import Flask, Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream, get_content_length, get_input_stream


class _Capped(LimitedStream):
    """Werkzeug's stream for a body the server ends, which says 413 also when it is read whole, and not when
    the body ends exactly at the limit."""

    def __init__(self, source: IO[bytes], limit: int):
        super().__init__(source, limit, is_max=True)
        self._source = source

    def on_exhausted(self) -> None:
        if self._source.read(1):
            raise RequestEntityTooLarge()

    def readall(self) -> bytes:
        data = super().readall()
        if self.is_exhausted:
            self.on_exhausted()
        return data


class LimitedRequest(Request):
    @cached_property
    def stream(self) -> IO[bytes]:
        limit = self.max_content_length
        if limit is None or "wsgi.input_terminated" not in self.environ:
            return get_input_stream(self.environ, max_content_length=limit)
        length = get_content_length(self.environ)
        if length is not None and length > limit:
            raise RequestEntityTooLarge()
        return _Capped(self.environ["wsgi.input"], limit)


def init_app(app: Flask) -> None:
    app.request_class = LimitedRequest
