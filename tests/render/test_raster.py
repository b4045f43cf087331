"""Pages drawn in this process: how many, their sizes, valid PNGs (grey or colour), from any thread.

The PNGs are read back by a decoder written here from the PNG specification, and the page
counts of LibreOffice's PDFs are checked against poppler's pdfinfo: neither shares code with
what draws them.
"""

from __future__ import annotations

import json
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from service import pipeline
from service.render import raster
from service.render.pdf import PdfPool, pdf_page_count
from service.render.soffice import find_soffice
from tests.conftest import SAMPLES
from tests.render.pdfs import A4, RED_SQUARE, make_pdf

A5_LANDSCAPE = (595, 420)


def decode_png(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """Width, height, colour type and the rows of pixels (without their filter byte) of an 8-bit PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = {}, 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        assert struct.unpack(">I", data[position + 8 + length : position + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        position += 12 + length
    width, height, depth, colour, _, _, _ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert depth == 8 and b"IEND" in chunks
    row = 1 + width * {0: 1, 2: 3}[colour]
    pixels = zlib.decompress(chunks[b"IDAT"])
    assert len(pixels) == height * row
    rows = [pixels[y * row : (y + 1) * row] for y in range(height)]
    assert all(r[0] == 0 for r in rows)  # filter type none
    return width, height, colour, [r[1:] for r in rows]


def test_every_page_is_counted_and_sized_at_the_resolution_asked():
    document = make_pdf([A4, A5_LANDSCAPE, A4])
    assert raster.page_sizes(document, 72) == [
        raster.PageSize(595, 842),
        raster.PageSize(595, 420),
        raster.PageSize(595, 842),
    ]
    assert raster.page_sizes(document, 100) == [
        raster.PageSize(827, 1170),
        raster.PageSize(827, 584),
        raster.PageSize(827, 1170),
    ]


def test_a_page_is_a_png_of_its_size():
    document = make_pdf([A4, A5_LANDSCAPE])
    for number, size in enumerate(raster.page_sizes(document, 100), start=1):
        width, height, _, _ = decode_png(raster.page_png(document, number, 100))
        assert (width, height) == (size.width, size.height)


def test_a_page_without_colour_is_a_grey_png_and_a_page_with_colour_an_rgb_one():
    document = make_pdf([A4, A4], [b"", RED_SQUARE])
    width, height, colour, rows = decode_png(raster.page_png(document, 1, 50))
    assert colour == 0 and set(b"".join(rows)) == {255}  # a blank page is white
    width, height, colour, rows = decode_png(raster.page_png(document, 2, 72))
    assert colour == 2
    assert rows[0][:3] == b"\xff\xff\xff" and rows[-1][:3] == b"\xff\x00\x00"  # white at the top, red below


@pytest.mark.parametrize("number", [0, 3])
def test_a_page_that_is_not_there_is_refused(number):
    with pytest.raises(raster.UnreadablePdf):
        raster.page_png(make_pdf([A4, A4]), number, 100)


@pytest.mark.parametrize("content", [b"", b"not a pdf", make_pdf([A4])[:200]])
def test_what_is_not_a_pdf_is_refused(content):
    with pytest.raises(raster.UnreadablePdf):
        raster.page_sizes(content, 100)


def test_pages_drawn_from_many_threads_are_the_pages_drawn_one_by_one():
    document = make_pdf([A4] * 4, [RED_SQUARE, b"", RED_SQUARE, b""])
    alone = [raster.page_png(document, n, 60) for n in range(1, 5)]
    with ThreadPoolExecutor(8) as threads:
        together = list(threads.map(lambda n: raster.page_png(document, n % 4 + 1, 60), range(32)))
    assert together == [alone[n % 4] for n in range(32)]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffices_pages_are_counted_as_poppler_counts_them():
    meeting = json.loads((SAMPLES / "monthly-meeting.json").read_text(encoding="utf-8"))
    pool = PdfPool(find_soffice(), converters=1)
    try:
        document = pool.convert(pipeline.produce("bien-ban-thuong-ky", meeting).content)
    finally:
        pool.stop()
    sizes = raster.page_sizes(document, 100)
    assert len(sizes) == pdf_page_count(document) > 1
    assert set(sizes) == {raster.PageSize(827, 1170)}  # A4 portrait
    width, height, colour, rows = decode_png(raster.page_png(document, 1, 100))
    assert (width, height, colour) == (827, 1170, 0) and min(b"".join(rows)) < 64  # black text on white
