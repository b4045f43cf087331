"""Content that runs or fetches something in Office — macros, ActiveX, OLE objects, DDE fields, remote
templates — refused naming the part, or handed to conversion to remove."""

from __future__ import annotations

import pytest

from service.safety import stripping
from service.safety.packages import UnsafePackage
from service.safety.uploads import word_package
from tests.safety.active import REFUSED, REL, STRIPPED, in_body, remote_template, with_relationship
from tests.custom_templates.files import built


@pytest.mark.parametrize("hostile", sorted({**REFUSED, **STRIPPED}))
def test_hostile_content_is_refused_naming_the_part(hostile):
    build, code, part = {**REFUSED, **STRIPPED}[hostile]
    with pytest.raises(UnsafePackage) as refused:
        word_package(build())
    assert (refused.value.code, refused.value.part) == (code, part)
    assert part in refused.value.message


def test_what_conversion_removes_is_handed_to_it_rather_than_refused():
    for build, _, part in STRIPPED.values():
        package, found = word_package(build(), allowed=stripping.STRIPPED)
        assert part in [active.part for active in found] and {a.kind for a in found} <= stripping.STRIPPED


@pytest.mark.parametrize("target", ["file:///C:/Users/an/AppData/Roaming/Microsoft/Templates/Normal.dotm", "Normal.dotm"])
def test_a_template_on_the_authors_own_machine_is_no_remote_link(target):
    assert word_package(
        with_relationship(built(), "word/_rels/settings.xml.rels", REL + "attachedTemplate", target, external=True)
    )


@pytest.mark.parametrize(
    "target",
    [
        "https://example.org/t.dotm",
        "\\\\server\\share\\t.dotm",
        "file://server/t.dotm",
        "//server/t.dotm",
        "ftp://example.org/t.dotm",
    ],
)
def test_templates_on_other_machines_are_remote_links(target):
    with pytest.raises(UnsafePackage) as refused:
        word_package(remote_template(target))
    assert refused.value.code == "remote_template_forbidden" and target[:20] in refused.value.message


def test_a_simple_dde_field_is_refused_and_a_field_naming_dde_in_its_text_is_not():
    with pytest.raises(UnsafePackage) as refused:
        word_package(in_body('<w:p><w:fldSimple w:instr="DDEAUTO cmd /c calc"/></w:p>'))
    assert refused.value.code == "dde_forbidden"
    assert word_package(in_body('<w:p><w:fldSimple w:instr="REF DDEnote"/><w:r><w:t>DDE</w:t></w:r></w:p>'))
