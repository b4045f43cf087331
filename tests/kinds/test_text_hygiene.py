"""Text as typed never spoils the printed page, in every kind: a closing mark typed by the person is not doubled
by the template's, and a line break typed inside a value never becomes a manual break in a justified paragraph
(which stretches the line before it across the width)."""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

import pytest

from service import pipeline
from service.findings import InputInvalid
from service.formats.ooxml import W_NS
from service.kinds import all_kinds
from tests.helpers import docx_text, part_xml
from tests.kinds.findings import sample

KINDS = [kind.id for kind in all_kinds()]
# Two closing marks in a row, as a reader would see them ("Cục..", "Cục.;"); "./." is HD 36's body closing mark.
DOUBLED = re.compile(r"(?<!\./)[.,;:] ?[.,;:](?!/)")
W = f"{{{W_NS}}}"


def _strings(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, (*path, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _strings(item, (*path, index))]
    return [path] if isinstance(value, str) else []


def _set(data: Any, path: tuple, value: str) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _pointer_path(pointer: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in pointer.strip("/").split("/"))


def mutated(kind: str, change: Callable[[str], str]) -> dict:
    """The kind's sample with every free-text value changed; values the model refuses so changed (codes, dates,
    times, choices) are put back, so that only text a person types is tested."""
    original = sample(next(k for k in all_kinds() if k.id == kind).sample)
    data = copy.deepcopy(original)
    for path in _strings(data):
        _set(data, path, change(_get(data, path)))
    for _ in range(20):
        try:
            pipeline.check(kind, data)
            return data
        except InputInvalid as invalid:
            restored = False
            for error in invalid.errors:
                path = _pointer_path(error.pointer)
                while path:
                    try:
                        value = _get(original, path)
                    except (KeyError, IndexError, TypeError):
                        path = path[:-1]
                        continue
                    if _get(data, path) != value:
                        _set(data, path, copy.deepcopy(value))
                        restored = True
                    break
            if not restored:
                raise
    raise AssertionError("the input did not settle")


def _closed(value: str) -> str:
    """The value as typed with a full stop: the samples' values that have one keep it, the others get one."""
    return value if value.endswith((".", "?", "!", "…", ";", ":", ",")) else value + "."


@pytest.mark.parametrize("kind", KINDS)
def test_a_closing_mark_typed_with_a_value_is_not_doubled(kind):
    text = docx_text(pipeline.produce(kind, mutated(kind, _closed)).content)
    doubled = [line for line in text.split("\n") if DOUBLED.search(line)]
    assert doubled == []


@pytest.mark.parametrize("kind", KINDS)
def test_no_manual_line_break_in_a_justified_paragraph(kind):
    def broken(value: str) -> str:
        words = value.split(" ")
        return " ".join(words[:1]) + ("\n" + " ".join(words[1:]) if len(words) > 1 else "")

    document = part_xml(pipeline.produce(kind, mutated(kind, broken)).content)
    stretched = []
    for paragraph in document.iter(f"{W}p"):
        justified = paragraph.find(f"{W}pPr/{W}jc[@{W}val='both']") is not None
        breaks = [b for b in paragraph.iter(f"{W}br") if b.get(f"{W}type") in (None, "textWrapping")]
        if justified and breaks:
            stretched.append("".join(paragraph.itertext()))
    assert stretched == []


def test_the_checks_can_fail():
    assert DOUBLED.search("Hội trường Cục..") and DOUBLED.search("Đảng ủy xã;.") and DOUBLED.search("xong. ;")
    assert not DOUBLED.search("đạt 88,89%./.") and not DOUBLED.search("6,2 tấn/ha; 3,5")
