"""What the store refuses, with the HTTP status a door should answer and a Vietnamese message."""

from __future__ import annotations


class StoreError(Exception):
    status = 422

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class Forbidden(StoreError):
    """The caller reaches the record but this act belongs to a level above it."""

    status = 403


class NotFound(StoreError):
    status = 404


class Conflict(StoreError):
    status = 409
