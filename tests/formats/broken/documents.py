"""Generated documents of every kind × profile, and the XML surgery the faults are made with."""

from __future__ import annotations

import functools
import io
import json
import zipfile
from typing import Callable

from lxml import etree

from service import pipeline
from service.formats.ooxml import W_NS
from service.kinds import all_kinds, get_kind
from service.render.package import write_package
from tests.conftest import SAMPLES

NS = {"w": W_NS}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def sample(kind_id: str) -> dict:
    return json.loads((SAMPLES / get_kind(kind_id).sample).read_text(encoding="utf-8"))


@functools.cache
def generated(kind_id: str, profile_id: str, **changes) -> bytes:
    """The kind's sample rendered with the profile; `changes` replace top-level or meeting fields."""
    data = sample(kind_id)
    for key, value in changes.items():
        if key in data.get("meeting", {}):
            data["meeting"][key] = value
        else:
            data[key] = value
    return pipeline.produce(kind_id, data, profile_id=profile_id).content


def every_generated() -> list[tuple[str, str]]:
    from service.formats.profiles import all_profiles

    return [(kind.id, profile.id) for kind in all_kinds() for profile in all_profiles()]


def edit(content: bytes, part: str, change: Callable[[etree._Element], None]) -> bytes:
    """The package with one XML part changed in place; every other part is kept as it was."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        members = [(name, package.read(name)) for name in package.namelist()]
    edited = []
    for name, data in members:
        if name == part:
            root = etree.fromstring(data)
            change(root)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        edited.append((name, data))
    return write_package(edited)


def text_of(paragraph: etree._Element) -> str:
    """The paragraph's text as read: the non-breaking spaces that keep names and years together read as spaces."""
    return "".join(t.text or "" for t in paragraph.iter(w("t"))).replace("\u00a0", " ")


def paragraph(root: etree._Element, text: str) -> etree._Element:
    """The first paragraph whose text starts with `text`."""
    return next(p for p in root.iter(w("p")) if text_of(p).startswith(text))


def set_text(element: etree._Element, text: str) -> None:
    texts = list(element.iter(w("t")))
    texts[0].text = text
    for extra in texts[1:]:
        extra.text = ""


def run_property(paragraph_element: etree._Element, tag: str, **attributes: str) -> None:
    """Set a property on every run of the paragraph, replacing one it already has."""
    for run in paragraph_element.iter(w("r")):
        props = run.find(w("rPr"))
        if props is None:
            props = etree.SubElement(run, w("rPr"))
            run.insert(0, props)
        for old in props.findall(w(tag)):
            props.remove(old)
        element = etree.SubElement(props, w(tag))
        for key, value in attributes.items():
            element.set(w(key), value)


def remove_properties(paragraph_element: etree._Element, *tags: str) -> None:
    for tag in tags:
        for element in paragraph_element.iter(w(tag)):
            element.getparent().remove(element)


def body_paragraphs(root: etree._Element) -> list[etree._Element]:
    """Body paragraphs as the builder makes them: the ones with exact line spacing."""
    return [p for p in root.iter(w("p")) if p.find("w:pPr/w:spacing[@w:lineRule='exact']", NS) is not None]
