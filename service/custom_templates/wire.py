"""How the service and a template worker talk over the worker's standard input and output.

A message is a JSON header and a binary payload (a template or a document),
each preceded by its length in four bytes. JSON, not pickle, in both
directions: whatever a template managed to do inside a worker, an answer can
only ever be data to the service.
"""

from __future__ import annotations

import json
import struct
from typing import Any, BinaryIO

LENGTH = struct.Struct(">I")


class WireError(Exception):
    """The other side sent something that is not a message, or went away."""


def encode(header: dict[str, Any], payload: bytes = b"") -> bytes:
    data = json.dumps(header, ensure_ascii=False).encode("utf-8")
    return LENGTH.pack(len(data)) + data + LENGTH.pack(len(payload)) + payload


def decode_header(data: bytes) -> dict[str, Any]:
    try:
        header = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise WireError("a header that is not JSON") from None
    if not isinstance(header, dict):
        raise WireError("a header that is not a JSON object")
    return header


def read_message(stream: BinaryIO) -> tuple[dict[str, Any], bytes]:
    """A whole message from a blocking stream (the worker's side)."""
    header = decode_header(_read(stream, _length(stream)))
    return header, _read(stream, _length(stream))


def _length(stream: BinaryIO) -> int:
    return LENGTH.unpack(_read(stream, LENGTH.size))[0]


def _read(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise WireError("the stream ended inside a message")
    return data
