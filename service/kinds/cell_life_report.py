"""The đảng ủy's quarterly report on how its chi bộ meet (Báo cáo tình hình sinh hoạt chi bộ quý … năm …): the
figures of each chi bộ in one table, the totals in a paragraph, and what the figures show to be missing (no
sitting in a month, no thematic sitting, attendance under the threshold, a sitting shorter than the rule) as the
report's findings.

The input is the figures, not the archive: service/stats/report.py fills it from the store's statistics, and
anyone may type or correct it (a cell that kept its minutes on paper) before issuing.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Column, Heading, If, Layout, Loop, Para, ResolutionSignature, Table
from service.formats.profiles import Profile
from service.kinds.base import Count, Model, Year
from service.kinds.common import (
    Line,
    Organization,
    Recipients,
    Signer,
    header_context,
    recipients_context,
    superior_committee,
)
from service.kinds.registry import Kind, register
from service.kinds.review_parts import Day
from service.rules.meetings import meeting_rules_for
from service.vietnamese.dates import quarter_words
from service.vietnamese.figures import format_decimal, format_int, percent

MAX_CELLS = 2000
MAX_FINDINGS = 1000


class CellLine(Model):
    name: Line = Field(title="Tên chi bộ")
    months_held: Count = Field(title="Số tháng có sinh hoạt thường kỳ", le=3)
    sittings: Count = Field(title="Số buổi sinh hoạt thường kỳ")
    thematic_done: Count = Field(title="Số buổi sinh hoạt chuyên đề")
    thematic_planned: Count = Field(0, title="Số chuyên đề theo kế hoạch năm trong quý")
    present_official: Count = Field(0, title="Lượt đảng viên chính thức dự")
    summoned_official: Count = Field(0, title="Lượt đảng viên chính thức được triệu tập")
    average_minutes: Count | None = Field(None, title="Thời lượng bình quân (phút)", le=24 * 60)
    ho_chi_minh: Count = Field(0, title="Số buổi có nội dung học tập và làm theo Bác")
    upper_guests: Count = Field(0, title="Lượt cấp ủy cấp trên dự")
    average_quality: float | None = Field(None, ge=0, le=100, title="Điểm tự đánh giá bình quân")
    resolutions: Count = Field(0, title="Số nghị quyết ban hành")


class CellLifeReportInput(Model):
    organization: Organization = Field(
        title="Đảng ủy báo cáo",
        description="Tên là đảng ủy của đảng bộ (Đảng ủy xã An Phú); cấp trên là đảng bộ cấp trên của đảng bộ.",
    )
    year: Year
    quarter: int = Field(ge=1, le=4, title="Quý")
    date: Day = Field(None, title="Ngày báo cáo", description="Để trống: in dòng chấm để ghi tay.")
    report_number: int | None = Field(None, ge=1, le=9999, title="Số báo cáo")
    attendance_threshold: int = Field(90, ge=1, le=100, title="Ngưỡng tỷ lệ dự sinh hoạt (%)")
    cells: list[CellLine] = Field(title="Các chi bộ", min_length=1, max_length=MAX_CELLS)
    findings: list[Line] = Field(
        default_factory=list,
        title="Những vấn đề cần lưu ý",
        max_length=MAX_FINDINGS,
        description="Mỗi dòng một chi bộ và điều còn thiếu; để trống khi không có.",
    )
    recipients: Recipients | None = Field(
        None, title="Nơi nhận", description="Để trống: cấp trên (để báo cáo) và các chi bộ trực thuộc."
    )
    signer: Signer | None = Field(None, title="Người ký", description="Để trống: ký tên bằng tay.")


def report_date(model: CellLifeReportInput) -> dt.date:
    """The day the report speaks of: its date, else the quarter's last day."""
    if model.date is not None:
        return model.date
    return dt.date(model.year, 3 * model.quarter, 31 if model.quarter in (1, 4) else 30)


def _check(model: CellLifeReportInput) -> list[Finding]:
    findings = []
    for index, cell in enumerate(model.cells):
        if cell.present_official > cell.summoned_official:
            findings.append(
                Finding(
                    pointer("cells", index, "present_official"),
                    "attendance_over_summoned",
                    f"{cell.name}: số lượt đảng viên chính thức dự ({cell.present_official}) lớn hơn "
                    f"số lượt được triệu tập ({cell.summoned_official}).",
                )
            )
        if cell.months_held > cell.sittings:
            findings.append(
                Finding(
                    pointer("cells", index, "months_held"),
                    "months_over_sittings",
                    f"{cell.name}: số tháng có sinh hoạt ({cell.months_held}) lớn hơn số buổi "
                    f"sinh hoạt thường kỳ ({cell.sittings}).",
                )
            )
    if model.date is not None and model.date < dt.date(model.year, 3 * model.quarter - 2, 1):
        findings.append(
            Finding(
                pointer("date"),
                "report_before_quarter",
                f"Ngày báo cáo trước {quarter_words(model.quarter, model.year)}.",
                "warning",
            )
        )
    return findings


def _rate(present: int, summoned: int) -> str:
    return percent(present, summoned) if summoned else ""


def _row(number: str, name: str, cells: list[CellLine]) -> dict:
    minutes = [c.average_minutes for c in cells if c.average_minutes is not None]
    quality = [c.average_quality for c in cells if c.average_quality is not None]
    planned = sum(c.thematic_planned for c in cells)
    done = sum(c.thematic_done for c in cells)
    return {
        "no": number,
        "name": name,
        "sittings": format_int(sum(c.sittings for c in cells)),
        "thematic": f"{format_int(done)}/{format_int(planned)}" if planned else format_int(done),
        "rate": _rate(sum(c.present_official for c in cells), sum(c.summoned_official for c in cells)),
        "minutes": format_int(round(sum(minutes) / len(minutes))) if minutes else "",
        "ho_chi_minh": format_int(sum(c.ho_chi_minh for c in cells)),
        "guests": format_int(sum(c.upper_guests for c in cells)),
        "quality": format_decimal(sum(quality) / len(quality), 1) if quality else "",
        "resolutions": format_int(sum(c.resolutions for c in cells)),
    }


def _overview(model: CellLifeReportInput) -> str:
    cells = model.cells
    every_month = sum(1 for c in cells if c.months_held == 3)
    planned = sum(c.thematic_planned for c in cells)
    rate = _rate(sum(c.present_official for c in cells), sum(c.summoned_official for c in cells))
    parts = [
        f"{format_int(every_month)}/{format_int(len(cells))} chi bộ sinh hoạt thường kỳ đủ 03 tháng, tổng "
        f"cộng {format_int(sum(c.sittings for c in cells))} buổi",
        f"{format_int(sum(c.thematic_done for c in cells))} buổi sinh hoạt chuyên đề"
        + (f" (kế hoạch {format_int(planned)} chuyên đề)" if planned else ""),
    ]
    if rate:
        parts.append(f"tỷ lệ đảng viên chính thức dự sinh hoạt đạt {rate}")
    parts.append(
        f"{format_int(sum(c.ho_chi_minh for c in cells))} buổi có nội dung học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh"
    )
    parts.append(f"{format_int(sum(c.upper_guests for c in cells))} lượt cấp ủy viên cấp trên dự sinh hoạt")
    parts.append(f"ban hành {format_int(sum(c.resolutions for c in cells))} nghị quyết")
    return "Trong quý, " + "; ".join(parts) + "."


def _context(model: CellLifeReportInput, profile: Profile) -> dict:
    rules = meeting_rules_for(report_date(model))
    context = header_context(
        model.organization,
        profile,
        doc_type="BC",
        number=model.report_number,
        day=model.date,
        draft=model.report_number is None,
    )
    period = quarter_words(model.quarter, model.year)
    context.update(
        {
            "period": period,
            "intro": f"Thực hiện {rules.name} về nâng cao chất lượng sinh hoạt chi bộ, {model.organization.name} báo cáo "
            f"tình hình sinh hoạt của {format_int(len(model.cells))} chi bộ trực thuộc {period} như sau:",
            "overview": _overview(model),
            "rows": [_row(str(number), cell.name, [cell]) for number, cell in enumerate(model.cells, 1)]
            + [_row("", "Toàn đảng bộ", model.cells)],
            "threshold": f"{model.attendance_threshold}%",
            "findings": [finding.rstrip(".") for finding in model.findings],
            "recipients": recipients_context(model.recipients, model.organization)
            if model.recipients is not None
            else [f"{superior_committee(model.organization.upper)} (để báo cáo)", "Các chi bộ trực thuộc"],
            "signer": (
                {"name": model.signer.name, "title": model.signer.title}
                if model.signer
                else {"name": "……………………", "title": "BÍ THƯ"}
            ),
        }
    )
    return context


LAYOUT = Layout(
    kind="bao-cao-sinh-hoat-chi-bo",
    doc_type="BC",
    title="BÁO CÁO",
    summary="Tình hình sinh hoạt chi bộ {{ period }}",
    blocks=(
        Para("{{ intro }}"),
        Heading(1, "Tình hình chung"),
        Para("{{ overview }}"),
        Heading(1, "Kết quả sinh hoạt của từng chi bộ"),
        Para(
            "Chuyên đề: số buổi đã sinh hoạt/số chuyên đề theo kế hoạch năm trong quý; tỷ lệ dự: đảng viên chính thức "
            "có mặt so với số được triệu tập; thời lượng: phút, bình quân một buổi; điểm: tự đánh giá chất lượng "
            "buổi sinh hoạt (thang 100 điểm), bình quân.",
            keep_next=True,
        ),
        Table(
            "r in rows",
            Column("STT", "{{ r.no }}", 5),
            Column("Chi bộ", "{{ r.name }}", 22, "left"),
            Column("Thường kỳ (buổi)", "{{ r.sittings }}", 9),
            Column("Chuyên đề", "{{ r.thematic }}", 9),
            Column("Tỷ lệ dự", "{{ r.rate }}", 10),
            Column("Thời lượng", "{{ r.minutes }}", 9),
            Column("Học tập và làm theo Bác", "{{ r.ho_chi_minh }}", 10),
            Column("Cấp ủy cấp trên dự", "{{ r.guests }}", 9),
            Column("Điểm", "{{ r.quality }}", 7),
            Column("Nghị quyết", "{{ r.resolutions }}", 9),
            wide=True,
        ),
        Heading(1, "Những vấn đề cần lưu ý"),
        If(
            "findings",
            Para(
                "Đối chiếu với yêu cầu sinh hoạt hằng tháng, sinh hoạt chuyên đề mỗi quý, tỷ lệ dự từ {{ threshold }} "
                "trở lên và thời lượng theo quy định:",
                keep_next=True,
            ),
            Loop("f in findings", Bullet("{{ f }}.")),
        ),
        If(
            "not findings",
            Para(
                "Các chi bộ sinh hoạt đủ hằng tháng, có sinh hoạt chuyên đề trong quý, tỷ lệ dự từ {{ threshold }} trở "
                "lên và bảo đảm thời lượng theo quy định."
            ),
        ),
        Para(
            "Đề nghị các chi bộ có vấn đề nêu trên kiểm điểm, khắc phục trong quý tới và báo cáo Đảng ủy kết quả thực hiện",
            close=True,
        ),
        ResolutionSignature(authority="T/M ĐẢNG ỦY", archive="Lưu Văn phòng Đảng ủy"),
    ),
)

register(
    Kind(
        id="bao-cao-sinh-hoat-chi-bo",
        title="Báo cáo tình hình sinh hoạt chi bộ quý",
        input_model=CellLifeReportInput,
        layout=LAYOUT,
        check=_check,
        context=_context,
        document_date=report_date,
        filename=lambda m: f"Báo cáo sinh hoạt chi bộ quý {m.quarter} năm {m.year}",
        sample="cell-life-report.json",
        number=lambda m: m.report_number,
        number_field="report_number",
        ruleset=lambda m: meeting_rules_for(report_date(m)).id,
    )
)
