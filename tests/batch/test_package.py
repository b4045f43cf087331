"""The batch ZIP's pieces: entries written as they come and read back by zipfile and unzip, ZIP64 beyond
65,535 entries or 4 GiB, names every system can extract, and the manifest."""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import unicodedata
import zipfile

import pytest

from service.batch.package import ManifestLine, ManifestWriter, safe_name
from service.render.package import Entry, ZipWriter, data_start, local_record


def archive(entries: list[tuple[str, bytes]], tmp_path) -> bytes:
    """Entries through a fragment file, as chunks write them, then the ZIP as packaging writes it."""
    fragment, records, offset = tmp_path / "0.zipfrag", [], 0
    for name, data in entries:
        record, entry = local_record(name, data, offset)
        records.append(entry)
        fragment.write_bytes(fragment.read_bytes() + record if fragment.exists() else record)
        offset += len(record)
    stream = io.BytesIO()
    writer = ZipWriter(stream)
    base = writer.copy(fragment)
    writer.finish(entry.moved(base) for entry in records)
    return stream.getvalue()


def test_entries_from_fragments_read_back_as_written(tmp_path):
    entries = [("Đảng bộ xã An Phú/Chi bộ Thôn Đông/Báo cáo.docx", b"PK fake docx"), ("manifest.csv", b"a,b\n")]
    data = archive(entries, tmp_path)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        assert [(info.filename, package.read(info)) for info in package.infolist()] == entries
        assert package.infolist()[0].flag_bits & 0x800  # the name is declared UTF-8
        assert package.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


@pytest.mark.skipif(shutil.which("unzip") is None, reason="Info-ZIP unzip is not installed")
def test_unzip_extracts_the_vietnamese_names(tmp_path):
    name = "Đảng bộ xã An Phú/Chi bộ Thôn Đông/Bản kiểm điểm năm 2026 - Nguyễn Văn An.docx"
    (tmp_path / "a.zip").write_bytes(archive([(name, b"x")], tmp_path))
    result = subprocess.run(
        ["unzip", "-q", str(tmp_path / "a.zip"), "-d", str(tmp_path / "out")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / name).read_bytes() == b"x"


def test_a_stream_of_manifests_is_deflated_without_being_read_whole(tmp_path):
    text = ("dòng của danh mục\n" * 50_000).encode("utf-8")
    (tmp_path / "big.csv").write_bytes(text)
    stream = io.BytesIO()
    writer = ZipWriter(stream)
    entry = writer.add_file("manifest.csv", tmp_path / "big.csv")
    writer.finish([entry])
    with zipfile.ZipFile(stream) as package:
        assert package.read("manifest.csv") == text
        assert package.getinfo("manifest.csv").compress_type == zipfile.ZIP_DEFLATED
    assert entry.compressed_size < len(text) // 10


def test_more_than_65535_entries_make_a_zip64_archive(tmp_path):
    stream = io.BytesIO()
    writer = ZipWriter(stream)
    entries = [writer.add(f"{n}.txt", b"") for n in range(70_000)]
    writer.finish(entries)
    data = stream.getvalue()
    assert b"PK\x06\x06" in data[-200:] and b"PK\x06\x07" in data[-200:]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert len(package.infolist()) == 70_000 and package.read("69999.txt") == b""


def test_an_entry_beyond_4_gib_keeps_its_offset_in_a_zip64_field():
    stream = io.BytesIO()
    writer = ZipWriter(stream)
    far = Entry("far.docx", 0, 0, 0, 0, 5 << 30)
    writer.finish([far])
    directory = stream.getvalue()
    (offset,) = struct.unpack_from("<I", directory, 42)
    extra_length = struct.unpack_from("<H", directory, 30)[0]
    assert offset == 0xFFFFFFFF and extra_length == 12
    tag, size, real = struct.unpack_from("<HHQ", directory, 46 + len("far.docx"))
    assert (tag, size, real) == (1, 8, 5 << 30)
    assert b"PK\x06\x06" not in directory  # the directory itself starts at 0: the end record needs no ZIP64


def test_data_start_finds_a_member_s_bytes_in_its_fragment():
    record, entry = local_record("Tập in - Chi bộ.docx", b"BOOK", 100)
    assert record[data_start(entry) - 100 :] == b"BOOK"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Chi bộ Khu phố 3/5: Nam", "Chi bộ Khu phố 3 5 Nam"),
        ('Bản "kiểm điểm" <mới>?*|', "Bản kiểm điểm mới"),
        ("  ..Chi bộ.  ", "Chi bộ"),
        ("CON", "_CON"),
        ("lpt1", "_lpt1"),
        ("", "_"),
        ("\x00\x1f", "_"),
        ("Tho\u0302n Đông", "Thôn Đông"),
    ],
)
def test_safe_names_extract_everywhere(text, expected):
    assert safe_name(text) == expected


def test_safe_names_keep_their_extension_when_cut_short():
    name = safe_name("Bản kiểm điểm năm 2026 - " + "Nguyễn " * 40, ".docx", max_length=60)
    assert len(name) <= 60 and name.endswith(" Nguyễn.docx") and name == unicodedata.normalize("NFC", name)


def test_the_manifests_list_every_line_in_both_forms(tmp_path):
    manifest = ManifestWriter(tmp_path, {"year": 2026, "regime": "qd366-2025"})
    manifest.add(
        ManifestLine(
            "a/b.docx",
            "ban-kiem-diem-ca-nhan",
            "Bản kiểm điểm",
            "Nguyễn Thị Hương (1980)",
            "2B",
            "ab" * 32,
            100,
            "done",
            None,
            True,
            ("Điểm thấp hơn khung.", "Kiểm tra lại."),
        )
    )
    manifest.add(ManifestLine(None, "phieu-xep-loai", "Phiếu", None, None, None, None, "failed", "Số phiếu: lỗi."))
    manifest.add_cell("a", ["Có hai Bí thư."])
    manifest.close()
    lines = manifest.csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ("Đường dẫn,Loại văn bản,Đảng viên,Mẫu,SHA-256,Kích thước (byte),Trạng thái,Lý do lỗi,Cảnh báo")
    assert lines[1] == (
        f"a/b.docx,Bản kiểm điểm,Nguyễn Thị Hương (1980),2B (đoán),{'ab' * 32},100,đã tạo,,"
        "Điểm thấp hơn khung.; Kiểm tra lại."
    )
    assert lines[2] == ",Phiếu,,,,,lỗi,Số phiếu: lỗi.,"
    document = json.loads(manifest.json_path.read_text(encoding="utf-8"))
    assert document["year"] == 2026 and [d["status"] for d in document["documents"]] == ["done", "failed"]
    assert document["documents"][0]["sha256"] == "ab" * 32
    assert (document["documents"][0]["form_guessed"], document["documents"][1]["form_guessed"]) == (True, None)
    assert document["documents"][0]["warnings"] == ["Điểm thấp hơn khung.", "Kiểm tra lại."]
    assert document["cells"] == [{"folder": "a", "warnings": ["Có hai Bí thư."]}]
