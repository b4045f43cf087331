"""Small valid PDFs written by hand, standing in for LibreOffice's output where its layout does not matter."""

from __future__ import annotations

from typing import Sequence

A4 = (595, 842)
# A red square in the bottom left corner: a page with colour.
RED_SQUARE = b"1 0 0 rg 0 0 100 100 re f"


def make_pdf(pages: Sequence[tuple[int, int]], contents: Sequence[bytes] = ()) -> bytes:
    """A PDF whose pages have these sizes in points, each drawn by its content stream (none: blank)."""
    streams = list(contents) + [b""] * (len(pages) - len(contents))
    first_page = 3
    kids = " ".join(f"{first_page + 2 * n} 0 R" for n in range(len(pages)))
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", f"<</Type/Pages/Kids[{kids}]/Count {len(pages)}>>".encode()]
    for n, ((width, height), stream) in enumerate(zip(pages, streams)):
        objects.append(
            f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 {width} {height}]/Contents {first_page + 2 * n + 1} 0 R>>".encode()
        )
        objects.append(f"<</Length {len(stream)}>>stream\n".encode() + stream + b"\nendstream")
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj".encode() + body + b"endobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out
