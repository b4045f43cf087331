"""The monthly report (báo cáo kết quả thực hiện nhiệm vụ tháng), "Số NN-BC/CB".

The committee sends it to members before the regular meeting, usually as a
draft: with `draft` the profile's "Dự thảo" mark is printed and the number may
still be blank.
"""

from __future__ import annotations

from pydantic import Field

from service.findings import Finding, pointer
from service.formats.layout import Bullet, Heading, If, Layout, Loop, Para, ResolutionSignature, bold
from service.formats.profiles import Profile
from service.kinds.base import Date, LongText, Model
from service.kinds.common import (
    DEFAULT_RECIPIENTS_NOTE,
    Line,
    Organization,
    Recipients,
    Signer,
    header_context,
    recipients_context,
)
from service.kinds.monthly_meeting import MAX_ITEMS, TaskArea, areas_context, period_context
from service.kinds.months import Months, Period, check_deadlines, check_months, sitting_months
from service.kinds.registry import Kind, register
from service.rules.meetings import meeting_rules_for
from service.vietnamese.text import bare, keep_year, sentence


class AreaResults(Model):
    area: Line = Field(title="Lĩnh vực")
    results: list[LongText] = Field(title="Kết quả", min_length=1, max_length=MAX_ITEMS)


class MonthlyReportInput(Model):
    organization: Organization = Field(title="Chi bộ")
    date: Date = Field(title="Ngày báo cáo")
    reviewed_month: Period | None = Field(
        None, title="Tháng báo cáo kết quả", description="Mặc định: tháng liền trước tháng của phương hướng, nhiệm vụ."
    )
    tasks_month: Period | None = Field(
        None,
        title="Tháng của phương hướng, nhiệm vụ",
        description="Mặc định: tháng của ngày báo cáo nếu báo cáo từ ngày 1 đến 15, tháng sau nếu từ ngày 16.",
    )
    period: Period | None = Field(
        None,
        title="Tháng báo cáo (cách nhập cũ)",
        description="Thay bằng reviewed_month; phương hướng là của tháng sau tháng này.",
        json_schema_extra={"deprecated": True},
    )
    report_number: int | None = Field(None, ge=1, le=9999, title="Số báo cáo")
    draft: bool = Field(False, title="Dự thảo")
    areas: list[AreaResults] = Field(title="Kết quả thực hiện nhiệm vụ theo lĩnh vực", min_length=1, max_length=MAX_ITEMS)
    shortcomings: list[LongText] = Field(default_factory=list, title="Hạn chế, khuyết điểm", max_length=MAX_ITEMS)
    causes: list[LongText] = Field(default_factory=list, title="Nguyên nhân", max_length=MAX_ITEMS)
    party_fees: LongText | None = Field(None, title="Tình hình thu, nộp đảng phí")
    next_month: list[TaskArea] = Field(title="Phương hướng, nhiệm vụ tháng tới", min_length=1, max_length=MAX_ITEMS)
    proposals: list[LongText] = Field(default_factory=list, title="Kiến nghị, đề xuất", max_length=MAX_ITEMS)
    recipients: Recipients | None = Field(None, title="Nơi nhận", description=DEFAULT_RECIPIENTS_NOTE)
    signer: Signer = Field(title="Người ký")

    @property
    def months(self) -> Months:
        """The months of the sitting the report is written for (spec §3.4a), as the meeting's are."""
        return sitting_months(
            self.date,
            meeting_rules_for(self.date),
            sitting=None,
            tasks=self.tasks_month,
            reviewed=self.reviewed_month,
            period=self.period,
        )

    @property
    def reported(self) -> Period:
        return self.months.reviewed


def _check(model: MonthlyReportInput) -> list[Finding]:
    findings = check_months(
        model.months,
        model.date,
        meeting_rules_for(model.date),
        period_given=model.period is not None,
        reviewed_given=model.reviewed_month is not None,
        day_label="ngày báo cáo",
    )
    if model.report_number is None and not model.draft:
        findings.append(
            Finding(
                pointer("report_number"),
                "number_missing",
                "Số báo cáo: bắt buộc phải có để ban hành báo cáo (chỉ được bỏ trống ở bản dự thảo).",
            )
        )
    deadlines = [
        (("next_month", a, "tasks", t, "deadline"), task.deadline)
        for a, area in enumerate(model.next_month)
        for t, task in enumerate(area.tasks)
        if task.deadline
    ]
    return findings + check_deadlines(deadlines, model.months.tasks)


def _items(texts: list[str]) -> list[str]:
    return [sentence(x) for x in texts]


def _context(model: MonthlyReportInput, profile: Profile) -> dict:
    context = header_context(
        model.organization, profile, doc_type="BC", number=model.report_number, day=model.date, draft=model.draft
    )
    context.update(
        {
            "period": period_context(model.months),
            # "results", not "items": Jinja would find the dict's items() method first.
            "areas": [{"area": keep_year(bare(a.area)), "results": _items(a.results)} for a in model.areas],
            "shortcomings": _items(model.shortcomings),
            "causes": _items(model.causes),
            "party_fees": model.party_fees and sentence(model.party_fees),
            "next_month": areas_context(model.next_month),
            "proposals": _items(model.proposals),
            "recipients": recipients_context(model.recipients, model.organization),
            "signer": {"name": model.signer.name, "title": model.signer.title},
        }
    )
    return context


LAYOUT = Layout(
    kind="bao-cao-thang",
    doc_type="BC",
    title="BÁO CÁO",
    summary="kết quả thực hiện nhiệm vụ {{ period.reviewed }} và phương hướng, nhiệm vụ {{ period.tasks }}",
    blocks=(
        Heading(1, "Kết quả thực hiện nhiệm vụ {{ period.reviewed }}"),
        Loop("a in areas", Heading(2, "{{ a.area }}", number="loop"), Loop("x in a.results", Bullet("{{ x }}"))),
        If("party_fees", Para(bold("Thu, nộp đảng phí: "), "{{ party_fees }}")),
        If(
            "shortcomings", Para(bold("Hạn chế, khuyết điểm:"), keep_next=True), Loop("x in shortcomings", Bullet("{{ x }}"))
        ),
        If("causes", Para(bold("Nguyên nhân:"), keep_next=True), Loop("x in causes", Bullet("{{ x }}"))),
        Heading(1, "Phương hướng, nhiệm vụ {{ period.tasks }}"),
        Loop("a in next_month", Heading(2, "{{ a.area }}", number="loop"), Loop("t in a.tasks", Bullet("{{ t }}"))),
        If("proposals", Heading(1, "Kiến nghị, đề xuất"), Loop("x in proposals", Bullet("{{ x }}"))),
        Para(
            "Trên đây là báo cáo kết quả thực hiện nhiệm vụ {{ period.reviewed }} và phương hướng, nhiệm vụ "
            "{{ period.tasks }} của {{ org.title }}",
            close=True,
        ),
        ResolutionSignature(),
    ),
)

register(
    Kind(
        id="bao-cao-thang",
        title="Báo cáo kết quả thực hiện nhiệm vụ tháng",
        input_model=MonthlyReportInput,
        layout=LAYOUT,
        check=_check,
        context=_context,
        document_date=lambda m: m.date,
        filename=lambda m: f"Báo cáo tháng {m.reported.month:02d}-{m.reported.year}" + (" (dự thảo)" if m.draft else ""),
        sample="monthly-report.json",
        number=lambda m: m.report_number,
        number_field="report_number",
        ruleset=lambda m: meeting_rules_for(m.date).id,
        preview=lambda m: {
            "months": {k: v for k, v in m.months.as_dict().items() if k != "sitting"},
            "titles": {
                "report": f"Báo cáo kết quả thực hiện nhiệm vụ {m.months.reviewed.words()} và "
                f"phương hướng, nhiệm vụ {m.months.tasks.words()}"
            },
        },
    )
)
