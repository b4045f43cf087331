"""How wide a line prints in Times New Roman, from the font's advance widths (measured on Liberation Serif, its
metric twin; tests/formats/font_widths.py writes the table), so that a layout can choose its own line breaks
instead of leaving them to the word processor: the header balances an organization's name over its lines.

Kerning and the renderer's rounding are not modelled: callers keep a margin below the width they fill.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import unicodedata
from pathlib import Path

WIDTHS_FILE = Path(__file__).with_name("data") / "times-widths.json"
POINTS_PER_MM = 72 / 25.4


@functools.cache
def _table() -> dict:
    return json.loads(WIDTHS_FILE.read_text(encoding="utf-8"))


def _advance(char: str, widths: dict[str, int]) -> int:
    if char in widths:
        return widths[char]
    # A letter the table lacks is as wide as its base letter; anything else counts as the widest glyph, so that
    # a line never turns out longer than measured.
    base = unicodedata.normalize("NFD", char)[:1]
    return widths.get(base) or max(widths.values())


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    table = _table()
    widths = table["bold" if bold else "regular"]
    units = sum(_advance(char, widths) for char in text if unicodedata.category(char) != "Mn")
    return units / table["units_per_em"] * size_pt / POINTS_PER_MM


# Beyond this many ways to place the breaks, the lines are only made as short as can be (names that long do not
# occur: it takes some twenty word groups).
MAX_LAYOUTS = 20_000


def balanced_lines(groups: list[str], width_mm: float, size_pt: float, *, bold: bool = False) -> list[list[str]]:
    """The groups of words on the fewest lines no wider than `width_mm`, in the most even shape: the smallest
    change of length from one line to the next (a centred name reads as a block or a pyramid, never with a short
    line pinched between two long ones), then the shortest widest line. A group wider than the width gets a line
    of its own."""
    width = functools.lru_cache(maxsize=None)(
        lambda start, end: text_width_mm(" ".join(groups[start:end]), size_pt, bold=bold)
    )
    count = len(groups)
    fits = lambda start, end: end - start == 1 or width(start, end) <= width_mm  # noqa: E731
    lines = _fewest_lines(count, fits)
    if math.comb(max(count - 1, 0), lines - 1) > MAX_LAYOUTS:
        return _shortest_widest(groups, count, fits, width)
    best, chosen = None, None
    for breaks in itertools.combinations(range(1, count), lines - 1):
        bounds = list(zip((0, *breaks), (*breaks, count)))
        if not all(fits(start, end) for start, end in bounds):
            continue
        widths = [width(start, end) for start, end in bounds]
        score = (sum(abs(a - b) for a, b in zip(widths, widths[1:])), max(widths))
        if best is None or score < best:
            best, chosen = score, bounds
    return [groups[start:end] for start, end in chosen]


def _fewest_lines(count: int, fits) -> int:
    """Filling each line as far as it goes never needs more lines than any other way."""
    lines, start = 0, 0
    while start < count:
        end = start + 1
        while end < count and fits(start, end + 1):
            end += 1
        lines, start = lines + 1, end
    return lines


def _shortest_widest(groups: list[str], count: int, fits, width) -> list[list[str]]:
    # best[end] = (lines, widest line, where the last line starts) for the first `end` groups.
    best: list[tuple[int, float, int]] = [(0, 0.0, 0)]
    for end in range(1, count + 1):
        best.append(
            min(
                (best[start][0] + 1, max(best[start][1], width(start, end)), start)
                for start in range(end)
                if fits(start, end)
            )
        )
    result, end = [], count
    while end:
        start = best[end][2]
        result.insert(0, groups[start:end])
        end = start
    return result
