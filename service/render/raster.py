"""The pages of a PDF as PNG images, in this process, with PDFium (pypdfium2).

One page of the monthly minutes at 100 dpi takes ~5-20 ms to draw and ~15 ms to
encode, where spawning pdftoppm for the whole document took ~0.3 s before its
first page; so a page is drawn when it is first asked for, page 1 first. PDFium
is not safe to call from two threads at once: every call holds one lock (the
pages of one request are drawn one after another anyway).

A page without colour, as the Party's documents are, is written as an 8-bit
grey PNG: a third of the data to compress, half the file of pdftoppm's RGB.
"""

from __future__ import annotations

import math
import struct
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import pypdfium2

POINTS_PER_INCH = 72
# zlib's default: each level above it costs more time than the bytes it saves on a page of text.
PNG_COMPRESSION = 6
_PDFIUM = threading.Lock()


class UnreadablePdf(ValueError):
    """PDFium could not open the PDF or draw the page asked for."""


@dataclass(frozen=True)
class PageSize:
    width: int  # pixels at the resolution asked for
    height: int


def page_sizes(pdf: bytes, dpi: int) -> list[PageSize]:
    """The size in pixels of every page at `dpi`, first page first."""
    scale = dpi / POINTS_PER_INCH
    with _PDFIUM, _opened(pdf) as document:
        sizes = []
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
            finally:
                page.close()
            # Rounded up, as PDFium sizes the bitmap it draws.
            sizes.append(PageSize(math.ceil(width * scale), math.ceil(height * scale)))
        return sizes


def page_png(pdf: bytes, number: int, dpi: int) -> bytes:
    """Page `number` (from 1) drawn at `dpi` as a PNG."""
    with _PDFIUM, _opened(pdf) as document:
        if not 1 <= number <= len(document):
            raise UnreadablePdf(f"the PDF has no page {number}")
        page = document[number - 1]
        try:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            pixels = bytes(bitmap.buffer)
        finally:
            page.close()
    return encode_png(width, height, stride, pixels)


def encode_png(width: int, height: int, stride: int, rgb: bytes) -> bytes:
    """An RGB image (rows `stride` bytes apart) as a PNG: 8-bit grey when every pixel is grey."""
    rows = [rgb[y * stride : y * stride + width * 3] for y in range(height)]
    packed = b"".join(rows)
    grey = packed[0::3]
    if grey == packed[1::3] == packed[2::3]:
        rows, colour_type = [grey[y * width : (y + 1) * width] for y in range(height)], 0
    else:
        colour_type = 2
    # Each row starts with its filter type: 0, none (zlib finds the long runs of white alone).
    data = zlib.compress(b"".join(b"\0" + row for row in rows), PNG_COMPRESSION)
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@contextmanager
def _opened(pdf: bytes) -> Iterator[pypdfium2.PdfDocument]:
    """A PDFium document for the length of a `with` block; PDFium's errors as UnreadablePdf."""
    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        raise UnreadablePdf(str(error)) from None
    try:
        yield document
    except pypdfium2.PdfiumError as error:
        raise UnreadablePdf(str(error)) from None
    finally:
        document.close()
