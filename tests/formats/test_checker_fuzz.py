"""The checker never crashes on a DOCX, whatever wrote it: what it cannot read is a "không kiểm tra được"
finding or, for a file that is no DOCX at all, a refusal (CannotCheck) — never another exception.

Hypothesis mutates the packages of documents other programs write (tests/formats/third_party.py): elements
deleted, duplicated, moved, attributes set to nonsense, parts removed. Each mutant is checked on its text and
against a printed page that does not match it (the original's PDF), so the rendered checks meet structures
they did not expect; a few mutants are also printed through LibreOffice for real.
"""

from __future__ import annotations

import copy
import functools
import io
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from service.formats.checker import CannotCheck, Printout, Report, check_docx, check_many
from service.render.package import write_package
from service.render.pdf import ConversionFailed, PdfPool
from service.render.soffice import find_soffice
from tests.formats.third_party import seeds

SOFFICE = find_soffice()
NONSENSE = ("-1", "0", "99999999999", "abc", "", "auto", "1.5", "nil", "💥", "true", "-2147483649")
PARTS = (
    "word/styles.xml",
    "word/settings.xml",
    "word/_rels/document.xml.rels",
    "word/theme/theme1.xml",
    "word/header1.xml",
    "word/numbering.xml",
    "docProps/core.xml",
)


@functools.cache
def _seeds() -> dict[str, bytes]:
    return seeds()


@functools.cache
def _printouts() -> dict[str, Printout]:
    """The seeds printed once: a mutant is checked against its original's pages."""
    if SOFFICE is None:
        return {}
    names, contents = zip(*_seeds().items())
    pool = PdfPool(SOFFICE, converters=2, queue_size=len(contents))
    try:
        return {name: _printout(future) for name, future in zip(names, pool.submit(list(contents)))}
    finally:
        pool.stop()


def _printout(future) -> Printout:
    try:
        return Printout(pdf=future.result())
    except ConversionFailed as failed:
        return Printout(problem=str(failed))


def _members(content: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return [(name, package.read(name)) for name in package.namelist()]


def mutate(content: bytes, rng: random.Random, steps: int) -> bytes:
    members = dict(_members(content))
    for _ in range(steps):
        if rng.random() < 0.1:
            members.pop(rng.choice(PARTS), None)
            continue
        name = rng.choice([n for n in members if n.endswith(".xml")] or ["word/document.xml"])
        if name not in members:
            continue
        try:
            root = etree.fromstring(members[name])
        except etree.XMLSyntaxError:
            continue
        _mutate_tree(root, rng)
        members[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write_package(list(members.items()))


def _mutate_tree(root: etree._Element, rng: random.Random) -> None:
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    target = rng.choice(elements)
    action = rng.randrange(5)
    if action == 0 and target is not root:
        target.getparent().remove(target)
    elif action == 1 and target is not root:
        target.addnext(copy.deepcopy(target))
    elif action == 2 and target is not root:
        destination = rng.choice(elements)
        if destination is not target and target not in destination.iterancestors():
            destination.append(target)
    elif action == 3:
        attributes = list(target.attrib) or [f"{{{etree.QName(target).namespace or ''}}}val".replace("{}", "")]
        target.set(rng.choice(attributes), rng.choice(NONSENSE))
    else:
        texts = [e for e in elements if etree.QName(e).localname == "t"]
        if texts:
            rng.choice(texts).text = rng.choice(
                (
                    "",
                    " ",
                    "..,,;;",
                    "- - -",
                    "17/18 đồng chí, đạt 999,99%",
                    "ngày 31 tháng 02 năm 2026",
                    "Số: 5/NQ-CB",
                    "Nơi nhận:",
                )
            )


def _judged(result) -> None:
    assert isinstance(result, (Report, CannotCheck))
    if isinstance(result, Report):
        result.as_dict()
        result.text()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed_name=st.sampled_from(("word", "google", "generated", "book")),
    rng_seed=st.integers(0, 2**32),
    steps=st.integers(1, 12),
)
def test_mutated_packages_never_crash_the_checker(seed_name, rng_seed, steps):
    content = mutate(_seeds()[seed_name], random.Random(rng_seed), steps)
    for printout in (None, _printouts().get(seed_name)):
        try:
            result = check_docx(content, printout=printout)
        except CannotCheck as cannot:
            result = cannot
        _judged(result)


@pytest.mark.parametrize("name", ["word", "google", "generated", "book", "libreoffice"])
def test_documents_other_programs_write_are_judged(name):
    if name not in _seeds():
        pytest.skip("LibreOffice is not installed")
    report = check_docx(_seeds()[name], printout=_printouts().get(name))
    _judged(report)
    assert report.rendered == (SOFFICE is not None)
    if name == "word":
        codes = {n.code for n in report.not_judged}
        assert {"textboxes", "sections"} <= codes


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_mutants_printed_for_real_are_judged():
    rng = random.Random(17)
    mutants = [mutate(_seeds()[name], rng, rng.randint(1, 8)) for name in ("word", "google", "generated") * 3]
    pool = PdfPool(SOFFICE, converters=2, queue_size=len(mutants), timeout=120)
    try:
        results = check_many(mutants, None, pool)
    finally:
        pool.stop()
    for result in results:
        _judged(result)


def test_a_pdf_that_is_no_pdf_is_not_judged():
    report = check_docx(_seeds()["generated"], printout=Printout(pdf=b"%PDF-1.4 broken"))
    assert not report.rendered and [n.code for n in report.not_judged] == ["rendered_unavailable"]
