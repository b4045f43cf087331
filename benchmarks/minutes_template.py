"""A representative two-page minutes template and generated meeting records.

Shaped like the project's builder output (a minimal package with a PAGE
field in the header) and like a cell's monthly minutes: a heading table,
about fifteen paragraphs of fields, {%p for %} loops over speeches and
members, and a {%tr %} table of attendees to sign.
"""

from __future__ import annotations

import random
from xml.sax.saxutils import escape

from service.render.package import write_package

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_FONT = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/>'


def _p(text: str, *, bold: bool = False, center: bool = False, indent: bool = False) -> str:
    ppr = (
        ('<w:jc w:val="center"/>' if center else '<w:jc w:val="both"/>')
        + ('<w:ind w:firstLine="567"/>' if indent else "")
        + '<w:spacing w:before="60" w:after="60"/>'
    )
    rpr = _FONT + ("<w:b/>" if bold else "")
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _cell(width: int, *paragraphs: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{"".join(paragraphs)}</w:tc>'


def _table(widths: list[int], rows: list[list[str]], borders: bool) -> str:
    border = "single" if borders else "nil"
    sides = "".join(
        f'<w:{side} w:val="{border}" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join("<w:tr>" + "".join(_cell(w, c) for w, c in zip(widths, row)) + "</w:tr>" for row in rows)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblBorders>{sides}</w:tblBorders>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )


def _body() -> str:
    heading = _table(
        [4500, 4854],
        [
            [
                _p("ĐẢNG BỘ {{ org.upper }}", center=True)
                + _p("CHI BỘ {{ org.name }}", bold=True, center=True)
                + _p("*", center=True)
                + _p("Số {{ number }}-BB/CB", center=True),
                _p("ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, center=True)
                + _p("{{ org.place }}, ngày {{ day.day }} tháng {{ day.month }} năm {{ day.year }}", center=True),
            ]
        ],
        borders=False,
    )
    attendees = _table(
        [800, 3800, 2900, 1854],
        [
            [_p("STT", bold=True), _p("Họ và tên", bold=True), _p("Chức vụ", bold=True), _p("Ký tên", bold=True)],
            [_p("{%tr for m in members %}"), _p(""), _p(""), _p("")],
            [_p("{{ loop.index }}"), _p("{{ m.name }}"), _p("{{ m.role }}"), _p("")],
            [_p("{%tr endfor %}"), _p(""), _p(""), _p("")],
        ],
        borders=True,
    )
    signatures = _table(
        [4677, 4677],
        [
            [
                _p("THƯ KÝ", bold=True, center=True) + _p("{{ secretary }}", center=True),
                _p("CHỦ TRÌ", bold=True, center=True) + _p("{{ chair }}", center=True),
            ]
        ],
        borders=False,
    )
    return "".join(
        [
            heading,
            _p("BIÊN BẢN", bold=True, center=True),
            _p("Sinh hoạt chi bộ thường kỳ tháng {{ day.month }} năm {{ day.year }}", bold=True, center=True),
            _p("- Thời gian: bắt đầu hồi {{ start }}, ngày {{ day.day }}/{{ day.month }}/{{ day.year }}.", indent=True),
            _p("- Địa điểm: {{ location }}.", indent=True),
            _p("- Chủ trì: đồng chí {{ chair }}, Bí thư Chi bộ.", indent=True),
            _p("- Thư ký: đồng chí {{ secretary }}, Phó Bí thư Chi bộ.", indent=True),
            _p("I. THÀNH PHẦN", bold=True),
            _p(
                "Tổng số đảng viên của chi bộ: {{ members|length }} đồng chí; có mặt {{ present }} đồng chí; "
                "vắng {{ members|length - present }} đồng chí.",
                indent=True,
            ),
            _p("{%p for m in members %}"),
            _p(
                "{{ loop.index }}. Đồng chí {{ m.name }} — {{ m.role }}{% if not m.present %} (vắng){% endif %}", indent=True
            ),
            _p("{%p endfor %}"),
            _p("II. NỘI DUNG", bold=True),
            _p("1. Đánh giá kết quả thực hiện nhiệm vụ tháng {{ day.month }}: {{ review }}", indent=True),
            _p("2. Phương hướng, nhiệm vụ tháng tới: {{ plan }}", indent=True),
            _p("III. Ý KIẾN THẢO LUẬN", bold=True),
            _p("{%p for s in speeches %}"),
            _p("- Đồng chí {{ s.speaker }} phát biểu: {{ s.content }}", indent=True),
            _p("{%p endfor %}"),
            _p("IV. KẾT LUẬN", bold=True),
            _p("{{ conclusion }}", indent=True),
            _p("Biểu quyết: {{ vote.yes }}/{{ present }} đồng chí tán thành ({{ vote.percent }}%).", indent=True),
            _p("Cuộc họp kết thúc hồi {{ end }} cùng ngày. Biên bản đã được thông qua trước chi bộ.", indent=True),
            _p("DANH SÁCH ĐẢNG VIÊN DỰ HỌP", bold=True, center=True),
            attendees,
            signatures,
        ]
    )


def _header() -> str:
    return (
        '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        '</w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def _xml(root: str, content: str) -> bytes:
    return f'{_DECLARATION}<{root} xmlns:w="{_W}" xmlns:r="{_R}">{content}</{root}>'.encode("utf-8")


def minutes_template() -> bytes:
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" '
        'w:gutter="0"/></w:sectPr>'
    )
    types = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>'
        for name, kind in [
            ("word/document.xml", f"{_WML}.document.main+xml"),
            ("word/styles.xml", f"{_WML}.styles+xml"),
            ("word/settings.xml", f"{_WML}.settings+xml"),
            ("word/header1.xml", f"{_WML}.header+xml"),
            ("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]
    )
    rel = "http://schemas.openxmlformats.org/package/2006/relationships"
    return write_package(
        [
            (
                "[Content_Types].xml",
                (
                    f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
                    '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                    f"{types}</Types>"
                ).encode(),
            ),
            (
                "_rels/.rels",
                (
                    f'{_DECLARATION}<Relationships xmlns="{rel}">'
                    f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/>'
                    f'<Relationship Id="rId2" Type="{rel}/metadata/core-properties" Target="docProps/core.xml"/>'
                    f'<Relationship Id="rId3" Type="{_R}/extended-properties" Target="docProps/app.xml"/>'
                    "</Relationships>"
                ).encode(),
            ),
            ("word/document.xml", _xml("w:document", f"<w:body>{_body()}{section}</w:body>")),
            (
                "word/styles.xml",
                _xml("w:styles", f"<w:docDefaults><w:rPrDefault><w:rPr>{_FONT}</w:rPr></w:rPrDefault></w:docDefaults>"),
            ),
            ("word/settings.xml", _xml("w:settings", '<w:defaultTabStop w:val="720"/>')),
            (
                "word/_rels/document.xml.rels",
                (
                    f'{_DECLARATION}<Relationships xmlns="{rel}">'
                    f'<Relationship Id="rId1" Type="{_R}/styles" Target="styles.xml"/>'
                    f'<Relationship Id="rId2" Type="{_R}/settings" Target="settings.xml"/>'
                    f'<Relationship Id="rId3" Type="{_R}/header" Target="header1.xml"/>'
                    "</Relationships>"
                ).encode(),
            ),
            ("word/header1.xml", _xml("w:hdr", _header())),
            (
                "docProps/core.xml",
                (
                    f'{_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
                    '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                    "<dc:title>Biên bản sinh hoạt chi bộ</dc:title><dc:creator>Chi bộ</dc:creator>"
                    "</cp:coreProperties>"
                ).encode(),
            ),
            (
                "docProps/app.xml",
                (
                    f'{_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
                    '2006/extended-properties"><Application>builder</Application></Properties>'
                ).encode(),
            ),
        ]
    )


_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
_MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Quốc", "Thanh", "Ngọc", "Đức"]
_GIVEN = ["An", "Bình", "Cường", "Dũng", "Hương", "Lan", "Hải", "Tuấn", "Thảo", "Việt", "Yến", "Đạt"]
_ROLES = ["Bí thư Chi bộ", "Phó Bí thư Chi bộ", "Chi ủy viên", "Đảng viên", "Đảng viên dự bị"]
_SENTENCES = [
    "Đề nghị chi bộ quan tâm hơn nữa đến công tác phát triển đảng viên trong đoàn viên thanh niên",
    "Thống nhất với dự thảo nghị quyết, đề nghị bổ sung chỉ tiêu về thu gom rác thải & vệ sinh môi trường",
    "Kết quả thu hoạch vụ mùa đạt 6,2 tấn/ha, cao hơn cùng kỳ năm trước 3%",
    "Cần phân công cụ thể đảng viên phụ trách hộ gia đình, thời hạn hoàn thành trước ngày 15",
    "Ban công tác Mặt trận sẽ phối hợp vận động nhân dân tham gia xây dựng đường giao thông nông thôn",
]


def generated_records(count: int, seed: int = 2026) -> list[dict]:
    """Meeting records with 12-30 members and 5-10 speeches, the same for the same seed."""
    rng = random.Random(seed)
    records = []
    for _ in range(count):
        members = [
            {
                "name": f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}",
                "role": rng.choice(_ROLES),
                "present": rng.random() > 0.1,
            }
            for _ in range(rng.randint(12, 30))
        ]
        present = sum(m["present"] for m in members)
        speeches = [
            {"speaker": rng.choice(members)["name"], "content": ". ".join(rng.sample(_SENTENCES, rng.randint(1, 3))) + "."}
            for _ in range(rng.randint(5, 10))
        ]
        yes = max(1, present - rng.randint(0, 2))
        records.append(
            {
                "org": {"upper": "XÃ AN PHÚ", "name": "THÔN ĐÔNG", "place": "An Phú"},
                "number": rng.randint(1, 99),
                "day": {"day": rng.randint(1, 28), "month": rng.randint(1, 12), "year": 2026},
                "start": "14 giờ 00",
                "end": "16 giờ 30",
                "location": "Nhà văn hóa thôn Đông",
                "chair": members[0]["name"],
                "secretary": members[1]["name"],
                "members": members,
                "present": present,
                "review": " ".join(rng.sample(_SENTENCES, 3)),
                "plan": " ".join(rng.sample(_SENTENCES, 2)),
                "speeches": speeches,
                "conclusion": " ".join(rng.sample(_SENTENCES, 2)),
                "vote": {"yes": yes, "percent": round(100 * yes / present, 1)},
            }
        )
    return records
