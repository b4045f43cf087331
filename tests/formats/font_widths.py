"""The advance widths shipped in service/formats/data/times-widths.json, measured from Liberation Serif (metric-
compatible with Times New Roman, the font every profile prints in). Run `python -m tests.formats.font_widths`
to write the table again after changing the characters it covers; tests/formats/test_text_width.py checks that
the table agrees with the fonts installed."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from service.formats.text_width import WIDTHS_FILE

FONTS = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf"}
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"))
# Printable ASCII, the non-breaking space, typographic quotes and dashes, and every Vietnamese letter.
EXTRA = "\u00a0“”‘’–—…•"
VIETNAMESE = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư" + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))


def characters() -> str:
    return "".join(chr(c) for c in range(0x20, 0x7F)) + EXTRA + VIETNAMESE


def font_path(style: str) -> Path | None:
    return next((folder / FONTS[style] for folder in FONT_DIRS if (folder / FONTS[style]).is_file()), None)


def measure() -> dict:
    from fontTools.ttLib import TTFont

    table = {}
    for style in FONTS:
        font = TTFont(str(font_path(style)))
        cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
        table["units_per_em"] = font["head"].unitsPerEm
        table[style] = {
            char: metrics[cmap[ord(char)]][0]
            for char in characters()
            if ord(char) in cmap and unicodedata.category(char) != "Mn"
        }
    return table


if __name__ == "__main__":
    WIDTHS_FILE.write_text(json.dumps(measure(), ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(WIDTHS_FILE)
