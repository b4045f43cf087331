"""The zip layer: reproducible output and untouched copies of stored members."""

import io
import zipfile

from hypothesis import given, strategies as st

from service.render.package import (
    FIXED_DATE_TIME,
    pack,
    read_members,
    unpack,
    write_members,
    write_package,
)


def zipfile_reference(members):
    """write_package as it was first built on zipfile; its bytes must not change."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return buffer.getvalue()


names = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x1EF9, exclude_characters="\\"), min_size=1, max_size=20)


@given(st.lists(st.tuples(names, st.binary(max_size=3000)), max_size=6, unique_by=lambda m: m[0]))
def test_write_package_keeps_the_zipfile_bytes(members):
    assert write_package(members) == zipfile_reference(members)


def test_members_round_trip_with_payloads_untouched():
    stored = zipfile_reference([("a.xml", b"<a/>" * 100), ("word/media/x.bin", bytes(range(256)))])
    members = read_members(stored)
    assert [m.name for m in members] == ["a.xml", "word/media/x.bin"]
    assert unpack(members[0]) == b"<a/>" * 100
    rewritten = write_members(members)
    assert rewritten == stored
    assert read_members(rewritten) == members


def test_stored_members_are_copied_stored():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("x.txt", b"plain")
    (member,) = read_members(buffer.getvalue())
    assert member.method == zipfile.ZIP_STORED and member.payload == b"plain"
    with zipfile.ZipFile(io.BytesIO(write_members([member]))) as archive:
        assert archive.read("x.txt") == b"plain"
        assert archive.testzip() is None


def test_pack_is_deterministic():
    assert pack("a", b"x" * 1000) == pack("a", b"x" * 1000)
